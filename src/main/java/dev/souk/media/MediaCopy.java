package dev.souk.media;

import dev.souk.infra.SoukProperties;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * {@code SOUK_STORAGE=s3 SOUK_S3_BUCKET=… java -jar souk.jar --souk.media.copy-to-s3 --server.port=0}
 * copies the images kept under the data directory into the bucket, showing its progress, then exits
 * instead of serving. Images the bucket already holds are skipped, so a copy that stopped halfway is
 * simply run again. The local files stay where they are.
 */
@Component
@Order(50)
class MediaCopy implements ApplicationRunner {

    static final String COPY = "souk.media.copy-to-s3";
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);

    private final Environment environment;
    private final SoukProperties souk;
    private final FileStore store;
    private final Clock clock;
    private final ConfigurableApplicationContext context;

    MediaCopy(
            Environment environment,
            SoukProperties souk,
            FileStore store,
            Clock clock,
            ConfigurableApplicationContext context) {
        this.environment = environment;
        this.souk = souk;
        this.store = store;
        this.clock = clock;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        if (!environment.getProperty(COPY, Boolean.class, false)) {
            return;
        }
        if (!(store instanceof S3FileStore bucket)) {
            System.err.println(
                    "Set SOUK_STORAGE=s3 and SOUK_S3_BUCKET (and SOUK_S3_ENDPOINT for a service other than AWS)"
                            + " to copy the images to a bucket.");
            System.exit(SpringApplication.exit(context, () -> 2));
            return;
        }
        Copied copied = copy(MediaConfiguration.localDirectory(souk), bucket, System.out);
        System.exit(SpringApplication.exit(context, () -> copied.failed() == 0 ? 0 : 1));
    }

    /** What a copy did: images copied, already in the bucket, and failed (each named as it fails). */
    record Copied(int copied, int skipped, int failed) {}

    Copied copy(Path directory, S3FileStore bucket, PrintStream out) throws IOException {
        List<Path> files = files(directory);
        out.printf("Copying %,d images from %s to the bucket%n", files.size(), directory);
        int copied = 0;
        int skipped = 0;
        int failed = 0;
        Instant shown = clock.instant();
        for (Path file : files) {
            String key = file.getFileName().toString();
            try {
                if (bucket.has(key)) {
                    skipped++;
                } else {
                    String extension = key.substring(key.lastIndexOf('.') + 1);
                    String type = ImageFormat.byExtension(extension).orElseThrow().contentType;
                    bucket.put(key, Files.readAllBytes(file), type);
                    copied++;
                }
            } catch (IOException | RuntimeException e) {
                failed++;
                out.printf("  %s not copied: %s%n", key, e.getMessage());
            }
            Instant now = clock.instant();
            if (!now.isBefore(shown.plus(PROGRESS_EVERY))) {
                shown = now;
                progress(out, copied, skipped, failed, files.size());
            }
        }
        progress(out, copied, skipped, failed, files.size());
        out.printf(
                "Done: %,d copied, %,d already in the bucket, %,d failed%s%n",
                copied, skipped, failed, failed == 0 ? "" : " (run the command again to retry them)");
        return new Copied(copied, skipped, failed);
    }

    private static void progress(PrintStream out, int copied, int skipped, int failed, int total) {
        int done = copied + skipped + failed;
        out.printf(
                "  %,d of %,d (%d %%): %,d copied, %,d already there, %,d failed%n",
                done, total, total == 0 ? 100 : done * 100L / total, copied, skipped, failed);
    }

    /** The images under the directory: only names Souk makes, so nothing else is ever uploaded. */
    private static List<Path> files(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(directory, 2)) {
            return walk.filter(Files::isRegularFile)
                    .filter(f ->
                            FileStore.KEY.matcher(f.getFileName().toString()).matches())
                    .sorted()
                    .toList();
        }
    }
}
