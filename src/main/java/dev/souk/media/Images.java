package dev.souk.media;

import dev.souk.shared.InvalidInput;
import dev.souk.shared.Refusal;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * The one way Souk accepts an image. An upload is refused ({@link InvalidInput} on field {@code file},
 * or a 413 {@link Refusal}) unless it is a JPEG, PNG or WebP by its bytes, within its kind's size and
 * pixel limits, and decodes; or, when the node is busy decoding others, refused for now (a 503
 * {@link Refusal} with a time to retry after). Nothing is stored then. Otherwise it is stored as freshly encoded renditions without any of
 * the upload's metadata.
 */
@Service
public class Images {

    private static final String URL_PREFIX = "/media/";

    /** How long an upload waits for a decoder before it is refused; a photo takes about a second. */
    static final Duration WAIT = Duration.ofSeconds(10);

    /** When a refused upload may be sent again: a few decodes later. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final FileStore files;
    /** Decoding is what takes memory and CPU: this many at once per node, the others wait their turn. */
    private final Semaphore decoders;

    private final Duration wait;

    @Autowired
    Images(FileStore files, @Value("${souk.media.decodes:2}") int decodes) {
        this(files, decodes, WAIT);
    }

    Images(FileStore files, int decodes, Duration wait) {
        if (decodes < 1) {
            throw new IllegalArgumentException("souk.media.decodes must be at least 1, not " + decodes);
        }
        this.files = files;
        this.decoders = new Semaphore(decodes, true);
        this.wait = wait;
    }

    /**
     * Reads at most the kind's limit (plus one byte, to know it was exceeded) from the stream, so an
     * endless upload costs no more memory than an allowed one. The stream is not closed. The upload is
     * read only once a decoder is free, so waiting uploads hold no memory; when none frees up in time
     * the upload is refused (503, to be sent again after {@link #RETRY_AFTER}). Call it outside a
     * database transaction: decoding takes long enough that no connection or row lock should wait on it.
     */
    public StoredImage store(InputStream content, ImageKind kind) {
        return write(decoding(() -> {
            byte[] bytes;
            try {
                bytes = content.readNBytes(Math.toIntExact(kind.maxBytes() + 1));
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read the upload", e);
            }
            return process(bytes, kind);
        }));
    }

    /** As {@link #store(InputStream, ImageKind)}, for an image already in memory. */
    public StoredImage store(byte[] content, ImageKind kind) {
        return write(decoding(() -> process(content, kind)));
    }

    private static ImageProcessing.Processed process(byte[] content, ImageKind kind) {
        if (content.length > kind.maxBytes()) {
            throw Refusal.tooLarge("media.tooLarge", kind.maxMegabytes());
        }
        // every refusal happens here, before the first byte is stored
        return ImageProcessing.process(content, kind);
    }

    private ImageProcessing.Processed decoding(Supplier<ImageProcessing.Processed> work) {
        try {
            if (!decoders.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw Refusal.unavailable("media.busy", RETRY_AFTER);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Refusal.unavailable("media.busy", RETRY_AFTER);
        }
        try {
            return work.get();
        } finally {
            decoders.release();
        }
    }

    private StoredImage write(ImageProcessing.Processed processed) {
        String id = UUID.randomUUID() + "." + processed.format().extension;
        Id parsed = parse(id);
        List<String> written = new ArrayList<>();
        try {
            for (ImageProcessing.Rendition rendition : processed.renditions()) {
                String key = parsed.key(rendition.variant());
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
        return image(id, processed.kind());
    }

    /** The URLs of an image stored earlier, from its id alone; does not look at the store. */
    public StoredImage image(String id, ImageKind kind) {
        Id parsed = parse(id);
        Map<String, String> urls = new LinkedHashMap<>();
        for (String variant : kind.variantNames()) {
            urls.put(variant, URL_PREFIX + parsed.key(variant));
        }
        return new StoredImage(id, kind, urls);
    }

    /** Removes every rendition of the image; deleting an image that is already gone is no error. */
    public void delete(String id) {
        Id parsed = parse(id);
        Arrays.stream(ImageKind.values())
                .flatMap(kind -> kind.variantNames().stream())
                .distinct()
                .forEach(variant -> files.delete(parsed.key(variant)));
    }

    /** An image id, "lower-case UUID.jpg" or ".png": where its renditions are stored. */
    private record Id(String uuid, String extension) {

        String key(String variant) {
            return uuid + "-" + variant + "." + extension;
        }
    }

    /**
     * Checked by hand: a search card shows an image per hit, and a regular expression here was a tenth
     * of a search's time in the app.
     */
    private static Id parse(String id) {
        String extension = id.length() == 40 && id.charAt(36) == '.' ? id.substring(37) : "";
        boolean valid = extension.equals("jpg") || extension.equals("png");
        for (int i = 0; valid && i < 36; i++) {
            char c = id.charAt(i);
            valid = i == 8 || i == 13 || i == 18 || i == 23
                    ? c == '-'
                    : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
        }
        if (!valid) {
            throw new IllegalArgumentException("Not an image id: " + id);
        }
        return new Id(id.substring(0, 36), extension);
    }
}
