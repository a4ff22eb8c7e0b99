package dev.souk.reviews.pages;

import dev.souk.reviews.ReviewView;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A review as pages show it: with its author's and subject's names (or the placeholder of a former
 * member) and the title of the listing it rates.
 *
 * @param authorAvatar the author's small photo, if any
 * @param listingTitle the listing's title, none for a provider's review or a listing gone
 */
public record ShownReview(
        ReviewView review,
        String authorName,
        @Nullable String authorAvatar,
        boolean authorLinked,
        String subjectName,
        @Nullable String listingTitle) {

    public UUID id() {
        return review.id();
    }
}
