package dev.souk.reviews;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** One page of public reviews, newest first, the cursor of the next, and the rating they make up. */
public record ReviewPage(List<ReviewView> items, @Nullable String nextCursor, Rating rating) {

    public ReviewPage {
        items = List.copyOf(items);
    }
}
