package dev.souk.listings;

import dev.souk.shared.Money;
import dev.souk.shared.Refusal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The listing aggregate. Its content is changed by {@link Listings} after checking it against the
 * marketplace; its status only through the named transitions below, which refuse (422) what the
 * lifecycle does not allow and record the events to publish.
 */
final class Listing {

    final UUID id;
    final UUID ownerId;
    final String listingType;
    String category;
    String title = "";
    String description = "";
    Map<String, Object> fields = new LinkedHashMap<>();

    @Nullable
    Money price;

    List<ListingFee> fees = List.of();

    @Nullable
    Location location;

    ZoneId timeZone;
    boolean instantBook;
    int seats = 1;

    @Nullable
    Integer stock;

    Rules rules = Rules.defaults();
    ListingStatus status = ListingStatus.DRAFT;

    @Nullable
    String rejectionReason;

    boolean ownerHidden;
    boolean hasWeeklyPlan;
    final Instant createdAt;
    Instant updatedAt;

    @Nullable
    Instant publishedAt;

    List<Photo> photos = new ArrayList<>();

    private final List<Object> events = new ArrayList<>();

    record Photo(UUID id, String imageId) {}

    Listing(UUID id, UUID ownerId, String listingType, String category, ZoneId timeZone, Instant createdAt) {
        this.id = id;
        this.ownerId = ownerId;
        this.listingType = listingType;
        this.category = category;
        this.timeZone = timeZone;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    /**
     * Drafts become published, or wait for an operator where the marketplace requires approval. A
     * closed listing was published before, so it opens again without another approval.
     */
    void publish(boolean approvalRequired, Instant now) {
        if (status == ListingStatus.CLOSED) {
            open(now);
            return;
        }
        requireStatus("publish", ListingStatus.DRAFT);
        rejectionReason = null;
        if (approvalRequired) {
            status = ListingStatus.PENDING_APPROVAL;
            touched(now);
        } else {
            becomePublished(now);
        }
    }

    void open(Instant now) {
        requireStatus("open", ListingStatus.CLOSED);
        becomePublished(now);
    }

    void close(Instant now) {
        requireStatus("close", ListingStatus.PUBLISHED, ListingStatus.PENDING_APPROVAL);
        status = ListingStatus.CLOSED;
        updatedAt = now;
        events.add(new ListingClosed(id, now));
    }

    void approve(Instant now) {
        requireStatus("approve", ListingStatus.PENDING_APPROVAL);
        becomePublished(now);
        events.add(new ListingApproved(id, ownerId, now));
    }

    void reject(String reason, Instant now) {
        requireStatus("reject", ListingStatus.PENDING_APPROVAL);
        status = ListingStatus.DRAFT;
        rejectionReason = reason;
        touched(now);
        events.add(new ListingRejected(id, ownerId, reason, now));
    }

    void delete(Instant now) {
        updatedAt = now;
        events.add(new ListingDeleted(id, now));
    }

    /** Content, photos, availability or stock changed. */
    void touched(Instant now) {
        updatedAt = now;
        events.add(new ListingChanged(id, now));
    }

    private void becomePublished(Instant now) {
        status = ListingStatus.PUBLISHED;
        if (publishedAt == null) {
            publishedAt = now;
        }
        updatedAt = now;
        events.add(new ListingPublished(id, ownerId, now));
    }

    private void requireStatus(String transition, ListingStatus... allowed) {
        for (ListingStatus s : allowed) {
            if (status == s) {
                return;
            }
        }
        throw Refusal.invalidState("listings.transition." + transition, status.key());
    }

    /**
     * Whether everyone may see it: published, and its owner in good standing (deleted listings are never
     * loaded). The same rule as the published view {@code listings_searchable} (V58) and {@link
     * ListingRepository#PUBLIC}; {@code ListingVisibilityTest} holds them together.
     */
    boolean isPublic() {
        return status == ListingStatus.PUBLISHED && !ownerHidden;
    }

    List<Object> takeEvents() {
        List<Object> taken = List.copyOf(events);
        events.clear();
        return taken;
    }
}
