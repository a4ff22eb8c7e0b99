package dev.souk.listings;

import java.util.Locale;

/** How much a customer gets back when they cancel; the transactions module applies it. */
public enum CancellationPolicy {
    FLEXIBLE,
    MODERATE,
    STRICT;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CancellationPolicy ofKey(String key) {
        return valueOf(key.strip().toUpperCase(Locale.ROOT));
    }
}
