package dev.souk.media;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An image Souk has stored. Keep the {@code id} (it is all {@link Images#image} and
 * {@link Images#delete} need); the URLs are relative to the site, e.g. {@code /media/…-large.jpg}.
 *
 * @param id names the image and the format it was stored in, e.g. {@code 3f0c…e9.jpg}
 * @param kind what the image is for, which decides its variants
 * @param urls the URL of each variant, by variant name, in the order of {@link ImageKind#variantNames()}
 */
public record StoredImage(String id, ImageKind kind, Map<String, String> urls) {

    public StoredImage {
        // an unmodifiable copy that keeps the given order (Images gives the kind's, default variant first)
        urls = Collections.unmodifiableMap(new LinkedHashMap<>(urls));
        if (!urls.keySet().equals(Set.copyOf(kind.variantNames()))) {
            throw new IllegalArgumentException("urls of " + id + " must be exactly the variants of " + kind);
        }
    }

    /** The URL of the default variant: the largest one. */
    public String url() {
        return url(kind.variantNames().get(0));
    }

    /** The URL of a variant named in {@link ImageKind#variantNames()}. */
    public String url(String variant) {
        String url = urls.get(variant);
        if (url == null) {
            throw new IllegalArgumentException(kind + " images have no variant '" + variant + "'");
        }
        return url;
    }
}
