package dev.souk.search;

import dev.souk.shared.Money;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A listing as a search result card shows it. */
public record SearchHit(
        UUID id,
        String listingType,
        String category,
        String title,
        @Nullable Money price,
        @Nullable String unit,
        @Nullable String address,
        @Nullable String thumbnailUrl,
        Instant publishedAt) {}
