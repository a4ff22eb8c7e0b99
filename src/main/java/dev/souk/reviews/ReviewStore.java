package dev.souk.reviews;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of the reviews module; the facade decides, this reads and writes. */
@Repository
class ReviewStore {

    /** A review window as stored. */
    record Window(
            UUID transactionId,
            UUID listingId,
            UUID customerId,
            UUID providerId,
            Instant openedAt,
            Instant closesAt,
            @Nullable Instant closedAt) {

        boolean party(UUID memberId) {
            return customerId.equals(memberId) || providerId.equals(memberId);
        }

        ReviewRole role(UUID memberId) {
            return customerId.equals(memberId) ? ReviewRole.CUSTOMER : ReviewRole.PROVIDER;
        }

        UUID other(UUID memberId) {
            return customerId.equals(memberId) ? providerId : customerId;
        }
    }

    private static final String WINDOW_COLUMNS =
            "transaction_id, listing_id, customer_id, provider_id, opened_at, closes_at, closed_at";

    private static final String REVIEW_COLUMNS = """
            id, transaction_id, author_id, subject_id, author_role, listing_id, rating, body, created_at,
            published_at, reply, replied_at, hidden_at, hidden_reason""";

    /** Public: published and not hidden. */
    private static final String PUBLIC = "published_at IS NOT NULL AND hidden_at IS NULL";

    private final JdbcClient jdbc;

    ReviewStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // --- windows ---------------------------------------------------------------------------------

    /** Stores the window unless it is there already; whether this stored it. */
    boolean openWindow(
            UUID transactionId, UUID listingId, UUID customerId, UUID providerId, Instant openedAt, Instant closesAt) {
        return jdbc.sql("""
                INSERT INTO review_windows (transaction_id, listing_id, customer_id, provider_id, opened_at, closes_at)
                VALUES (:tx, :listing, :customer, :provider, :opened, :closes)
                ON CONFLICT (transaction_id) DO NOTHING""")
                        .param("tx", transactionId)
                        .param("listing", listingId)
                        .param("customer", customerId)
                        .param("provider", providerId)
                        .param("opened", Timestamp.from(openedAt))
                        .param("closes", Timestamp.from(closesAt))
                        .update()
                == 1;
    }

    Optional<Window> window(UUID transactionId) {
        return jdbc.sql("SELECT " + WINDOW_COLUMNS + " FROM review_windows WHERE transaction_id = :tx")
                .param("tx", transactionId)
                .query(ReviewStore::window)
                .optional();
    }

    /** The window, locked until the transaction ends: its two parties' writes and its timers queue up. */
    Optional<Window> lockWindow(UUID transactionId) {
        return jdbc.sql("SELECT " + WINDOW_COLUMNS + " FROM review_windows WHERE transaction_id = :tx FOR UPDATE")
                .param("tx", transactionId)
                .query(ReviewStore::window)
                .optional();
    }

    void closeWindow(UUID transactionId, Instant at) {
        jdbc.sql("UPDATE review_windows SET closed_at = :at WHERE transaction_id = :tx AND closed_at IS NULL")
                .param("tx", transactionId)
                .param("at", Timestamp.from(at))
                .update();
    }

    // --- reviews ---------------------------------------------------------------------------------

    void add(UUID id, Window window, UUID authorId, ReviewRole role, int rating, String text, Instant at) {
        jdbc.sql("""
                INSERT INTO reviews (id, transaction_id, author_id, subject_id, author_role, listing_id, rating, body,
                                     created_at)
                VALUES (:id, :tx, :author, :subject, :role, :listing, :rating, :body, :at)""")
                .param("id", id)
                .param("tx", window.transactionId())
                .param("author", authorId)
                .param("subject", window.other(authorId))
                .param("role", role.key())
                .param("listing", role == ReviewRole.CUSTOMER ? window.listingId() : null)
                .param("rating", rating)
                .param("body", text)
                .param("at", Timestamp.from(at))
                .update();
    }

    Optional<ReviewView> find(UUID id) {
        return jdbc.sql("SELECT " + REVIEW_COLUMNS + " FROM reviews WHERE id = :id")
                .param("id", id)
                .query(ReviewStore::review)
                .optional();
    }

    Optional<ReviewView> lock(UUID id) {
        return jdbc.sql("SELECT " + REVIEW_COLUMNS + " FROM reviews WHERE id = :id FOR UPDATE")
                .param("id", id)
                .query(ReviewStore::review)
                .optional();
    }

    List<ReviewView> ofTransaction(UUID transactionId) {
        return jdbc.sql("SELECT " + REVIEW_COLUMNS + " FROM reviews WHERE transaction_id = :tx ORDER BY created_at")
                .param("tx", transactionId)
                .query(ReviewStore::review)
                .list();
    }

    /** Publishes the transaction's reviews not yet public; those it published. */
    List<ReviewView> publish(UUID transactionId, Instant at) {
        return jdbc.sql("UPDATE reviews SET published_at = :at WHERE transaction_id = :tx AND published_at IS NULL"
                        + " RETURNING " + REVIEW_COLUMNS)
                .param("tx", transactionId)
                .param("at", Timestamp.from(at))
                .query(ReviewStore::review)
                .list();
    }

    void reply(UUID id, String text, Instant at) {
        jdbc.sql("UPDATE reviews SET reply = :text, replied_at = :at WHERE id = :id AND reply IS NULL")
                .param("id", id)
                .param("text", text)
                .param("at", Timestamp.from(at))
                .update();
    }

    void hide(UUID id, UUID operatorId, String reason, Instant at) {
        jdbc.sql("""
                UPDATE reviews SET hidden_at = :at, hidden_by = :operator, hidden_reason = :reason
                 WHERE id = :id AND hidden_at IS NULL""")
                .param("id", id)
                .param("operator", operatorId)
                .param("reason", reason)
                .param("at", Timestamp.from(at))
                .update();
    }

    /** Public reviews of a listing, newest first, after the keyset position if given. */
    List<ReviewView> ofListing(UUID listingId, @Nullable ReviewCursor after, int limit) {
        return page("listing_id", listingId, after, limit);
    }

    /** Public reviews a member received, as customer and as provider, newest first. */
    List<ReviewView> received(UUID memberId, @Nullable ReviewCursor after, int limit) {
        return page("subject_id", memberId, after, limit);
    }

    private List<ReviewView> page(String column, UUID id, @Nullable ReviewCursor after, int limit) {
        String keyset = after == null ? "" : " AND (published_at, id) < (:at, :after)";
        var statement = jdbc.sql("SELECT " + REVIEW_COLUMNS + " FROM reviews WHERE " + column + " = :id AND " + PUBLIC
                        + keyset + " ORDER BY published_at DESC, id DESC LIMIT :limit")
                .param("id", id)
                .param("limit", limit);
        if (after != null) {
            statement = statement.param("at", Timestamp.from(after.at())).param("after", after.id());
        }
        return statement.query(ReviewStore::review).list();
    }

    /** Every review the member wrote, and every public one they received, newest first. */
    List<ReviewView> allOf(UUID memberId, int limit) {
        return jdbc.sql("SELECT " + REVIEW_COLUMNS + " FROM reviews WHERE author_id = :member OR (subject_id = :member"
                        + " AND " + PUBLIC + ") ORDER BY created_at DESC, id DESC LIMIT :limit")
                .param("member", memberId)
                .param("limit", limit)
                .query(ReviewStore::review)
                .list();
    }

    /** Every review, newest first, for operators. */
    List<ReviewView> recent(@Nullable ReviewCursor after, int limit) {
        String keyset = after == null ? "" : " WHERE (created_at, id) < (:at, :after)";
        var statement = jdbc.sql("SELECT " + REVIEW_COLUMNS + " FROM reviews" + keyset
                        + " ORDER BY created_at DESC, id DESC" + " LIMIT :limit")
                .param("limit", limit);
        if (after != null) {
            statement = statement.param("at", Timestamp.from(after.at())).param("after", after.id());
        }
        return statement.query(ReviewStore::review).list();
    }

    // --- ratings ---------------------------------------------------------------------------------

    Rating listingRating(UUID listingId) {
        return rating("listing_id", listingId);
    }

    Rating memberRating(UUID memberId) {
        return rating("subject_id", memberId);
    }

    private Rating rating(String column, UUID id) {
        return jdbc.sql("SELECT round(avg(rating), 2) AS average, count(*) AS n FROM reviews WHERE " + column
                        + " = :id AND " + PUBLIC)
                .param("id", id)
                .query((rs, n) -> new Rating(rs.getBigDecimal("average"), rs.getInt("n")))
                .single();
    }

    /** The ratings of rated listings with ids after {@code after}, by id. */
    List<ListingRating> listingRatings(UUID after, int limit) {
        return jdbc.sql("""
                SELECT listing_id, round(avg(rating), 2) AS average, count(*) AS n
                  FROM reviews
                 WHERE listing_id > :after AND %s
                 GROUP BY listing_id
                 ORDER BY listing_id
                 LIMIT :limit""".formatted(PUBLIC))
                .param("after", after)
                .param("limit", limit)
                .query((rs, n) -> new ListingRating(
                        rs.getObject("listing_id", UUID.class),
                        new Rating(rs.getBigDecimal("average"), rs.getInt("n"))))
                .list();
    }

    /** The ratings of those of these listings that have public reviews. */
    List<ListingRating> listingRatings(java.util.Collection<UUID> listingIds) {
        return jdbc.sql("""
                SELECT listing_id, round(avg(rating), 2) AS average, count(*) AS n
                  FROM reviews
                 WHERE listing_id = ANY (:ids) AND %s
                 GROUP BY listing_id""".formatted(PUBLIC))
                .param("ids", listingIds.toArray(UUID[]::new))
                .query((rs, n) -> new ListingRating(
                        rs.getObject("listing_id", UUID.class),
                        new Rating(rs.getBigDecimal("average"), rs.getInt("n"))))
                .list();
    }

    // --- mapping ---------------------------------------------------------------------------------

    private static Window window(ResultSet rs, int n) throws SQLException {
        return new Window(
                rs.getObject("transaction_id", UUID.class),
                rs.getObject("listing_id", UUID.class),
                rs.getObject("customer_id", UUID.class),
                rs.getObject("provider_id", UUID.class),
                rs.getTimestamp("opened_at").toInstant(),
                rs.getTimestamp("closes_at").toInstant(),
                instant(rs, "closed_at"));
    }

    private static ReviewView review(ResultSet rs, int n) throws SQLException {
        return new ReviewView(
                rs.getObject("id", UUID.class),
                rs.getObject("transaction_id", UUID.class),
                rs.getObject("author_id", UUID.class),
                rs.getObject("subject_id", UUID.class),
                ReviewRole.valueOf(rs.getString("author_role").toUpperCase(java.util.Locale.ROOT)),
                rs.getObject("listing_id", UUID.class),
                rs.getInt("rating"),
                rs.getString("body"),
                rs.getTimestamp("created_at").toInstant(),
                instant(rs, "published_at"),
                rs.getString("reply"),
                instant(rs, "replied_at"),
                instant(rs, "hidden_at"),
                rs.getString("hidden_reason"));
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }
}
