package dev.souk.listings;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** One page of listings and the cursor of the next one, if there is more. */
public record ListingPage(List<ListingView> items, @Nullable String nextCursor) {}
