package dev.souk.media;

import dev.souk.shared.InvalidInput;
import dev.souk.shared.Refusal;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/**
 * The one way Souk accepts an image. An upload is refused ({@link InvalidInput} on field {@code file},
 * or a 413 {@link Refusal}) unless it is a JPEG, PNG or WebP by its bytes, within its kind's size, and
 * decodes; nothing is stored then. Otherwise it is stored as freshly encoded renditions without any of
 * the upload's metadata.
 */
@Service
public class Images {

    private static final Pattern ID =
            Pattern.compile("([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\\.(jpg|png)");

    private static final String URL_PREFIX = "/media/";

    private final FileStore files;

    Images(FileStore files) {
        this.files = files;
    }

    /**
     * Reads at most the kind's limit (plus one byte, to know it was exceeded) from the stream, so an
     * endless upload costs no more memory than an allowed one. The stream is not closed.
     */
    public StoredImage store(InputStream content, ImageKind kind) {
        byte[] bytes;
        try {
            bytes = content.readNBytes(Math.toIntExact(kind.maxBytes() + 1));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the upload", e);
        }
        return store(bytes, kind);
    }

    public StoredImage store(byte[] content, ImageKind kind) {
        if (content.length > kind.maxBytes()) {
            throw Refusal.tooLarge("media.tooLarge", kind.maxMegabytes());
        }
        // every refusal happens here, before the first byte is stored
        ImageProcessing.Processed processed = ImageProcessing.process(content, kind);
        String id = UUID.randomUUID() + "." + processed.format().extension;
        Matcher parsed = parse(id);
        List<String> written = new ArrayList<>();
        try {
            for (ImageProcessing.Rendition rendition : processed.renditions()) {
                String key = key(parsed, rendition.variant());
                files.put(key, rendition.content(), processed.format().contentType);
                written.add(key);
            }
        } catch (RuntimeException e) {
            // no half-stored images: take back the renditions already written
            for (String key : written) {
                try {
                    files.delete(key);
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        }
        return image(id, kind);
    }

    /** The URLs of an image stored earlier, from its id alone; does not look at the store. */
    public StoredImage image(String id, ImageKind kind) {
        Matcher parsed = parse(id);
        Map<String, String> urls = new LinkedHashMap<>();
        for (String variant : kind.variantNames()) {
            urls.put(variant, URL_PREFIX + key(parsed, variant));
        }
        return new StoredImage(id, kind, urls);
    }

    /** Removes every rendition of the image; deleting an image that is already gone is no error. */
    public void delete(String id) {
        Matcher parsed = parse(id);
        Arrays.stream(ImageKind.values())
                .flatMap(kind -> kind.variantNames().stream())
                .distinct()
                .forEach(variant -> files.delete(key(parsed, variant)));
    }

    private static Matcher parse(String id) {
        Matcher matcher = ID.matcher(id);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("Not an image id: " + id);
        }
        return matcher;
    }

    private static String key(Matcher id, String variant) {
        return id.group(1) + "-" + variant + "." + id.group(2);
    }
}
