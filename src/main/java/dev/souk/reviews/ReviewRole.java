package dev.souk.reviews;

/** Which side of the transaction wrote the review. */
public enum ReviewRole {
    CUSTOMER,
    PROVIDER;

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
