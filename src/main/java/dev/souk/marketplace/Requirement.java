package dev.souk.marketplace;

import java.util.Locale;

/** What a listing type demands before a listing of it can be published. */
public enum Requirement {
    PRICE,
    LOCATION,
    PHOTOS;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Requirement ofKey(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }
}
