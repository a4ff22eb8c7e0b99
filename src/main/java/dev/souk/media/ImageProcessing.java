package dev.souk.media;

import dev.souk.shared.InvalidInput;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import net.coobird.thumbnailator.Thumbnails;
import net.coobird.thumbnailator.geometry.Positions;

/**
 * Turns uploaded bytes into the renditions of an image kind: sniff, decode, turn upright, resize and
 * re-encode. Pure computation; storing is {@link Images}' job.
 */
final class ImageProcessing {

    /**
     * The most pixels an upload may have. A tiny file can claim enormous dimensions (a decompression
     * bomb); 70 megapixels is above the 50 and 64 megapixel photos of today's phones. Only a fraction of
     * them is ever held in memory (see {@link #subsampling}), but the decoder still reads every one.
     */
    static final long MAX_PIXELS = 70_000_000L;

    /**
     * The longest side an upload may have: panoramas reach about 16,000 pixels. A longer side would make
     * the decoders' row buffers large, and a thin strip can't be decoded by only every n-th pixel.
     */
    static final int MAX_SIDE = 20_000;

    private static final float JPEG_QUALITY = 0.85f;

    /**
     * How the JDK's JPEG decoder (to which TwelveMonkeys' reader delegates) reports a file that ends mid-image:
     * only as warnings, after filling the missing part with grey. Other warnings (stray bytes between
     * markers, odd colour profiles) are common in camera files that look fine, so they don't count.
     */
    private static final List<String> TRUNCATED_JPEG_WARNINGS =
            List.of("Truncated File - Missing EOI marker", "Premature end of JPEG file");

    record Rendition(String variant, byte[] content) {}

    /** The renditions of one upload, all in the same format: PNG if it has transparency, else JPEG. */
    record Processed(ImageKind kind, ImageFormat format, List<Rendition> renditions) {}

    private ImageProcessing() {}

    static Processed process(byte[] content, ImageKind kind) {
        ImageFormat format = ImageFormat.sniff(content).orElseThrow(() -> InvalidInput.of("file", "media.notAnImage"));
        int orientation = format == ImageFormat.JPEG ? ExifOrientation.of(content) : ExifOrientation.UPRIGHT;
        BufferedImage decoded = decode(content, format, kind, orientation);
        boolean transparent = hasTransparency(decoded);
        BufferedImage image = orient(withStandardLayout(decoded, transparent), orientation);
        ImageFormat output = transparent ? ImageFormat.PNG : ImageFormat.JPEG;
        List<Rendition> renditions = kind.variants().stream()
                .map(variant -> new Rendition(variant.name(), encode(resize(image, variant), output)))
                .toList();
        return new Processed(kind, output, renditions);
    }

    private static BufferedImage decode(byte[] content, ImageFormat format, ImageKind kind, int orientation) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName);
        if (!readers.hasNext()) {
            throw new IllegalStateException("No ImageIO reader for " + format + " on the classpath");
        }
        ImageReader reader = readers.next();
        // in memory: ImageIO's default stream caches to temporary files
        try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(content))) {
            reader.setInput(input, true, true);
            // the header alone gives the dimensions; refuse bombs before allocating their pixels
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width <= 0 || height <= 0) {
                throw unreadable();
            }
            if (width > MAX_SIDE || height > MAX_SIDE || (long) width * height > MAX_PIXELS) {
                throw InvalidInput.of("file", "media.tooManyPixels", MAX_PIXELS / 1_000_000, MAX_SIDE);
            }
            ImageReadParam param = reader.getDefaultReadParam();
            int step = subsampling(width, height, kind, orientation >= 5);
            param.setSourceSubsampling(step, step, 0, 0);
            var truncated = new AtomicBoolean();
            reader.addIIOReadWarningListener((source, warning) -> {
                if (TRUNCATED_JPEG_WARNINGS.stream().anyMatch(warning::startsWith)) {
                    truncated.set(true);
                }
            });
            BufferedImage image = reader.read(0, param);
            if (truncated.get()) {
                throw unreadable();
            }
            return image;
        } catch (InvalidInput e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // decoders fail on hostile or damaged input in many ways, some unchecked; all mean the same
            throw unreadable();
        } finally {
            reader.dispose();
        }
    }

    /**
     * Every how many pixels (across and down) to decode so the image still covers each variant: only
     * what the renditions need is held in memory, at most about twice the largest of them across and
     * down, however many pixels the upload has. Decoders skip the other pixels as they read.
     *
     * @param turned whether the EXIF orientation turns the image by 90°, swapping its sides
     */
    static int subsampling(int width, int height, ImageKind kind, boolean turned) {
        double across = turned ? height : width;
        double down = turned ? width : height;
        double needed = 0; // the largest share of each side a variant needs
        for (ImageKind.Variant variant : kind.variants()) {
            double x = variant.width() / across;
            double y = variant.height() / down;
            needed = Math.max(needed, variant.cover() ? Math.max(x, y) : Math.min(x, y));
        }
        return needed >= 1 ? 1 : (int) Math.floor(1 / needed);
    }

    private static InvalidInput unreadable() {
        return InvalidInput.of("file", "media.unreadable");
    }

    private static boolean hasTransparency(BufferedImage image) {
        if (!image.getColorModel().hasAlpha()) {
            return false;
        }
        // many PNGs carry an alpha channel that is opaque everywhere; those are photos, kept as JPEG
        int[] row = new int[image.getWidth()];
        for (int y = 0; y < image.getHeight(); y++) {
            image.getRGB(0, y, row.length, 1, row, 0, row.length);
            for (int argb : row) {
                if (argb >>> 24 != 0xFF) {
                    return true;
                }
            }
        }
        return false;
    }

    /** 8-bit (A)RGB whatever was decoded (grey, 16-bit, indexed, CMYK), so resizing and encoding are uniform. */
    private static BufferedImage withStandardLayout(BufferedImage image, boolean transparent) {
        int type = transparent ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        if (image.getType() == type) {
            return image;
        }
        BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), type);
        Graphics2D graphics = copy.createGraphics();
        try {
            graphics.drawImage(image, 0, 0, null);
        } finally {
            graphics.dispose();
        }
        return copy;
    }

    /** Applies an EXIF orientation, so the stored pixels are upright without any tag. */
    static BufferedImage orient(BufferedImage image, int orientation) {
        int w = image.getWidth();
        int h = image.getHeight();
        // each maps stored (x, y) to displayed (x', y'); see the TIFF/EXIF Orientation tag
        AffineTransform transform = switch (orientation) {
            case 2 -> new AffineTransform(-1, 0, 0, 1, w, 0); // mirrored
            case 3 -> new AffineTransform(-1, 0, 0, -1, w, h); // upside down
            case 4 -> new AffineTransform(1, 0, 0, -1, 0, h); // mirrored upside down
            case 5 -> new AffineTransform(0, 1, 1, 0, 0, 0); // transposed
            case 6 -> new AffineTransform(0, 1, -1, 0, h, 0); // turned 90° clockwise
            case 7 -> new AffineTransform(0, -1, -1, 0, h, w); // transversed
            case 8 -> new AffineTransform(0, -1, 1, 0, 0, w); // turned 90° anticlockwise
            default -> null;
        };
        if (transform == null) {
            return image;
        }
        boolean turned = orientation >= 5;
        BufferedImage upright = new BufferedImage(turned ? h : w, turned ? w : h, image.getType());
        Graphics2D graphics = upright.createGraphics();
        try {
            graphics.setRenderingHint(
                    RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            graphics.drawImage(image, transform, null);
        } finally {
            graphics.dispose();
        }
        return upright;
    }

    private static BufferedImage resize(BufferedImage image, ImageKind.Variant variant) {
        try {
            if (variant.cover()) {
                return Thumbnails.of(image)
                        .size(variant.width(), variant.height())
                        .crop(Positions.CENTER)
                        .imageType(image.getType())
                        .asBufferedImage();
            }
            if (image.getWidth() <= variant.width() && image.getHeight() <= variant.height()) {
                return image;
            }
            return Thumbnails.of(image)
                    .size(variant.width(), variant.height())
                    .imageType(image.getType())
                    .asBufferedImage();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] encode(BufferedImage image, ImageFormat format) {
        ImageWriter writer =
                ImageIO.getImageWritersByFormatName(format.imageIoName).next();
        var bytes = new ByteArrayOutputStream();
        try (ImageOutputStream output = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(output);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (format == ImageFormat.JPEG) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(JPEG_QUALITY);
            }
            // no metadata passed on: nothing of the upload (EXIF, GPS position, comments) is ever served
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
