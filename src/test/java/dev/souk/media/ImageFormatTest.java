package dev.souk.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImageFormatTest {

    @Test
    void jpegIsRecognisedByItsFirstThreeBytes() {
        assertThat(ImageFormat.sniff(TestImages.redBlueJpeg(8, 8))).contains(ImageFormat.JPEG);
        assertThat(ImageFormat.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}))
                .contains(ImageFormat.JPEG);
    }

    @Test
    void pngIsRecognisedByItsSignature() {
        assertThat(ImageFormat.sniff(TestImages.halfTransparentPng(8, 8))).contains(ImageFormat.PNG);
    }

    @Test
    void webpIsRecognisedByItsRiffFormType() {
        assertThat(ImageFormat.sniff(TestImages.redBlueWebp())).contains(ImageFormat.WEBP);
        assertThat(ImageFormat.sniff(TestImages.halfTransparentWebp())).contains(ImageFormat.WEBP);
    }

    @Test
    void otherRiffFilesAreNotImages() {
        byte[] wave = "RIFF\0\0\0\0WAVEfmt ".getBytes(StandardCharsets.US_ASCII);

        assertThat(ImageFormat.sniff(wave)).isEmpty();
    }

    @Test
    void textIsNotAnImageWhateverItsName() {
        assertThat(ImageFormat.sniff("GIF89a? no: just text".getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
        assertThat(ImageFormat.sniff("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
    }

    @Test
    void tooShortToTellIsNotAnImage() {
        assertThat(ImageFormat.sniff(new byte[0])).isEmpty();
        assertThat(ImageFormat.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8})).isEmpty();
        assertThat(ImageFormat.sniff("RIFF".getBytes(StandardCharsets.US_ASCII)))
                .isEmpty();
    }
}
