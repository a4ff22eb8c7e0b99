package dev.souk.listings;

import dev.souk.accounts.PersonalData;
import dev.souk.infra.SoukProperties;
import dev.souk.media.ImageKind;
import dev.souk.media.Images;
import dev.souk.media.StoredImage;
import dev.souk.shared.Money;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The member's listings in "download my data": all of them, each with all it holds. */
@Component
class ListingsPersonalData implements PersonalData {

    private final ListingRepository repository;
    private final StockStore stock;
    private final AvailabilityStore availability;
    private final Images images;
    private final String baseUrl;

    ListingsPersonalData(
            ListingRepository repository,
            StockStore stock,
            AvailabilityStore availability,
            Images images,
            SoukProperties properties) {
        this.repository = repository;
        this.stock = stock;
        this.availability = availability;
        this.images = images;
        this.baseUrl = properties.baseUrl().replaceAll("/+$", "");
    }

    /**
     * @param deletedAt when the member deleted it; what it still holds is erased with the account
     * @param weeklyPlan the open days the owner set; none while the default plan applies
     * @param photos with absolute URLs, which only the owner can open while the listing is not public
     */
    record ListingData(
            UUID id,
            String status,
            @Nullable Instant deletedAt,
            String listingType,
            String category,
            String title,
            String description,
            Map<String, Object> fields,
            @Nullable Money price,
            List<ListingFee> fees,
            @Nullable Location location,
            String timeZone,
            boolean instantBook,
            int seats,
            @Nullable Integer stock,
            Rules rules,
            @Nullable String rejectionReason,
            Instant createdAt,
            Instant updatedAt,
            @Nullable Instant publishedAt,
            List<PhotoData> photos,
            @Nullable List<WeeklyPlan.OpenDay> weeklyPlan,
            List<AvailabilityException> availabilityExceptions,
            List<StockAdjustment> stockAdjustments) {}

    record PhotoData(UUID id, String url, String thumbnailUrl) {}

    @Override
    public String part() {
        return "listings";
    }

    @Override
    @Transactional(readOnly = true)
    public List<ListingData> export(UUID memberId) {
        return repository.everyOfOwner(memberId).stream()
                .map(kept -> data(kept.listing(), kept.deletedAt()))
                .toList();
    }

    private ListingData data(Listing l, @Nullable Instant deletedAt) {
        return new ListingData(
                l.id,
                l.status.key(),
                deletedAt,
                l.listingType,
                l.category,
                l.title,
                l.description,
                l.fields,
                l.price,
                l.fees,
                l.location,
                l.timeZone.getId(),
                l.instantBook,
                l.seats,
                l.stock,
                l.rules,
                l.rejectionReason,
                l.createdAt,
                l.updatedAt,
                l.publishedAt,
                l.photos.stream().map(this::photo).toList(),
                l.hasWeeklyPlan ? availability.weeklyPlan(l.id) : null,
                availability.allExceptions(l.id),
                stock.adjustments(l.id));
    }

    private PhotoData photo(Listing.Photo photo) {
        StoredImage image = images.image(photo.imageId(), ImageKind.LISTING_PHOTO);
        return new PhotoData(photo.id(), baseUrl + image.url("large"), baseUrl + image.url("thumb"));
    }
}
