package dev.souk.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.souk.infra.SoukProperties;
import dev.souk.marketplace.Marketplace;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.S3Server;
import dev.souk.testing.SoukTest;
import dev.souk.testing.TestCatalog;
import dev.souk.testing.WithMailbox;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Images kept in an S3 bucket ({@code SOUK_STORAGE=s3}) against a real S3-compatible server on
 * loopback: uploads land in the bucket and nowhere on the node's disk, are served from it, deleted
 * from it, and an install's local images are copied into it.
 */
@SoukTest
@Import(WithMailbox.class)
class S3PhotosTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void bucket(DynamicPropertyRegistry registry) {
        S3Server.storeImagesHere(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    Marketplace marketplace;

    @Autowired
    SoukProperties souk;

    @Autowired
    FileStore store;

    @Autowired
    MediaCopy copy;

    Http http;
    S3Client s3;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        s3 = S3Server.shared().client();
    }

    @Test
    void aPhotoIsStoredInTheBucketServedFromItAndDeletedFromIt() throws Exception {
        Signed owner = Members.verifiedMember(http, "Bucket Owner");
        String listing = JSON.readTree(ok(http.postJson(
                                "/api/v1/listings",
                                new TestCatalog(marketplace).completeStay("In a bucket"),
                                owner.auth()))
                        .body())
                .get("id")
                .asString();
        JsonNode photo = JSON.readTree(ok(http.upload(
                        "/api/v1/listings/" + listing + "/photos",
                        "file",
                        "room.png",
                        "image/png",
                        TestCatalog.png(640, 480),
                        owner.auth()))
                .body());
        String url = photo.get("url").asString();
        String thumbnail = photo.get("thumbnailUrl").asString();

        for (String address : new String[] {url, thumbnail}) {
            byte[] inBucket = object(key(address));
            HttpResponse<byte[]> served = bytes(address, owner.auth());
            assertThat(served.statusCode()).as(address).isEqualTo(200);
            assertThat(served.headers().firstValue("Content-Type")).hasValue("image/jpeg");
            assertThat(served.body()).as(address).isEqualTo(inBucket).hasSizeGreaterThan(100);
            assertThat(onLocalDisk(key(address))).as("on the node's own disk").isFalse();
        }

        ok(http.method(
                "DELETE",
                "/api/v1/listings/" + listing + "/photos/" + photo.get("id").asString(),
                "",
                owner.auth()));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(present(key(url))).as("the large rendition").isFalse();
            assertThat(present(key(thumbnail))).as("the thumbnail").isFalse();
        });
        assertThat(bytes(url, owner.auth()).statusCode()).isEqualTo(404);
    }

    @Test
    void localImagesAreCopiedIntoTheBucketOnceEachShowingProgress(@TempDir Path media) throws Exception {
        String fresh = UUID.randomUUID() + "-large.jpg";
        String already = UUID.randomUUID() + "-thumb.jpg";
        write(media, fresh, "a photo");
        write(media, already, "a thumbnail");
        write(media, "notes.txt", "not an image of Souk's");
        s3.putObject(put -> put.bucket(S3Server.BUCKET).key(already), RequestBody.fromString("a thumbnail"));

        var printed = new ByteArrayOutputStream();
        MediaCopy.Copied copied =
                copy.copy(media, (S3FileStore) store, new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(copied).isEqualTo(new MediaCopy.Copied(1, 1, 0));
        assertThat(new String(object(fresh), StandardCharsets.UTF_8)).isEqualTo("a photo");
        assertThat(present("notes.txt")).isFalse();
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("Copying 2 images")
                .contains("2 of 2 (100 %): 1 copied, 1 already there, 0 failed")
                .contains("Done: 1 copied, 1 already in the bucket, 0 failed");

        // run again, everything is there already
        assertThat(copy.copy(media, (S3FileStore) store, new PrintStream(new ByteArrayOutputStream())))
                .isEqualTo(new MediaCopy.Copied(0, 2, 0));
    }

    // --- helpers ---------------------------------------------------------------------------------

    static String key(String address) {
        return address.substring(address.lastIndexOf('/') + 1);
    }

    byte[] object(String key) {
        return s3.getObjectAsBytes(get -> get.bucket(S3Server.BUCKET).key(key)).asByteArray();
    }

    boolean present(String key) {
        try {
            s3.headObject(head -> head.bucket(S3Server.BUCKET).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        }
    }

    boolean onLocalDisk(String key) {
        Path local = MediaConfiguration.localDirectory(souk);
        return Files.exists(local.resolve(key.substring(0, 2)).resolve(key));
    }

    HttpResponse<byte[]> bytes(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static void write(Path media, String name, String content) throws Exception {
        Path directory = Files.createDirectories(media.resolve(name.substring(0, 2)));
        Files.writeString(directory.resolve(name), content);
    }

    static HttpResponse<String> ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return response;
    }
}
