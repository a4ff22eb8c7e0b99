package dev.souk.search;

import static dev.souk.search.Sql.param;

import dev.souk.search.SearchQuery.Sort;
import org.jspecify.annotations.Nullable;

/**
 * The order of a page and where the next one starts (keyset paging): each sort's columns, the listing
 * id last to break ties, and the previous page's last row from its cursor.
 */
final class PageOrder {

    private PageOrder() {}

    /** The page's order; {@code prefix} before each column but the computed distance. */
    static String order(Sort sort, String prefix) {
        String id = prefix + "listing_id";
        return switch (sort) {
            case RELEVANCE -> prefix + "rank DESC, " + prefix + "published_at DESC, " + id + " DESC";
            case DISTANCE -> "distance, " + id;
            case PRICE_ASC -> prefix + "price_amount, " + id;
            case PRICE_DESC -> prefix + "price_amount DESC, " + id + " DESC";
            case RATING -> prefix + "rating_key DESC, " + id + " DESC";
            case NEWEST -> prefix + "published_at DESC, " + id + " DESC";
        };
    }

    /**
     * Past the previous page's last row, in the page's {@link #order}; null on the first page.
     *
     * @param distance the distance from the origin as the statement knows it: a column of a ranked
     *     page's rows, an expression in the table's own query
     */
    static @Nullable Sql keyset(Plan plan, String prefix, @Nullable Sql distance) {
        Cursors.Position after = plan.after();
        if (after == null) {
            return null;
        }
        Sql id = Sql.of("CAST(", param(after.id().toString()), " AS uuid)");
        String listingId = prefix + "listing_id";
        return switch (plan.sort()) {
            case RELEVANCE ->
                Sql.of(
                        "(" + prefix + "rank, " + prefix + "published_at, " + listingId + ") < (CAST(",
                        param(after.rank()),
                        " AS real), CAST(",
                        param(after.timestamp().toString()),
                        " AS timestamptz), ",
                        id,
                        ")");
            case DISTANCE ->
                Sql.of(
                        "(",
                        distance,
                        ", " + listingId + ") > (",
                        param(after.number().doubleValue()),
                        ", ",
                        id,
                        ")");
            case PRICE_ASC ->
                Sql.of(
                        "(" + prefix + "price_amount, " + listingId + ") > (",
                        param(after.number().longValue()),
                        ", ",
                        id,
                        ")");
            case PRICE_DESC ->
                Sql.of(
                        "(" + prefix + "price_amount, " + listingId + ") < (",
                        param(after.number().longValue()),
                        ", ",
                        id,
                        ")");
            case RATING ->
                Sql.of("(" + prefix + "rating_key, " + listingId + ") < (", param(after.number()), ", ", id, ")");
            case NEWEST ->
                Sql.of(
                        "(" + prefix + "published_at, " + listingId + ") < (CAST(",
                        param(after.timestamp().toString()),
                        " AS timestamptz), ",
                        id,
                        ")");
        };
    }
}
