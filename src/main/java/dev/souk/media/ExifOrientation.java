package dev.souk.media;

import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * The EXIF orientation of a JPEG (1 to 8): phones store pixels as the sensor saw them and only note in
 * this tag how the phone was held. ImageIO ignores the tag, so Souk applies it itself before the
 * metadata is thrown away.
 */
final class ExifOrientation {

    static final int UPRIGHT = 1;

    private ExifOrientation() {}

    static int of(byte[] jpeg) {
        try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg))) {
            List<JPEGSegment> exif = JPEGSegmentUtil.readSegments(input, JPEG.APP1, "Exif");
            if (exif.isEmpty()) {
                return UPRIGHT;
            }
            try (InputStream data = exif.get(0).data();
                    ImageInputStream tiff = new MemoryCacheImageInputStream(data)) {
                // the identifier is "Exif" followed by two zero bytes; the segment reader consumed one
                data.read();
                Directory directory = new TIFFReader().read(tiff);
                Entry entry = directory.getEntryById(TIFF.TAG_ORIENTATION);
                if (entry != null && entry.getValue() instanceof Number value) {
                    int orientation = value.intValue();
                    return orientation >= 1 && orientation <= 8 ? orientation : UPRIGHT;
                }
                return UPRIGHT;
            }
        } catch (IOException | RuntimeException e) {
            // broken EXIF blocks are common and harmless: the pixels decode fine, they just stay as stored
            return UPRIGHT;
        }
    }
}
