package dev.souk.listings;

import dev.souk.shared.Money;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A listing as its owner, operators and (when published) everyone see it.
 *
 * @param fees charged once per booking or order on top of the price, in its currency
 * @param unit what the price is per: night, day, hour or item; none for inquiries
 * @param stock how many are left, for purchase listings only
 * @param rejectionReason why an operator sent it back to draft; for the owner's eyes
 * @param hidden its owner is suspended, so nobody else sees it
 */
public record ListingView(
        UUID id,
        UUID ownerId,
        String listingType,
        String category,
        String title,
        String description,
        Map<String, Object> fields,
        @Nullable Money price,
        List<ListingFee> fees,
        @Nullable String unit,
        ZoneId timeZone,
        @Nullable Location location,
        List<ListingPhoto> photos,
        boolean instantBook,
        int seats,
        @Nullable Integer stock,
        Rules rules,
        ListingStatus status,
        @Nullable String rejectionReason,
        boolean hidden,
        Instant createdAt,
        @Nullable Instant publishedAt) {

    public ListingView {
        fields = Map.copyOf(fields);
        fees = List.copyOf(fees);
        photos = List.copyOf(photos);
    }

    /** Whether everyone may see it. */
    public boolean isPublic() {
        return status == ListingStatus.PUBLISHED && !hidden;
    }

    public @Nullable ListingPhoto cover() {
        return photos.isEmpty() ? null : photos.get(0);
    }
}
