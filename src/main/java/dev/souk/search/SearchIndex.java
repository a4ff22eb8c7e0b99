package dev.souk.search;

import dev.souk.listings.ListingChanged;
import dev.souk.listings.ListingClosed;
import dev.souk.listings.ListingDeleted;
import dev.souk.listings.ListingPublished;
import dev.souk.listings.ListingView;
import dev.souk.listings.Listings;
import dev.souk.marketplace.CustomField;
import dev.souk.marketplace.FieldType;
import dev.souk.marketplace.Marketplace;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code search_listings} in step with the listings: a listing everyone may see has a row,
 * any other has none. Events arrive right after the listing's transaction commits.
 */
@Component
class SearchIndex {

    private static final Logger log = LoggerFactory.getLogger(SearchIndex.class);

    private final Listings listings;
    private final Marketplace marketplace;
    private final JdbcClient jdbc;

    SearchIndex(Listings listings, Marketplace marketplace, JdbcClient jdbc) {
        this.listings = listings;
        this.marketplace = marketplace;
        this.jdbc = jdbc;
    }

    @ApplicationModuleListener
    void on(ListingPublished event) {
        refresh(event.listingId());
    }

    @ApplicationModuleListener
    void on(ListingChanged event) {
        refresh(event.listingId());
    }

    @ApplicationModuleListener
    void on(ListingClosed event) {
        remove(event.listingId());
    }

    @ApplicationModuleListener
    void on(ListingDeleted event) {
        remove(event.listingId());
    }

    /**
     * Fills an empty index from the listings, in the background: after the index was added to an
     * existing marketplace, or after listings were generated in bulk without events.
     */
    @EventListener(ApplicationReadyEvent.class)
    void rebuildIfEmpty() {
        boolean empty = !jdbc.sql("SELECT EXISTS (SELECT 1 FROM search_listings)")
                .query(Boolean.class)
                .single();
        if (!empty) {
            return;
        }
        Thread rebuild = new Thread(
                () -> {
                    List<UUID> ids = listings.publicIds();
                    for (int i = 0; i < ids.size(); i++) {
                        refresh(ids.get(i));
                        if ((i + 1) % 10_000 == 0) {
                            log.info("Search index: {} of {} listings", i + 1, ids.size());
                        }
                    }
                    if (!ids.isEmpty()) {
                        log.info("Search index built for {} listings", ids.size());
                    }
                },
                "search-rebuild");
        rebuild.setDaemon(true);
        rebuild.start();
    }

    void refresh(UUID listingId) {
        Optional<ListingView> listing = listings.findPublic(listingId).filter(ListingView::isPublic);
        if (listing.isEmpty()) {
            remove(listingId);
            return;
        }
        ListingView l = listing.get();
        jdbc.sql("""
                INSERT INTO search_listings (listing_id, listing_type, category, title, document, price_amount,
                                             price_currency, unit, address, latitude, longitude, thumbnail_url,
                                             published_at)
                VALUES (:id, :type, :category, :title,
                        setweight(to_tsvector('simple', unaccent(:title)), 'A')
                          || setweight(to_tsvector('simple', unaccent(:description)), 'B')
                          || setweight(to_tsvector('simple', unaccent(:fields)), 'C'),
                        :amount, :currency, :unit, :address, :latitude, :longitude, :thumbnail, :published)
                ON CONFLICT (listing_id) DO UPDATE SET
                    listing_type = excluded.listing_type, category = excluded.category, title = excluded.title,
                    document = excluded.document, price_amount = excluded.price_amount,
                    price_currency = excluded.price_currency, unit = excluded.unit, address = excluded.address,
                    latitude = excluded.latitude, longitude = excluded.longitude,
                    thumbnail_url = excluded.thumbnail_url, published_at = excluded.published_at""")
                .param("id", l.id())
                .param("type", l.listingType())
                .param("category", l.category())
                .param("title", l.title())
                .param("description", l.description())
                .param("fields", searchableText(l))
                .param("amount", l.price() == null ? null : l.price().amount())
                .param(
                        "currency",
                        l.price() == null ? null : l.price().currency().getCurrencyCode())
                .param("unit", l.unit())
                .param("address", l.location() == null ? null : l.location().address())
                .param("latitude", l.location() == null ? null : l.location().latitude())
                .param("longitude", l.location() == null ? null : l.location().longitude())
                .param("thumbnail", l.cover() == null ? null : l.cover().thumbnailUrl())
                .param("published", Timestamp.from(l.publishedAt() == null ? l.createdAt() : l.publishedAt()))
                .update();
    }

    void remove(UUID listingId) {
        jdbc.sql("DELETE FROM search_listings WHERE listing_id = :id")
                .param("id", listingId)
                .update();
    }

    /**
     * The names of the listing's type and categories (people search "lessons"), and the values of the
     * text fields the operator marked searchable.
     */
    private String searchableText(ListingView listing) {
        var config = marketplace.config();
        var names = new StringBuilder();
        config.listingType(listing.listingType())
                .ifPresent(t -> names.append(t.name()).append(' '));
        config.category(listing.category()).ifPresent(c -> {
            names.append(c.name()).append(' ');
            if (c.parentKey() != null) {
                config.category(c.parentKey())
                        .ifPresent(parent -> names.append(parent.name()).append(' '));
            }
        });
        return names
                + listing.fields().entrySet().stream()
                        .filter(entry -> config.field(entry.getKey())
                                .filter(CustomField::searchable)
                                .filter(f -> f.type() == FieldType.TEXT || f.type() == FieldType.LONG_TEXT)
                                .isPresent())
                        .map(entry -> String.valueOf(entry.getValue()))
                        .collect(Collectors.joining(" "));
    }
}
