package dev.souk.payments;

import java.util.Arrays;
import java.util.Optional;

/** The payment gateways an operator can pick for the marketplace. */
public enum Gateway {
    /** No money moves through Souk: the customer pays the provider as they agreed. */
    DIRECT("direct"),
    /** A built-in card processor for demos and tests; no real money. */
    CARD_SIMULATOR("card-simulator"),
    STRIPE_CONNECT("stripe-connect");

    private final String key;

    Gateway(String key) {
        this.key = key;
    }

    /** The name in URLs, settings and the API, e.g. {@code card-simulator}. */
    public String key() {
        return key;
    }

    public static Optional<Gateway> byKey(String key) {
        return Arrays.stream(values()).filter(g -> g.key.equals(key)).findFirst();
    }
}
