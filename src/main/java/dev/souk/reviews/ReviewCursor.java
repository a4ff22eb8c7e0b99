package dev.souk.reviews;

import dev.souk.shared.InvalidInput;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/** Where a page of reviews ends: the last one's time (published, or written for operators) and id. */
record ReviewCursor(Instant at, UUID id) {

    private static final int MAX = 200;

    String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((at + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    static ReviewCursor parse(String cursor) {
        try {
            if (cursor.length() > MAX) {
                throw new IllegalArgumentException("too long");
            }
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
            return new ReviewCursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
        } catch (RuntimeException e) {
            throw InvalidInput.of("cursor", "reviews.cursor.invalid");
        }
    }
}
