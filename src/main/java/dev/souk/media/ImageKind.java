package dev.souk.media;

import java.util.List;

/** What an image is for; decides how large an upload may be and which renditions are kept. */
public enum ImageKind {

    /** A member's picture: square, shown large on the profile and small next to names. */
    AVATAR(5, List.of(Variant.cover("large", 512, 512), Variant.cover("small", 128, 128))),

    /** A listing photo: whole on the listing page, cropped to 4:3 on search cards. */
    LISTING_PHOTO(10, List.of(Variant.fit("large", 1600, 1600), Variant.cover("thumb", 480, 360)));

    private final int maxMegabytes;
    private final List<Variant> variants;

    ImageKind(int maxMegabytes, List<Variant> variants) {
        this.maxMegabytes = maxMegabytes;
        this.variants = variants;
    }

    /** The largest upload accepted, in MB of 1024 × 1024 bytes (as Spring counts its multipart limit). */
    public int maxMegabytes() {
        return maxMegabytes;
    }

    /** The names of the renditions kept, the default one ({@link StoredImage#url()}) first. */
    public List<String> variantNames() {
        return variants.stream().map(Variant::name).toList();
    }

    long maxBytes() {
        return maxMegabytes * 1024L * 1024L;
    }

    List<Variant> variants() {
        return variants;
    }

    /**
     * One rendition. {@code cover} fills exactly width × height, cropping from the centre (and scaling
     * up small images, so cards line up); otherwise the image is scaled down to fit inside, never up.
     */
    record Variant(String name, int width, int height, boolean cover) {

        static Variant cover(String name, int width, int height) {
            return new Variant(name, width, height, true);
        }

        static Variant fit(String name, int width, int height) {
            return new Variant(name, width, height, false);
        }
    }
}
