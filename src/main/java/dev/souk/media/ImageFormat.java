package dev.souk.media;

import java.util.Arrays;
import java.util.Optional;

/** The image formats Souk accepts, recognised by their first bytes, never by name or declared type. */
enum ImageFormat {
    JPEG("jpeg", "jpg", "image/jpeg"),
    PNG("png", "png", "image/png"),
    WEBP("webp", "webp", "image/webp");

    private static final byte[] JPEG_MAGIC = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] RIFF = {'R', 'I', 'F', 'F'};
    private static final byte[] WEBP_TAG = {'W', 'E', 'B', 'P'};

    final String imageIoName;
    final String extension;
    final String contentType;

    ImageFormat(String imageIoName, String extension, String contentType) {
        this.imageIoName = imageIoName;
        this.extension = extension;
        this.contentType = contentType;
    }

    static Optional<ImageFormat> sniff(byte[] content) {
        if (startsWith(content, 0, JPEG_MAGIC)) {
            return Optional.of(JPEG);
        }
        if (startsWith(content, 0, PNG_MAGIC)) {
            return Optional.of(PNG);
        }
        // RIFF, four bytes of chunk size, then the form type
        if (startsWith(content, 0, RIFF) && startsWith(content, 8, WEBP_TAG)) {
            return Optional.of(WEBP);
        }
        return Optional.empty();
    }

    static Optional<ImageFormat> byExtension(String extension) {
        return Arrays.stream(values())
                .filter(format -> format.extension.equals(extension))
                .findFirst();
    }

    private static boolean startsWith(byte[] content, int offset, byte[] magic) {
        return content.length >= offset + magic.length
                && Arrays.equals(content, offset, offset + magic.length, magic, 0, magic.length);
    }
}
