package dev.souk.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.marketplace.Marketplace;
import dev.souk.testing.Http;
import dev.souk.testing.Members;
import dev.souk.testing.Members.Signed;
import dev.souk.testing.SoukTest;
import dev.souk.testing.TestCatalog;
import dev.souk.testing.WithMailbox;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * Big photos uploaded together to a node with a small heap. Runs in a JVM of its own with
 * {@code -Xmx512m -XX:+ExitOnOutOfMemoryError} (the build's {@code small-heap} tests), where decoding
 * these whole, all at once, would run out of memory and end the JVM.
 */
@Tag("small-heap")
@SoukTest
@Import(WithMailbox.class)
class LargeUploadsTest {

    @LocalServerPort
    int port;

    @Autowired
    Marketplace marketplace;

    @Test
    void parallelUploadsOfLargePhotosAndBombsAllGetAnAnswerAndTheNodeServesOn() throws Exception {
        Http http = new Http(port);
        TestCatalog catalog = new TestCatalog(marketplace);
        byte[] photo = jpeg(6000, 4000);
        byte[] bomb = flatPng(8000, 8000); // 64 megapixels, a few hundred kilobytes
        byte[] absurd = TestImages.pngClaiming(100_000, 100_000);
        List<String> listings = new ArrayList<>();
        List<Signed> owners = new ArrayList<>();
        for (String name : List.of("Heavy Uploader", "Other Heavy Uploader")) {
            Signed owner = Members.verifiedMember(http, name);
            HttpResponse<String> created =
                    http.postJson("/api/v1/listings", catalog.completeStay(name + "'s room"), owner.auth());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            owners.add(owner);
            listings.add(Members.field(created.body(), "id"));
        }
        List<byte[]> uploads = List.of(photo, photo, photo, photo, photo, photo, bomb, absurd);

        List<HttpResponse<String>> answers = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(uploads.size());
        try {
            List<Future<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < uploads.size(); i++) {
                int n = i;
                Callable<HttpResponse<String>> upload = () -> http.upload(
                        "/api/v1/listings/" + listings.get(n % 2) + "/photos",
                        "file",
                        "photo-" + n,
                        "image/jpeg",
                        uploads.get(n),
                        owners.get(n % 2).auth());
                sent.add(clients.submit(upload));
            }
            for (Future<HttpResponse<String>> answer : sent) {
                answers.add(answer.get());
            }
        } finally {
            clients.shutdownNow();
        }

        for (int i = 0; i < 7; i++) {
            HttpResponse<String> answer = answers.get(i);
            if (answer.statusCode() == 503) {
                // waited too long behind the others: told when to come back
                assertThat(answer.headers().firstValue("Retry-After")).isPresent();
                assertThat(answer.body()).contains("urn:souk:problem:unavailable");
            } else {
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
            }
        }
        assertThat(answers.subList(0, 7)).anyMatch(answer -> answer.statusCode() == 201);
        HttpResponse<String> refused = answers.get(7);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("\"field\":\"file\"").contains("too many pixels");

        // a draft's photo is its owner's to see: upload n went to the listing of owner n % 2
        int first = IntStream.range(0, 7)
                .filter(n -> answers.get(n).statusCode() == 201)
                .findFirst()
                .orElseThrow();
        HttpResponse<byte[]> large = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(http.url(
                                        Members.field(answers.get(first).body(), "url"))))
                                .header(
                                        "Authorization",
                                        "Bearer " + owners.get(first % 2).token())
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(large.statusCode()).isEqualTo(200);
        assertThat(TestImages.decode(large.body()).getWidth()).isEqualTo(1600);
        assertThat(http.get("/livez").statusCode()).isEqualTo(200);
        HttpResponse<String> small = http.upload(
                "/api/v1/listings/" + listings.get(0) + "/photos",
                "file",
                "small.png",
                "image/png",
                TestCatalog.png(800, 600),
                owners.get(0).auth());
        assertThat(small.statusCode()).as(small.body()).isEqualTo(201);
    }

    /** A camera-sized JPEG: a gradient with some shapes, a couple of megabytes. */
    static byte[] jpeg(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D graphics = image.createGraphics();
        graphics.setPaint(new GradientPaint(0, 0, new Color(40, 90, 160), width, height, new Color(230, 180, 90)));
        graphics.fillRect(0, 0, width, height);
        graphics.setColor(new Color(250, 250, 240));
        for (int x = 0; x < width; x += 300) {
            graphics.fillOval(x, (x * 7) % height, 200, 200);
        }
        graphics.dispose();
        var out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A real PNG of width × height black pixels, written row by row: it compresses to almost nothing,
     * and decoding it whole would take 4 bytes a pixel.
     */
    static byte[] flatPng(int width, int height) throws IOException {
        var data = new ByteArrayOutputStream();
        try (var deflated = new DeflaterOutputStream(data, new Deflater(Deflater.BEST_COMPRESSION))) {
            byte[] row = new byte[1 + width * 3]; // filter byte 0, then RGB
            for (int y = 0; y < height; y++) {
                deflated.write(row);
            }
        }
        var png = new ByteArrayOutputStream();
        png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteBuffer header = ByteBuffer.allocate(13).putInt(width).putInt(height);
        header.put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        TestImages.pngChunk(png, "IHDR", header.array());
        TestImages.pngChunk(png, "IDAT", data.toByteArray());
        TestImages.pngChunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }
}
