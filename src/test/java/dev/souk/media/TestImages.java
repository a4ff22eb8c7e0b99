package dev.souk.media;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Images made in code for the media tests; the two WebP files were made with Debian's cwebp 1.2.4. */
final class TestImages {

    static final Color RED = new Color(220, 30, 30);
    static final Color BLUE = new Color(30, 30, 220);
    static final Color GREEN = new Color(30, 200, 30);

    private TestImages() {}

    /** An opaque JPEG whose left half is red and right half blue, so turns and crops can be seen. */
    static byte[] redBlueJpeg(int width, int height) {
        return encode(halves(width, height, BufferedImage.TYPE_INT_RGB, RED, BLUE), "jpg");
    }

    /** A PNG whose left half is opaque green and right half fully transparent. */
    static byte[] halfTransparentPng(int width, int height) {
        return encode(halves(width, height, BufferedImage.TYPE_INT_ARGB, GREEN, new Color(0, 0, 0, 0)), "png");
    }

    /** A PNG with an alpha channel that is opaque everywhere, as screenshots often are. */
    static byte[] opaquePngWithAlphaChannel(int width, int height) {
        return encode(halves(width, height, BufferedImage.TYPE_INT_ARGB, RED, BLUE), "png");
    }

    /** Random pixels compress badly, so the JPEG is large enough to cut in half meaningfully. */
    static byte[] noisyJpeg(int width, int height) {
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var random = new Random(42);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return encode(image, "jpg");
    }

    /** A 64 × 48 WebP (lossy, opaque), left half red, right half blue. */
    static byte[] redBlueWebp() {
        return resource("red-blue.webp");
    }

    /** A 64 × 48 WebP (lossless), left half opaque green, right half fully transparent. */
    static byte[] halfTransparentWebp() {
        return resource("half-transparent.webp");
    }

    /**
     * A PNG whose header claims width × height pixels, followed by a few bytes of image data: a
     * decompression bomb's opening, which must be refused before any pixel is allocated.
     */
    static byte[] pngClaiming(int width, int height) {
        var png = new ByteArrayOutputStream();
        png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteBuffer header = ByteBuffer.allocate(13).putInt(width).putInt(height);
        header.put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        pngChunk(png, "IHDR", header.array());
        pngChunk(png, "IDAT", new byte[] {0x78, (byte) 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        pngChunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    /**
     * The JPEG with an EXIF block (APP1) right after its start marker, as cameras write it: IFD0 with
     * the camera make and the orientation tag.
     */
    static byte[] withExif(byte[] jpeg, int orientation, String make) {
        byte[] makeBytes = (make + "\0").getBytes(StandardCharsets.US_ASCII);
        int entries = 2;
        int dataOffset = 8 + 2 + entries * 12 + 4;
        ByteBuffer tiff = ByteBuffer.allocate(dataOffset + makeBytes.length); // big-endian, as "MM" says
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
        tiff.putShort((short) entries);
        tiff.putShort((short) 0x010F)
                .putShort((short) 2)
                .putInt(makeBytes.length)
                .putInt(dataOffset); // Make
        tiff.putShort((short) 0x0112)
                .putShort((short) 3)
                .putInt(1)
                .putShort((short) orientation)
                .putShort((short) 0);
        tiff.putInt(0); // no next IFD
        tiff.put(makeBytes);

        byte[] identifier = "Exif\0\0".getBytes(StandardCharsets.US_ASCII);
        int length = 2 + identifier.length + tiff.capacity();
        var out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2); // SOI
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (length >> 8), (byte) length});
        out.writeBytes(identifier);
        out.writeBytes(tiff.array());
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    static BufferedImage decode(byte[] content) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(content));
            if (image == null) {
                throw new IllegalStateException("not an image ImageIO reads");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True if the pixel is clearly this colour; JPEG moves colours a little. */
    static boolean looksLike(BufferedImage image, int x, int y, Color expected) {
        Color actual = new Color(image.getRGB(x, y), true);
        return actual.getAlpha() > 200
                && Math.abs(actual.getRed() - expected.getRed()) < 40
                && Math.abs(actual.getGreen() - expected.getGreen()) < 40
                && Math.abs(actual.getBlue() - expected.getBlue()) < 40;
    }

    private static BufferedImage halves(int width, int height, int type, Color left, Color right) {
        var image = new BufferedImage(width, height, type);
        Graphics2D graphics = image.createGraphics();
        graphics.setComposite(AlphaComposite.Src);
        graphics.setColor(left);
        graphics.fillRect(0, 0, width / 2, height);
        graphics.setColor(right);
        graphics.fillRect(width / 2, 0, width - width / 2, height);
        graphics.dispose();
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) {
        var out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static void pngChunk(ByteArrayOutputStream png, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        var crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        png.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        png.writeBytes(typeBytes);
        png.writeBytes(data);
        png.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static byte[] resource(String name) {
        try (InputStream in = TestImages.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
