package dev.souk.search;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** One page of results; {@code nextCursor} fetches the next page, null on the last. */
public record SearchResults(List<SearchHit> items, @Nullable String nextCursor) {}
