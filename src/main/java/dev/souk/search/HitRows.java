package dev.souk.search;

import dev.souk.media.ImageKind;
import dev.souk.media.Images;
import dev.souk.search.Tally.Counts;
import dev.souk.search.Tally.Faceted;
import dev.souk.shared.Money;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowCallbackHandler;

/** Rows of the read model as search hits, with the photo's thumbnail address. */
final class HitRows {

    private final Images images;

    HitRows(Images images) {
        this.images = images;
    }

    SearchHit hit(ResultSet rs) throws SQLException {
        String currency = rs.getString("price_currency");
        long amount = rs.getLong("price_amount");
        String cover = rs.getString("cover_image");
        double latitude = rs.getDouble("latitude");
        boolean located = !rs.wasNull();
        double longitude = rs.getDouble("longitude");
        double distance = rs.getDouble("distance");
        boolean measured = !rs.wasNull();
        BigDecimal rating = rs.getBigDecimal("rating_average");
        return new SearchHit(
                rs.getObject("listing_id", UUID.class),
                rs.getString("listing_type"),
                rs.getString("category"),
                rs.getString("title"),
                currency == null ? null : Money.of(amount, currency.strip()),
                rs.getString("unit"),
                rs.getString("address"),
                located ? latitude : null,
                located ? longitude : null,
                cover == null
                        ? null
                        : images.image(cover, ImageKind.LISTING_PHOTO).url("thumb"),
                rs.getTimestamp("published_at").toInstant(),
                measured ? distance : null,
                rating == null ? null : rating.doubleValue(),
                rs.getInt("rating_count"));
    }

    /** Reads the rows of {@link SearchSql#page}. */
    Page page() {
        return new Page();
    }

    /**
     * The hits of a page, for keyword searches their ranks (for the cursor), what the facets count of
     * each hit (for when every match is on the page) and the counts the page's statement made.
     */
    final class Page implements RowCallbackHandler {
        final List<SearchHit> hits = new ArrayList<>();
        final List<@Nullable Float> ranks = new ArrayList<>();
        final List<Faceted> faceted = new ArrayList<>();
        private @Nullable String counted;

        @Override
        public void processRow(ResultSet rs) throws SQLException {
            if (hits.isEmpty()) {
                counted = rs.getString("counted"); // the same on every row
            }
            hits.add(hit(rs));
            float rank = rs.getFloat("rank");
            ranks.add(rs.wasNull() ? null : rank);
            faceted.add(new Faceted(rs.getString("category"), rs.getString("top_category"), (String[])
                    rs.getArray("facet_values").getArray()));
        }

        /** The counts of every match, when the statement made them. */
        @Nullable
        Counts counted() {
            return counted == null ? null : Tally.lines(counted);
        }
    }
}
