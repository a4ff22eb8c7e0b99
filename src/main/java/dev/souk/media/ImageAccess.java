package dev.souk.media;

/**
 * Who may see an image that is not for everyone, such as a photo of a draft listing. Media knows files,
 * not what they show: the module whose records hold an image implements this, and {@code /media/**}
 * asks every implementation before it serves a file.
 */
public interface ImageAccess {

    /**
     * Whether the current request may see the image.
     *
     * @param imageId an id as {@link StoredImage#id()} gives it
     * @return {@link Decision#PUBLIC} too for images this module does not hold
     */
    Decision decide(String imageId);

    enum Decision {
        /** Anyone may see it, and caches may keep it. */
        PUBLIC,
        /** Only some may see it, and this request may: it is served, but never kept by shared caches. */
        PRIVATE,
        /** This request may not see it: answered as if there were no such image. */
        DENIED
    }
}
