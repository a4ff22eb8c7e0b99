package dev.souk.media;

import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.core.io.Resource;

/**
 * Where renditions are kept, by key: a local directory ({@link LocalFileStore}) or an S3 bucket
 * ({@link S3FileStore}); {@link MediaConfiguration} chooses.
 */
interface FileStore {

    /**
     * The only keys there are, as {@link Images} makes them: a random UUID, the variant and the
     * extension of the format Souk wrote, e.g. {@code 3f0c…e9-large.jpg}. Anything else (a path, a
     * dot-dot) is never a key, which is what keeps requests inside the store.
     */
    Pattern KEY = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-[a-z]+\\.(jpg|png)");

    /** Stores the bytes under the key, whole or not at all: a reader never sees half a file. */
    void put(String key, byte[] content, String contentType);

    Optional<Resource> get(String key);

    /** Removes the key's file; a key that holds nothing is no error. */
    void delete(String key);

    /** The key, once it is known to be one. */
    static String checked(String key) {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("Not a media key: " + key);
        }
        return key;
    }
}
