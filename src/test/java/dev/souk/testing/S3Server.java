package dev.souk.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.test.context.DynamicPropertyRegistry;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3-compatible server on loopback (Adobe's S3Mock, copied to {@code target/s3-server} by the
 * build), started once for all the tests of a run as its own JVM and stopped when the run ends. It
 * takes any credentials; these are set as the AWS SDK's system properties, where Souk's client finds
 * them as it finds {@code AWS_ACCESS_KEY_ID} in production.
 */
public final class S3Server {

    /** The bucket that exists from the start. */
    public static final String BUCKET = "souk-photos";

    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static S3Server shared;

    private final int port;

    private S3Server(int port) {
        this.port = port;
    }

    /** The run's server, started by the first test that asks. */
    public static synchronized S3Server shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    /** The settings of an application whose images are kept in {@link #BUCKET} on this server. */
    public static void storeImagesHere(DynamicPropertyRegistry registry) {
        S3Server server = shared();
        registry.add("souk.media.storage", () -> "s3");
        registry.add("souk.media.s3.bucket", () -> BUCKET);
        registry.add("souk.media.s3.endpoint", () -> server.endpoint().toString());
        registry.add("souk.media.s3.path-style", () -> "true");
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** A client of the server, as an operator's tools would be. */
    public S3Client client() {
        return S3Client.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(endpoint())
                .forcePathStyle(true)
                .build();
    }

    private static S3Server start() {
        System.setProperty("aws.accessKeyId", "souk-test");
        System.setProperty("aws.secretAccessKey", "souk-test-secret");
        Path jar = Path.of("target", "s3-server", "s3mock.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar.toAbsolutePath() + " is missing: the build copies it (mvn generate-test-resources)");
        }
        try {
            int port = SoukProcess.freePort();
            Path root = Files.createTempDirectory("souk-s3");
            Path log = root.resolve("s3-server.log");
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(List.of(
                            java,
                            "-Xmx256m",
                            "-jar",
                            jar.toString(),
                            "--server.address=127.0.0.1",
                            "--server.port=0",
                            "--com.adobe.testing.s3mock.httpPort=" + port,
                            "--com.adobe.testing.s3mock.store.root=" + root.resolve("store"),
                            "--com.adobe.testing.s3mock.store.initialBuckets=" + BUCKET))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
            await(process, port, log);
            return new S3Server(port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void await(Process process, int port, Path log) throws IOException {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The S3 server stopped:\n" + Files.readString(log));
            }
            try {
                HttpResponse<Void> answer = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() < 500) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        process.destroy();
        throw new IllegalStateException("The S3 server did not start in " + STARTUP + ":\n" + Files.readString(log));
    }
}
