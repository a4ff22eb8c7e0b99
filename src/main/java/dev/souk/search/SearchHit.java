package dev.souk.search;

import dev.souk.shared.Money;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A listing as a search result card shows it.
 *
 * @param distanceKm from the query's origin, when it has one
 * @param rating the average review rating, null until the listing has reviews
 */
public record SearchHit(
        UUID id,
        String listingType,
        String category,
        String title,
        @Nullable Money price,
        @Nullable String unit,
        @Nullable String address,
        @Nullable Double latitude,
        @Nullable Double longitude,
        @Nullable String thumbnailUrl,
        Instant publishedAt,
        @Nullable Double distanceKm,
        @Nullable Double rating,
        int ratingCount) {}
