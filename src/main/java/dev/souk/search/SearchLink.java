package dev.souk.search;

import org.jspecify.annotations.Nullable;

/**
 * A link on the search page that changes the query: an active filter's chip (which drops it) or a
 * category to narrow to, with how many results it has.
 */
public record SearchLink(String label, @Nullable Long count, String url) {}
