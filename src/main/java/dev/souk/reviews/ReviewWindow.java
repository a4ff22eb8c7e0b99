package dev.souk.reviews;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A completed transaction's review window as one of its parties sees it.
 *
 * @param mine the viewer's review, if written
 * @param theirs the other party's review once public (never while it waits)
 */
public record ReviewWindow(
        UUID transactionId,
        UUID listingId,
        UUID viewerId,
        UUID otherId,
        ReviewRole viewerRole,
        Instant openedAt,
        Instant closesAt,
        boolean open,
        @Nullable ReviewView mine,
        @Nullable ReviewView theirs) {

    /** Whether the viewer may write their review now. */
    public boolean mayReview() {
        return open && mine == null;
    }
}
