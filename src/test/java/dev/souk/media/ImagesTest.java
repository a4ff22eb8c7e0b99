package dev.souk.media;

import static dev.souk.media.TestImages.BLUE;
import static dev.souk.media.TestImages.GREEN;
import static dev.souk.media.TestImages.RED;
import static dev.souk.media.TestImages.looksLike;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.Refusal;
import dev.souk.testing.HeldUpload;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.Resource;

/** The facade over a real local store in a temporary directory. */
class ImagesTest {

    @TempDir
    Path mediaDirectory;

    Images images;

    @BeforeEach
    void images() {
        images = new Images(new LocalFileStore(mediaDirectory), 2, Images.WAIT);
    }

    @Test
    void listingPhotoIsKeptLargeAndAsA4to3Thumbnail() {
        StoredImage image = images.store(TestImages.redBlueJpeg(2000, 1500), ImageKind.LISTING_PHOTO);

        assertThat(image.id()).matches("[0-9a-f-]{36}\\.jpg");
        assertThat(image.url()).isEqualTo(image.url("large"));
        assertThat(image.url("large")).matches("/media/[0-9a-f-]{36}-large\\.jpg");
        assertThat(image.url("thumb")).matches("/media/[0-9a-f-]{36}-thumb\\.jpg");
        BufferedImage large = stored(image, "large");
        assertThat(large.getWidth()).isEqualTo(1600);
        assertThat(large.getHeight()).isEqualTo(1200);
        BufferedImage thumb = stored(image, "thumb");
        assertThat(thumb.getWidth()).isEqualTo(480);
        assertThat(thumb.getHeight()).isEqualTo(360);
    }

    @Test
    void smallPhotoIsNotEnlargedButItsThumbnailFillsTheCard() {
        StoredImage image = images.store(TestImages.redBlueJpeg(640, 200), ImageKind.LISTING_PHOTO);

        BufferedImage large = stored(image, "large");
        assertThat(large.getWidth()).isEqualTo(640);
        assertThat(large.getHeight()).isEqualTo(200);
        BufferedImage thumb = stored(image, "thumb");
        assertThat(thumb.getWidth()).isEqualTo(480);
        assertThat(thumb.getHeight()).isEqualTo(360);
    }

    @Test
    void avatarIsCroppedFromTheCentreToTwoSquares() {
        // 300 × 100 with a red left half: the centre square straddles the border
        StoredImage image = images.store(TestImages.redBlueJpeg(300, 100), ImageKind.AVATAR);

        assertThat(ImageKind.AVATAR.variantNames()).containsExactly("large", "small");
        BufferedImage large = stored(image, "large");
        assertThat(large.getWidth()).isEqualTo(512);
        assertThat(large.getHeight()).isEqualTo(512);
        assertThat(looksLike(large, 10, 256, RED)).isTrue();
        assertThat(looksLike(large, 500, 256, BLUE)).isTrue();
        BufferedImage small = stored(image, "small");
        assertThat(small.getWidth()).isEqualTo(128);
        assertThat(small.getHeight()).isEqualTo(128);
    }

    @Test
    void pngWithTransparencyIsKeptAsPngWithItsTransparency() {
        StoredImage image = images.store(TestImages.halfTransparentPng(400, 300), ImageKind.LISTING_PHOTO);

        assertThat(image.id()).endsWith(".png");
        assertThat(image.url("thumb")).endsWith("-thumb.png");
        BufferedImage large = stored(image, "large");
        assertThat(looksLike(large, 10, 150, GREEN)).isTrue();
        assertThat(new Color(large.getRGB(390, 150), true).getAlpha()).isZero();
    }

    @Test
    void opaquePngIsStoredAsJpeg() {
        StoredImage image = images.store(TestImages.opaquePngWithAlphaChannel(400, 300), ImageKind.LISTING_PHOTO);

        assertThat(image.id()).endsWith(".jpg");
        assertThat(ImageFormat.sniff(bytes(image, "large"))).contains(ImageFormat.JPEG);
    }

    @Test
    void webpIsAcceptedAndReencoded() {
        StoredImage opaque = images.store(TestImages.redBlueWebp(), ImageKind.LISTING_PHOTO);
        StoredImage transparent = images.store(TestImages.halfTransparentWebp(), ImageKind.AVATAR);

        assertThat(opaque.id()).endsWith(".jpg");
        BufferedImage large = stored(opaque, "large");
        assertThat(large.getWidth()).isEqualTo(64);
        assertThat(large.getHeight()).isEqualTo(48);
        assertThat(looksLike(large, 5, 24, RED)).isTrue();
        assertThat(looksLike(large, 60, 24, BLUE)).isTrue();
        assertThat(transparent.id()).endsWith(".png");
        BufferedImage avatar = stored(transparent, "large");
        assertThat(looksLike(avatar, 200, 256, GREEN)).isTrue();
        assertThat(new Color(avatar.getRGB(500, 256), true).getAlpha()).isZero();
    }

    @Test
    void exifMetadataIsNotCarriedOver() throws IOException {
        byte[] upload = TestImages.withExif(TestImages.redBlueJpeg(400, 300), 1, "CanaryCam 3000");
        assertThat(contains(upload, "CanaryCam")).isTrue();

        StoredImage image = images.store(upload, ImageKind.LISTING_PHOTO);

        for (String variant : ImageKind.LISTING_PHOTO.variantNames()) {
            byte[] stored = bytes(image, variant);
            assertThat(contains(stored, "CanaryCam")).isFalse();
            assertThat(contains(stored, "Exif")).isFalse();
            try (var in = ImageIO.createImageInputStream(new ByteArrayInputStream(stored))) {
                assertThat(JPEGSegmentUtil.readSegments(in, JPEGSegmentUtil.APP_SEGMENTS))
                        .extracting(JPEGSegment::marker)
                        .doesNotContain(JPEG.APP1);
            }
        }
    }

    @Test
    void phonePhotoTurnedClockwiseIsStoredUpright() {
        // stored sideways as the sensor saw it: 200 × 100, red left; the phone says "turn 90° clockwise"
        byte[] upload = TestImages.withExif(TestImages.redBlueJpeg(200, 100), 6, "Phone");

        BufferedImage large = stored(images.store(upload, ImageKind.LISTING_PHOTO), "large");

        assertThat(large.getWidth()).isEqualTo(100);
        assertThat(large.getHeight()).isEqualTo(200);
        assertThat(looksLike(large, 50, 20, RED)).isTrue();
        assertThat(looksLike(large, 50, 180, BLUE)).isTrue();
    }

    @Test
    void phonePhotoTurnedAnticlockwiseIsStoredUpright() {
        byte[] upload = TestImages.withExif(TestImages.redBlueJpeg(200, 100), 8, "Phone");

        BufferedImage large = stored(images.store(upload, ImageKind.LISTING_PHOTO), "large");

        assertThat(large.getWidth()).isEqualTo(100);
        assertThat(large.getHeight()).isEqualTo(200);
        assertThat(looksLike(large, 50, 20, BLUE)).isTrue();
        assertThat(looksLike(large, 50, 180, RED)).isTrue();
    }

    @Test
    void upsideDownPhotoIsStoredUpright() {
        byte[] upload = TestImages.withExif(TestImages.redBlueJpeg(200, 100), 3, "Phone");

        BufferedImage large = stored(images.store(upload, ImageKind.LISTING_PHOTO), "large");

        assertThat(large.getWidth()).isEqualTo(200);
        assertThat(large.getHeight()).isEqualTo(100);
        assertThat(looksLike(large, 20, 50, BLUE)).isTrue();
        assertThat(looksLike(large, 180, 50, RED)).isTrue();
    }

    @Test
    void textNamedLikeAJpegIsRefusedAndNothingIsStored() {
        byte[] upload = "holiday.jpg? no, a shopping list".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> images.store(upload, ImageKind.AVATAR))
                .isInstanceOfSatisfying(
                        InvalidInput.class,
                        e -> assertThat(e.problems()).singleElement().satisfies(problem -> {
                            assertThat(problem.field()).isEqualTo("file");
                            assertThat(problem.code()).isEqualTo("media.notAnImage");
                        }));
        assertThat(filesIn(mediaDirectory)).isEmpty();
    }

    @Test
    void uploadOverTheLimitIsRefusedWhileReadingAndNothingIsStored() {
        var endless = new EndlessStream();

        assertThatThrownBy(() -> images.store(endless, ImageKind.AVATAR)).isInstanceOfSatisfying(Refusal.class, e -> {
            assertThat(e.kind()).isEqualTo(Refusal.Kind.TOO_LARGE);
            assertThat(e.kind().status()).isEqualTo(413);
            assertThat(e.code()).isEqualTo("media.tooLarge");
            assertThat(e.args()).containsExactly(5);
        });
        assertThat(endless.served).isEqualTo(5L * 1024 * 1024 + 1);
        assertThat(filesIn(mediaDirectory)).isEmpty();
    }

    @Test
    void imageJustOverTheAvatarLimitIsRefusedButFitsAListingPhoto() {
        byte[] upload = Arrays.copyOf(TestImages.redBlueJpeg(64, 48), 5 * 1024 * 1024 + 1);

        assertThatThrownBy(() -> images.store(upload, ImageKind.AVATAR))
                .isInstanceOfSatisfying(Refusal.class, e -> assertThat(e.kind()).isEqualTo(Refusal.Kind.TOO_LARGE));
        // the JPEG ends at its end marker; what follows is ignored like any camera's trailer
        assertThat(images.store(upload, ImageKind.LISTING_PHOTO).id()).endsWith(".jpg");
    }

    @Test
    void corruptJpegHeaderIsRefused() {
        byte[] upload = new byte[512];
        upload[0] = (byte) 0xFF;
        upload[1] = (byte) 0xD8;
        upload[2] = (byte) 0xFF;
        upload[3] = (byte) 0xC0; // a frame header full of nonsense
        Arrays.fill(upload, 4, upload.length, (byte) 0x5A);

        assertRefusedAs(upload, "media.unreadable");
    }

    @Test
    void truncatedJpegIsRefused() {
        byte[] whole = TestImages.noisyJpeg(400, 300);

        assertRefusedAs(Arrays.copyOf(whole, whole.length / 2), "media.unreadable");
    }

    @Test
    void truncatedPngIsRefused() {
        byte[] whole = TestImages.halfTransparentPng(400, 300);

        assertRefusedAs(Arrays.copyOf(whole, whole.length / 2), "media.unreadable");
    }

    @Test
    void decompressionBombIsRefusedBeforeDecoding() {
        byte[] bomb = TestImages.pngClaiming(50_000, 50_000);
        assertThat(bomb.length).isLessThan(100);

        assertRefusedAs(bomb, "media.tooManyPixels");
    }

    @Test
    void aSideLongerThanAnyPanoramaIsRefusedBeforeDecoding() {
        assertRefusedAs(TestImages.pngClaiming(ImageProcessing.MAX_SIDE + 1, 10), "media.tooManyPixels");
    }

    @Test
    void largePhotosAreDecodedAtNoMoreThanTwiceWhatTheirLargestRenditionNeeds() {
        // a 50 megapixel phone photo, a 24 megapixel camera's, a 12 megapixel phone's, turned ones,
        // a panorama and a thin strip
        int[][] sizes = {{8160, 6144}, {6000, 4000}, {4032, 3024}, {3024, 4032}, {16000, 3000}, {19000, 600}};
        for (ImageKind kind : ImageKind.values()) {
            for (int[] size : sizes) {
                for (boolean turned : new boolean[] {false, true}) {
                    int step = ImageProcessing.subsampling(size[0], size[1], kind, turned);
                    int across = ceilDiv(turned ? size[1] : size[0], step);
                    int down = ceilDiv(turned ? size[0] : size[1], step);
                    String what = kind + " " + size[0] + "×" + size[1] + (turned ? " turned" : "") + " by " + step;
                    // the share of the decoded pixels (across or down) that the most demanding rendition takes
                    double most = 0;
                    for (ImageKind.Variant variant : kind.variants()) {
                        double x = (double) variant.width() / across;
                        double y = (double) variant.height() / down;
                        double scale = variant.cover() ? Math.max(x, y) : Math.min(x, y);
                        assertThat(scale)
                                .as(what + ": " + variant.name() + " is never made from fewer pixels than it has")
                                .isLessThanOrEqualTo(1.0);
                        most = Math.max(most, scale);
                    }
                    if (step > 1) {
                        assertThat(most)
                                .as(what + ": at most twice the pixels needed, across and down")
                                .isGreaterThanOrEqualTo(0.5);
                    }
                }
            }
        }
        assertThat(ImageProcessing.subsampling(8160, 6144, ImageKind.LISTING_PHOTO, false))
                .as("1632 × 1229 pixels held, not 50 million")
                .isEqualTo(5);
        assertThat(ImageProcessing.subsampling(1200, 900, ImageKind.LISTING_PHOTO, false))
                .isEqualTo(1);
    }

    @Test
    void aLargePhotoIsStoredAtFullRenditionSizeFromItsSubsampledPixels() {
        StoredImage image = images.store(TestImages.redBlueJpeg(6000, 4000), ImageKind.LISTING_PHOTO);

        BufferedImage large = stored(image, "large");
        assertThat(large.getWidth()).isEqualTo(1600);
        assertThat(large.getHeight()).isBetween(1066, 1067);
        assertThat(looksLike(large, 100, 500, RED)).isTrue();
        assertThat(looksLike(large, 1500, 500, BLUE)).isTrue();
        BufferedImage thumb = stored(image, "thumb");
        assertThat(thumb.getWidth()).isEqualTo(480);
        assertThat(thumb.getHeight()).isEqualTo(360);
    }

    @Test
    void anUploadWaitsForAFreeDecoderAndIsRefusedForNowWhenNoneFreesUpInTime() throws Exception {
        Images oneAtATime = new Images(new LocalFileStore(mediaDirectory), 1, Duration.ofMillis(200));
        // an upload still arriving keeps the only decoder: it is read while the decoder is held
        HeldUpload slow = new HeldUpload(TestImages.redBlueJpeg(300, 200));
        ExecutorService uploads = Executors.newSingleThreadExecutor();
        try {
            Future<StoredImage> first = uploads.submit(() -> oneAtATime.store(slow, ImageKind.AVATAR));
            slow.started.await();

            assertThatThrownBy(() -> oneAtATime.store(TestImages.redBlueJpeg(300, 200), ImageKind.AVATAR))
                    .isInstanceOfSatisfying(Refusal.class, refusal -> {
                        assertThat(refusal.kind()).isEqualTo(Refusal.Kind.UNAVAILABLE);
                        assertThat(refusal.code()).isEqualTo("media.busy");
                        assertThat(refusal.retryAfter()).isEqualTo(Images.RETRY_AFTER);
                    });

            slow.finish.countDown();
            first.get();
            assertThat(oneAtATime.store(TestImages.redBlueJpeg(300, 200), ImageKind.AVATAR))
                    .as("the decoder is free again")
                    .isNotNull();
        } finally {
            slow.finish.countDown();
            uploads.shutdownNow();
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    @Test
    void deletingAnImageRemovesAllItsFiles() {
        StoredImage image = images.store(TestImages.redBlueJpeg(300, 200), ImageKind.AVATAR);
        assertThat(filesIn(mediaDirectory)).hasSize(2);

        images.delete(image.id());
        images.delete(image.id());

        assertThat(filesIn(mediaDirectory)).isEmpty();
    }

    @Test
    void urlsFollowFromTheIdAlone() {
        StoredImage stored = images.store(TestImages.redBlueJpeg(300, 200), ImageKind.LISTING_PHOTO);

        assertThat(images.image(stored.id(), ImageKind.LISTING_PHOTO)).isEqualTo(stored);
        for (String notAnId : List.of(
                "../../etc/passwd",
                stored.id().toUpperCase(java.util.Locale.ROOT),
                stored.id().replace(".jpg", ".gif"),
                stored.id().replace('-', '/'),
                "../" + stored.id().substring(3),
                stored.id() + "x")) {
            assertThatThrownBy(() -> images.image(notAnId, ImageKind.AVATAR))
                    .as(notAnId)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> stored.url("small")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void storeThatFailsHalfwayLeavesNoRenditionBehind() {
        var local = new LocalFileStore(mediaDirectory);
        FileStore failsOnSecondFile = new FileStore() {
            int puts;

            @Override
            public void put(String key, byte[] content, String contentType) {
                if (++puts == 2) {
                    throw new UncheckedIOException(new IOException("disk full"));
                }
                local.put(key, content, contentType);
            }

            @Override
            public Optional<Resource> get(String key) {
                return local.get(key);
            }

            @Override
            public void delete(String key) {
                local.delete(key);
            }
        };

        assertThatThrownBy(() -> new Images(failsOnSecondFile, 2, Images.WAIT)
                        .store(TestImages.redBlueJpeg(300, 200), ImageKind.AVATAR))
                .isInstanceOf(UncheckedIOException.class);
        assertThat(filesIn(mediaDirectory)).isEmpty();
    }

    private void assertRefusedAs(byte[] upload, String code) {
        assertThatThrownBy(() -> images.store(upload, ImageKind.LISTING_PHOTO))
                .isInstanceOfSatisfying(
                        InvalidInput.class,
                        e -> assertThat(e.problems()).singleElement().satisfies(problem -> {
                            assertThat(problem.field()).isEqualTo("file");
                            assertThat(problem.code()).isEqualTo(code);
                        }));
        assertThat(filesIn(mediaDirectory)).isEmpty();
    }

    private byte[] bytes(StoredImage image, String variant) {
        String key = image.url(variant).substring("/media/".length());
        try {
            return Files.readAllBytes(
                    mediaDirectory.resolve(key.substring(0, 2)).resolve(key));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private BufferedImage stored(StoredImage image, String variant) {
        return TestImages.decode(bytes(image, variant));
    }

    private static List<Path> filesIn(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            return paths.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean contains(byte[] haystack, String needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1).contains(needle);
    }

    /** An upload that never ends, counting what was taken from it. */
    private static final class EndlessStream extends InputStream {
        long served;

        @Override
        public int read() {
            served++;
            return 0x42;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            Arrays.fill(buffer, offset, offset + length, (byte) 0x42);
            served += length;
            return length;
        }
    }
}
