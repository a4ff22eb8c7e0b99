package dev.souk.listings;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The stock of purchase listings and its adjustments, in explicit SQL. The stock itself is a column of
 * {@code listings}: taking and giving it back are single conditional statements on that row.
 */
@Repository
class StockStore {

    private final JdbcClient jdbc;

    StockStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Lowers a public listing's stock by {@code quantity} if that much is left, in one statement: of
     * concurrent takers, each waits for the one before and then checks the stock that one left.
     *
     * @return the stock left, or nothing if the listing is not public or has too little
     */
    OptionalInt takeStock(UUID listingId, int quantity, Instant now) {
        return jdbc.sql("""
                UPDATE listings SET stock = stock - :quantity, updated_at = :now
                 WHERE id = :id AND stock >= :quantity AND %s
                RETURNING stock""".formatted(ListingRepository.PUBLIC))
                .param("id", listingId)
                .param("quantity", quantity)
                .param("now", Timestamp.from(now))
                .query(Integer.class)
                .optional()
                .map(OptionalInt::of)
                .orElse(OptionalInt.empty());
    }

    /** @return the stock left; the caller holds the listing's lock */
    int giveBackStock(UUID listingId, int quantity, Instant now) {
        return jdbc.sql("""
                UPDATE listings SET stock = stock + :quantity, updated_at = :now
                 WHERE id = :id
                RETURNING stock""")
                .param("id", listingId)
                .param("quantity", quantity)
                .param("now", Timestamp.from(now))
                .query(Integer.class)
                .single();
    }

    /** How many items of the listing's stock the order still holds: what it reserved less what it gave back. */
    int heldBy(UUID listingId, UUID orderId) {
        return jdbc.sql("""
                SELECT coalesce(-sum(change), 0) FROM listing_stock_adjustments
                 WHERE listing_id = :listing AND order_id = :order""")
                .param("listing", listingId)
                .param("order", orderId)
                .query(Integer.class)
                .single();
    }

    void insertAdjustment(UUID listingId, StockAdjustment a) {
        jdbc.sql("""
                INSERT INTO listing_stock_adjustments
                       (id, listing_id, change, quantity, reason, adjusted_by, adjusted_at, order_id)
                VALUES (:id, :listing, :change, :quantity, :reason, :by, :at, :order)""")
                .param("id", a.id())
                .param("listing", listingId)
                .param("change", a.change())
                .param("quantity", a.quantity())
                .param("reason", a.reason())
                .param("by", a.adjustedBy())
                .param("at", Timestamp.from(a.adjustedAt()))
                .param("order", a.orderId())
                .update();
    }

    List<StockAdjustment> adjustments(UUID listingId) {
        return jdbc.sql("""
                SELECT id, change, quantity, reason, adjusted_by, adjusted_at, order_id FROM listing_stock_adjustments
                 WHERE listing_id = :id ORDER BY adjusted_at DESC, id DESC""")
                .param("id", listingId)
                .query((rs, n) -> new StockAdjustment(
                        rs.getObject("id", UUID.class),
                        rs.getInt("change"),
                        rs.getInt("quantity"),
                        rs.getString("reason"),
                        rs.getObject("adjusted_by", UUID.class),
                        rs.getTimestamp("adjusted_at").toInstant(),
                        rs.getObject("order_id", UUID.class)))
                .list();
    }
}
