package dev.souk.listings;

import dev.souk.shared.Money;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The listings, their fees and photos, in explicit SQL; deleted listings are never loaded. The weekly plans
 * and date exceptions are {@link AvailabilityStore}'s, the stock adjustments {@link StockStore}'s.
 */
@Repository
class ListingRepository {

    /** The columns of {@code listings l} and its fees, which every read of a listing needs. */
    private static final String COLUMNS =
            "id, owner_id, listing_type, category, title, description, fields::text AS fields, "
                    + "price_amount, price_currency, address, latitude, longitude, time_zone, instant_book, seats, stock, "
                    + "min_duration, max_duration, advance_notice_days, cancellation_policy, house_rules, status, "
                    + "rejection_reason, owner_hidden, has_weekly_plan, created_at, updated_at, published_at, "
                    + "(SELECT coalesce(json_agg(json_build_array(f.key, f.label, f.amount, f.currency)"
                    + " ORDER BY f.position), '[]') FROM listing_fees f WHERE f.listing_id = l.id)::text AS fees";

    /**
     * Which rows of {@code listings} everyone may see: the same rule as {@link Listing#isPublic} and the
     * published view {@code listings_searchable} (V58), which other modules read instead.
     */
    static final String PUBLIC = "status = 'published' AND NOT owner_hidden AND deleted_at IS NULL";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ListingRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The listing with its photos, in one round trip: every listing page starts here. */
    Optional<Listing> find(UUID id) {
        return load("SELECT " + COLUMNS + PHOTO_ARRAYS + " FROM listings l WHERE id = :id AND deleted_at IS NULL", id);
    }

    /** Locks the row, so concurrent changes of one listing (e.g. two photo uploads) queue up. */
    Optional<Listing> findForUpdate(UUID id) {
        return load(
                "SELECT " + COLUMNS + PHOTO_ARRAYS
                        + " FROM listings l WHERE id = :id AND deleted_at IS NULL FOR UPDATE",
                id);
    }

    private static final String PHOTO_ARRAYS =
            ", ARRAY(SELECT p.id FROM listing_photos p WHERE p.listing_id = l.id ORDER BY p.position) AS photo_ids"
                    + ", ARRAY(SELECT p.image_id FROM listing_photos p WHERE p.listing_id = l.id ORDER BY p.position)"
                    + " AS photo_images";

    private Optional<Listing> load(String sql, UUID id) {
        return jdbc.sql(sql)
                .param("id", id)
                .query((rs, row) -> {
                    Listing l = listing(rs, row);
                    UUID[] ids = (UUID[]) rs.getArray("photo_ids").getArray();
                    String[] images = (String[]) rs.getArray("photo_images").getArray();
                    l.photos = new ArrayList<>(ids.length);
                    for (int i = 0; i < ids.length; i++) {
                        l.photos.add(new Listing.Photo(ids[i], images[i]));
                    }
                    return l;
                })
                .optional();
    }

    /** A page of an owner's listings, newest first, after the cursor's listing. */
    List<Listing> byOwner(UUID ownerId, @Nullable Instant afterCreatedAt, @Nullable UUID afterId, int limit) {
        List<Listing> listings = jdbc.sql("SELECT " + COLUMNS + """
                         FROM listings l
                        WHERE owner_id = :owner AND deleted_at IS NULL
                          AND (CAST(:after AS timestamptz) IS NULL OR (created_at, id) < (:after, :afterId))
                        ORDER BY created_at DESC, id DESC
                        LIMIT :limit""")
                .param("owner", ownerId)
                .param("after", afterCreatedAt == null ? null : Timestamp.from(afterCreatedAt))
                .param("afterId", afterId)
                .param("limit", limit)
                .query(this::listing)
                .list();
        return withPhotos(listings);
    }

    /** A listing of the owner's with when it was deleted, if it was. */
    record Kept(Listing listing, @Nullable Instant deletedAt) {}

    /** Every listing the owner ever made that is still stored, deleted ones included, oldest first. */
    List<Kept> everyOfOwner(UUID ownerId) {
        Map<UUID, Instant> deleted = new HashMap<>();
        List<Listing> listings = jdbc.sql("SELECT " + COLUMNS + ", deleted_at" + """
                         FROM listings l
                        WHERE owner_id = :owner
                        ORDER BY created_at, id""")
                .param("owner", ownerId)
                .query((rs, row) -> {
                    Listing listing = listing(rs, row);
                    Timestamp at = rs.getTimestamp("deleted_at");
                    if (at != null) {
                        deleted.put(listing.id, at.toInstant());
                    }
                    return listing;
                })
                .list();
        return withPhotos(listings).stream()
                .map(l -> new Kept(l, deleted.get(l.id)))
                .toList();
    }

    /** For operators: listings waiting for approval first, then the newest. */
    List<Listing> forModeration(int limit) {
        List<Listing> listings = jdbc.sql("SELECT " + COLUMNS + """
                         FROM listings l
                        WHERE deleted_at IS NULL
                        ORDER BY (status = 'pendingApproval') DESC, created_at DESC, id DESC
                        LIMIT :limit""")
                .param("limit", limit)
                .query(this::listing)
                .list();
        return withPhotos(listings);
    }

    /** The newest listings everyone may see, with their photos read in one query. */
    List<Listing> latestPublic(int limit) {
        List<Listing> listings = jdbc.sql("SELECT " + COLUMNS + " " + """
                FROM listings l
                        WHERE %s
                        ORDER BY published_at DESC, id DESC
                        LIMIT :limit""".formatted(PUBLIC))
                .param("limit", limit)
                .query(this::listing)
                .list();
        return withPhotos(listings);
    }

    /** Reads the photos of all these listings in one query. */
    private List<Listing> withPhotos(List<Listing> listings) {
        if (listings.isEmpty()) {
            return listings;
        }
        Map<UUID, List<Listing.Photo>> photos = new HashMap<>();
        jdbc.sql("SELECT listing_id, id, image_id FROM listing_photos WHERE listing_id = ANY (:ids) ORDER BY position")
                .param("ids", listings.stream().map(l -> l.id).toArray(UUID[]::new))
                .query((rs, n) -> photos.computeIfAbsent(
                                rs.getObject("listing_id", UUID.class), id -> new ArrayList<>())
                        .add(new Listing.Photo(rs.getObject("id", UUID.class), rs.getString("image_id"))))
                .list();
        listings.forEach(l -> l.photos = new ArrayList<>(photos.getOrDefault(l.id, List.of())));
        return listings;
    }

    List<UUID> publicIds() {
        return jdbc.sql("SELECT id FROM listings WHERE " + PUBLIC + " ORDER BY id")
                .query(UUID.class)
                .list();
    }

    List<UUID> idsOfOwner(UUID ownerId) {
        return jdbc.sql("SELECT id FROM listings WHERE owner_id = :owner AND deleted_at IS NULL ORDER BY id")
                .param("owner", ownerId)
                .query(UUID.class)
                .list();
    }

    void insert(Listing l) {
        jdbc.sql("""
                INSERT INTO listings (id, owner_id, listing_type, category, time_zone, status, created_at, updated_at)
                VALUES (:id, :owner, :type, :category, :zone, :status, :now, :now)""")
                .param("id", l.id)
                .param("owner", l.ownerId)
                .param("type", l.listingType)
                .param("category", l.category)
                .param("zone", l.timeZone.getId())
                .param("status", l.status.key())
                .param("now", Timestamp.from(l.createdAt))
                .update();
        update(l);
    }

    void update(Listing l) {
        jdbc.sql("""
                UPDATE listings SET
                    category = :category, title = :title, description = :description, fields = CAST(:fields AS jsonb),
                    price_amount = :amount, price_currency = :currency,
                    address = :address, latitude = :latitude, longitude = :longitude, time_zone = :zone,
                    instant_book = :instantBook, seats = :seats, stock = :stock,
                    min_duration = :minDuration, max_duration = :maxDuration, advance_notice_days = :notice,
                    cancellation_policy = :policy, house_rules = :houseRules,
                    status = :status, rejection_reason = :reason, has_weekly_plan = :hasPlan,
                    updated_at = :updated, published_at = :published
                WHERE id = :id""")
                .param("id", l.id)
                .param("category", l.category)
                .param("title", l.title)
                .param("description", l.description)
                .param("fields", json.writeValueAsString(l.fields))
                .param("amount", l.price == null ? null : l.price.amount())
                .param("currency", l.price == null ? null : l.price.currency().getCurrencyCode())
                .param("address", l.location == null ? null : l.location.address())
                .param("latitude", l.location == null ? null : l.location.latitude())
                .param("longitude", l.location == null ? null : l.location.longitude())
                .param("zone", l.timeZone.getId())
                .param("instantBook", l.instantBook)
                .param("seats", l.seats)
                .param("stock", l.stock)
                .param("minDuration", l.rules.minDuration())
                .param("maxDuration", l.rules.maxDuration())
                .param("notice", l.rules.advanceNoticeDays())
                .param("policy", l.rules.cancellationPolicy().key())
                .param("houseRules", l.rules.houseRules())
                .param("status", l.status.key())
                .param("reason", l.rejectionReason)
                .param("hasPlan", l.hasWeeklyPlan)
                .param("updated", Timestamp.from(l.updatedAt))
                .param("published", l.publishedAt == null ? null : Timestamp.from(l.publishedAt))
                .update();
    }

    /** Writes the fees in the listing's order. */
    void saveFees(Listing l) {
        jdbc.sql("DELETE FROM listing_fees WHERE listing_id = :id")
                .param("id", l.id)
                .update();
        for (int i = 0; i < l.fees.size(); i++) {
            ListingFee fee = l.fees.get(i);
            jdbc.sql("""
                    INSERT INTO listing_fees (listing_id, position, key, label, amount, currency)
                    VALUES (:listing, :position, :key, :label, :amount, :currency)""")
                    .param("listing", l.id)
                    .param("position", i)
                    .param("key", fee.key())
                    .param("label", fee.label())
                    .param("amount", fee.amount().amount())
                    .param("currency", fee.amount().currency().getCurrencyCode())
                    .update();
        }
    }

    void markDeleted(UUID id, Instant now) {
        jdbc.sql("UPDATE listings SET deleted_at = :now, updated_at = :now WHERE id = :id")
                .param("id", id)
                .param("now", Timestamp.from(now))
                .update();
    }

    /** Deletes the listing with everything it holds (photos, availability, stock), leaving no trace. */
    void remove(UUID id) {
        jdbc.sql("DELETE FROM listings WHERE id = :id").param("id", id).update();
    }

    /** The images of every photo of the owner's listings, deleted ones included. */
    List<String> imagesOfOwner(UUID ownerId) {
        return jdbc.sql("""
                SELECT p.image_id FROM listing_photos p JOIN listings l ON l.id = p.listing_id
                 WHERE l.owner_id = :owner ORDER BY p.image_id""").param("owner", ownerId).query(String.class).list();
    }

    /**
     * Erases what the owner's deleted listings still hold about the owner: description, place, custom
     * fields, house rules, fees, photos, availability and stock. What others may have seen of it stays: its
     * title, type, category and price.
     */
    void eraseDeletedOf(UUID ownerId) {
        jdbc.sql("""
                WITH erased AS (
                    UPDATE listings
                       SET description = '', fields = '{}', address = NULL, latitude = NULL, longitude = NULL,
                           house_rules = '', rejection_reason = NULL
                     WHERE owner_id = :owner AND deleted_at IS NOT NULL
                    RETURNING id
                ), photos AS (
                    DELETE FROM listing_photos WHERE listing_id IN (SELECT id FROM erased)
                ), plans AS (
                    DELETE FROM listing_weekly_plan WHERE listing_id IN (SELECT id FROM erased)
                ), exceptions AS (
                    DELETE FROM listing_availability_exceptions WHERE listing_id IN (SELECT id FROM erased)
                ), fees AS (
                    DELETE FROM listing_fees WHERE listing_id IN (SELECT id FROM erased)
                )
                DELETE FROM listing_stock_adjustments WHERE listing_id IN (SELECT id FROM erased)""").param("owner", ownerId).update();
    }

    /** @return the ids of the listings whose flag changed */
    List<UUID> setOwnerHidden(UUID ownerId, boolean hidden) {
        return jdbc.sql("""
                UPDATE listings SET owner_hidden = :hidden
                 WHERE owner_id = :owner AND owner_hidden <> :hidden AND deleted_at IS NULL
                RETURNING id""")
                .param("owner", ownerId)
                .param("hidden", hidden)
                .query(UUID.class)
                .list();
    }

    // --- photos ----------------------------------------------------------------------------------

    /** Writes the photos in the listing's order; positions are unique only at commit, so any order works. */
    void savePhotos(Listing l) {
        jdbc.sql("DELETE FROM listing_photos WHERE listing_id = :id")
                .param("id", l.id)
                .update();
        for (int i = 0; i < l.photos.size(); i++) {
            Listing.Photo photo = l.photos.get(i);
            jdbc.sql(
                            "INSERT INTO listing_photos (id, listing_id, image_id, position) VALUES (:id, :listing, :image, :pos)")
                    .param("id", photo.id())
                    .param("listing", l.id)
                    .param("image", photo.imageId())
                    .param("pos", i)
                    .update();
        }
    }

    /**
     * The owner of the listing holding this image, if no listing that everyone may see holds it: the
     * one member (besides operators) who may see it. Empty for public photos and images of no listing.
     * Which listings are public is the module's published view's rule, so it is stated once.
     */
    Optional<UUID> privatePhotoOwner(String imageId) {
        return jdbc.sql("""
                SELECT l.owner_id FROM listing_photos p JOIN listings l ON l.id = p.listing_id
                 WHERE p.image_id = :image AND l.deleted_at IS NULL
                   AND NOT EXISTS (SELECT 1 FROM listing_photos q JOIN listings_searchable m ON m.id = q.listing_id
                                    WHERE q.image_id = :image)
                 LIMIT 1""").param("image", imageId).query(UUID.class).optional();
    }

    // --- catalogue usage -------------------------------------------------------------------------

    long count(String whereClause, Map<String, Object> params) {
        var statement = jdbc.sql("SELECT count(*) FROM listings WHERE deleted_at IS NULL AND " + whereClause);
        params.forEach(statement::param);
        return statement.query(Long.class).single();
    }

    private Listing listing(ResultSet rs, int row) throws SQLException {
        Listing l = new Listing(
                rs.getObject("id", UUID.class),
                rs.getObject("owner_id", UUID.class),
                rs.getString("listing_type"),
                rs.getString("category"),
                ZoneId.of(rs.getString("time_zone")),
                rs.getTimestamp("created_at").toInstant());
        l.title = rs.getString("title");
        l.description = rs.getString("description");
        l.fields = new LinkedHashMap<>(
                json.readValue(rs.getString("fields"), new TypeReference<Map<String, Object>>() {}));
        long amount = rs.getLong("price_amount");
        l.price = rs.wasNull() ? null : new Money(amount, Currency.getInstance(rs.getString("price_currency")));
        l.fees = fees(rs.getString("fees"));
        double latitude = rs.getDouble("latitude");
        l.location = rs.wasNull() ? null : new Location(rs.getString("address"), latitude, rs.getDouble("longitude"));
        l.instantBook = rs.getBoolean("instant_book");
        l.seats = rs.getInt("seats");
        l.stock = rs.getObject("stock", Integer.class);
        l.rules = new Rules(
                rs.getObject("min_duration", Integer.class),
                rs.getObject("max_duration", Integer.class),
                rs.getInt("advance_notice_days"),
                CancellationPolicy.ofKey(rs.getString("cancellation_policy")),
                rs.getString("house_rules"));
        l.status = ListingStatus.ofKey(rs.getString("status"));
        l.rejectionReason = rs.getString("rejection_reason");
        l.ownerHidden = rs.getBoolean("owner_hidden");
        l.hasWeeklyPlan = rs.getBoolean("has_weekly_plan");
        l.updatedAt = rs.getTimestamp("updated_at").toInstant();
        Timestamp published = rs.getTimestamp("published_at");
        l.publishedAt = published == null ? null : published.toInstant();
        return l;
    }

    /** The fees as {@link #COLUMNS} reads them: {@code [[key, label, amount, currency], ...]}. */
    private List<ListingFee> fees(String rows) {
        List<ListingFee> fees = new ArrayList<>();
        for (JsonNode row : json.readTree(rows)) {
            fees.add(new ListingFee(
                    row.get(0).asString(),
                    row.get(1).asString(),
                    new Money(
                            row.get(2).asLong(), Currency.getInstance(row.get(3).asString()))));
        }
        return List.copyOf(fees);
    }
}
