package dev.souk.listings;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.souk.infra.ChangeNotices;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The public listing page, kept per node: a published listing is viewed far more often than it
 * changes, and reading it (listing, photos, owner, a month of availability) is most of a page's
 * cost. Its rating is kept with it. A kept listing is dropped when a change of it or of its rating
 * ({@link ListingRatings.Changed}) commits: on this node right after the commit, on every other node
 * when PostgreSQL delivers the notice sent with the change (milliseconds; at most 1 s), and everywhere
 * when its day ends in its time zone. A node that lost its notices' connection drops every kept
 * listing when it listens again. A view up to {@code souk.listings.pages-reused-for} after it was read (between half and all of that, so that pages
 * read together are not read again together) gets it while it is read again in the background, which
 * bounds how long what no notice announces (an owner's new name) takes to show; one not viewed for
 * twice that is dropped. Its owner and operators always read it afresh, and so does any month other
 * than the current one.
 */
@Component
class ShownListings {

    /** Listings kept at most; a page's listing with its photos and calendar is a few kilobytes. */
    static final int KEPT = 10_000;

    /** The notice, to every node, that a listing's kept page is stale; its detail is the listing's id. */
    static final String CHANGED = "listing-page";

    private final ChangeNotices notices;

    private final Listings listings;
    private final ObjectProvider<ListingRatings> ratings;
    private final Clock clock;
    private final Duration reusedFor;
    private final @Nullable LoadingCache<UUID, Kept> kept;

    /** A listing page's listing, and its rating when it has public reviews. */
    record Page(Listings.Shown shown, ListingRatings.@Nullable Rated rating) {}

    /** @param readAgainAt when, in {@link System#nanoTime()}, a view has it read again in the background */
    private record Kept(Page page, long readAgainAt) {}

    ShownListings(
            Listings listings,
            ObjectProvider<ListingRatings> ratings,
            Clock clock,
            MeterRegistry meters,
            ChangeNotices notices,
            @Value("${souk.listings.pages-reused-for:30s}") Duration reusedFor) {
        this.listings = listings;
        this.ratings = ratings;
        this.notices = notices;
        this.clock = clock;
        this.reusedFor = reusedFor;
        if (reusedFor.isZero() || reusedFor.isNegative()) {
            this.kept = null;
        } else {
            this.kept = Caffeine.newBuilder()
                    .maximumSize(KEPT)
                    .expireAfterWrite(reusedFor.multipliedBy(2))
                    .recordStats()
                    .build(this::publicPage);
            CaffeineCacheMetrics.monitor(meters, kept, "listing.pages");
            LoadingCache<UUID, Kept> cache = kept;
            notices.listen(CHANGED, id -> cache.invalidate(UUID.fromString(id)));
            notices.onReconnect(cache::invalidateAll);
        }
    }

    Optional<Page> shown(UUID id, Viewer viewer, @Nullable YearMonth month) {
        LoadingCache<UUID, Kept> cache = kept;
        if (cache == null || month != null || viewer.operator()) {
            return read(id, viewer.id(), viewer.operator(), month);
        }
        Kept page = cache.get(id);
        if (page != null
                && !page.page().shown().today().equals(today(page.page().shown()))) {
            cache.asMap().remove(id, page);
            page = cache.get(id);
        }
        if (page == null) {
            // not public: only its owner (operators read above) may see it
            return viewer.id() == null ? Optional.empty() : read(id, viewer.id(), false, null);
        }
        if (viewer.owns(page.page().shown().listing())) {
            // who may see it in any state, and has just changed it
            return read(id, viewer.id(), false, null);
        }
        if (System.nanoTime() - page.readAgainAt() > 0) {
            cache.refresh(id); // one read at a time per listing, and this view need not wait for it
        }
        return Optional.of(page.page());
    }

    private Optional<Page> read(UUID id, @Nullable UUID viewerId, boolean operator, @Nullable YearMonth month) {
        return listings.shown(id, viewerId, operator, month).map(shown -> {
            ListingRatings rated = ratings.getIfAvailable();
            return new Page(shown, rated == null ? null : rated.of(List.of(id)).get(id));
        });
    }

    private LocalDate today(Listings.Shown page) {
        return LocalDate.ofInstant(clock.instant(), page.listing().timeZone());
    }

    /** What everyone may see of it; nothing (and nothing kept) when it is not public. */
    private @Nullable Kept publicPage(UUID id) {
        long half = reusedFor.toNanos() / 2;
        return read(id, null, false, null)
                .map(page -> new Kept(
                        page,
                        System.nanoTime() + half + ThreadLocalRandom.current().nextLong(half + 1)))
                .orElse(null);
    }

    // A plain listener, not a transactional one: the event publication registry would record a
    // publication per change for it. Dropping before the commit would let a page read in between
    // keep the old listing. Caffeine's invalidate waits for a read of the same listing in progress
    // and discards a background read that started before it.

    @EventListener
    void on(ListingChanged event) {
        forget(event.listingId());
    }

    @EventListener
    void on(ListingClosed event) {
        forget(event.listingId());
    }

    @EventListener
    void on(Listings.SeatsChanged event) {
        forget(event.listingId());
    }

    @EventListener
    void on(ListingDeleted event) {
        forget(event.listingId());
    }

    @EventListener
    void on(ListingRatings.Changed event) {
        forget(event.listingId());
    }

    private void forget(UUID id) {
        LoadingCache<UUID, Kept> cache = kept;
        if (cache != null) {
            ListingKeeper.afterCommit(() -> cache.invalidate(id));
            notices.publish(CHANGED, id.toString()); // with the change: other nodes hear of it once it commits
        }
    }
}
