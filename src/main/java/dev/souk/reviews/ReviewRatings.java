package dev.souk.reviews;

import dev.souk.accounts.MemberRatings;
import dev.souk.listings.ListingRatings;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The ratings the listings and accounts modules show in their JSON, as {@link Reviews} has them. */
@Component
class ReviewRatings implements ListingRatings, MemberRatings {

    private final Reviews reviews;

    ReviewRatings(Reviews reviews) {
        this.reviews = reviews;
    }

    @Override
    public Map<UUID, ListingRatings.Rated> of(Collection<UUID> listingIds) {
        Map<UUID, ListingRatings.Rated> rated = new LinkedHashMap<>();
        reviews.listingRatings(listingIds).forEach((id, rating) -> {
            BigDecimal average = rating.average();
            if (average != null) {
                rated.put(id, new ListingRatings.Rated(average, rating.count()));
            }
        });
        return rated;
    }

    @Override
    public Optional<MemberRatings.Rated> of(UUID memberId) {
        Rating rating = reviews.memberRating(memberId);
        BigDecimal average = rating.average();
        return average == null ? Optional.empty() : Optional.of(new MemberRatings.Rated(average, rating.count()));
    }
}
