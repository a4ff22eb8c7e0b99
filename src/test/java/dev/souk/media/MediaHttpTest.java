package dev.souk.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.testing.Http;
import dev.souk.testing.SoukTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@SoukTest
@Import(MediaHttpTest.UploadApi.class)
class MediaHttpTest {

    @LocalServerPort
    int port;

    @Autowired
    Images images;

    Http http;
    final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final List<String> stored = new ArrayList<>();

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    @AfterEach
    void removeStoredImages() {
        stored.forEach(images::delete);
    }

    @Test
    void storedImageIsServedWithItsTypeAndCachedForever() throws Exception {
        StoredImage image = keep(images.store(TestImages.redBlueJpeg(800, 600), ImageKind.LISTING_PHOTO));

        HttpResponse<byte[]> response = getBytes(image.url("thumb"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(response.headers().firstValue("Pragma")).isEmpty();
        assertThat(TestImages.decode(response.body()).getWidth()).isEqualTo(480);
    }

    @Test
    void transparentImageIsServedAsPng() throws Exception {
        StoredImage image = keep(images.store(TestImages.halfTransparentPng(300, 300), ImageKind.AVATAR));

        HttpResponse<byte[]> response = getBytes(image.url("small"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("image/png");
    }

    @Test
    void unknownOrDeletedImageIsA404Page() throws Exception {
        StoredImage image = images.store(TestImages.redBlueJpeg(300, 200), ImageKind.AVATAR);
        images.delete(image.id());

        for (String path : List.of(image.url(), "/media/" + UUID.randomUUID() + "-large.jpg")) {
            HttpResponse<String> response = http.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
            assertThat(response.body()).contains("We can't find that page");
        }
    }

    @Test
    void onlyKeysSoukMakesAreLookedUp() {
        String key = UUID.randomUUID() + "-large.jpg";
        for (String path : List.of(
                "/media/pom.xml",
                "/media/.." + key,
                "/media/" + key.substring(0, 2),
                "/media/" + key.replace(".jpg", ".svg"),
                "/media/" + key.toUpperCase(),
                "/media/" + key.substring(0, 2) + "/" + key)) {
            assertThat(http.get(path).statusCode()).as(path).isEqualTo(404);
        }
        // encoded slashes, dots and NULs are refused by the server's firewall before Souk sees them
        for (String path : List.of("/media/..%2F..%2Fpom.xml", "/media/%2E%2E/pom.xml", "/media/" + key + "%00.png")) {
            assertThat(http.get(path).statusCode()).as(path).isEqualTo(400);
        }
    }

    @Test
    void uploadIsStoredAndAnsweredWithItsUrls() throws Exception {
        HttpResponse<String> response =
                upload("AVATAR", "me.png", "image/png", TestImages.opaquePngWithAlphaChannel(600, 400));

        assertThat(response.statusCode()).isEqualTo(200);
        Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(response.body());
        assertThat(id.find()).isTrue();
        keep(images.image(id.group(1), ImageKind.AVATAR));
        assertThat(response.body()).contains("\"large\":\"/media/").contains("-small.jpg\"");
        assertThat(getBytes(images.image(id.group(1), ImageKind.AVATAR).url("small"))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void textPretendingToBeAJpegIsA400Problem() throws Exception {
        HttpResponse<String> response =
                upload("AVATAR", "me.jpg", "image/jpeg", "not a picture".getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body())
                .contains("\"type\":\"urn:souk:problem:validation\"")
                .contains("\"field\":\"file\"")
                .contains("This file is not a JPEG, PNG or WebP image.");
    }

    @Test
    void avatarOverItsLimitIsA413Problem() throws Exception {
        byte[] sixMegabytes = new byte[6 * 1024 * 1024];
        byte[] jpeg = TestImages.redBlueJpeg(64, 48);
        System.arraycopy(jpeg, 0, sixMegabytes, 0, jpeg.length);

        HttpResponse<String> response = upload("AVATAR", "me.jpg", "image/jpeg", sixMegabytes);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body())
                .contains("\"type\":\"urn:souk:problem:too-large\"")
                .contains("\"code\":\"media.tooLarge\"")
                .contains("The image is larger than 5 MB.");
    }

    @Test
    void uploadOverTheMultipartLimitIsA413Problem() throws Exception {
        // over the 10 MB per file, under the 11 MB per request: larger requests are cut off by the
        // server before they are read, and the client may never see an answer
        byte[] tenAndAHalfMegabytes = new byte[10 * 1024 * 1024 + 512 * 1024];

        HttpResponse<String> response = upload("LISTING_PHOTO", "big.jpg", "image/jpeg", tenAndAHalfMegabytes);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body())
                .contains("\"type\":\"urn:souk:problem:too-large\"")
                .contains("\"code\":\"media.tooLarge\"")
                .contains("The image is larger than 10 MB.");
    }

    private StoredImage keep(StoredImage image) {
        stored.add(image.id());
        return image;
    }

    private HttpResponse<byte[]> getBytes(String path) throws IOException, InterruptedException {
        return client.send(
                HttpRequest.newBuilder(URI.create(http.url(path))).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<String> upload(String kind, String filename, String contentType, byte[] content)
            throws IOException, InterruptedException {
        String boundary = "souk-" + UUID.randomUUID();
        var body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\n"
                        + "Content-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"\r\n"
                        + "Content-Type: " + contentType + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return client.send(
                HttpRequest.newBuilder(URI.create(http.url("/api/v1/test-media/" + kind)))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** An upload endpoint that exists only in this test, as accounts and listings will have theirs. */
    @TestConfiguration
    @RestController
    static class UploadApi {

        private final Images images;

        UploadApi(Images images) {
            this.images = images;
        }

        @PostMapping("/api/v1/test-media/{kind}")
        StoredImage upload(@PathVariable ImageKind kind, @RequestParam("file") MultipartFile file) throws IOException {
            try (InputStream content = file.getInputStream()) {
                return images.store(content, kind);
            }
        }
    }
}
