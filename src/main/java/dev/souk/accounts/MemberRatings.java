package dev.souk.accounts;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.UUID;

/**
 * The average and count of the public reviews a member received, which the reviews module keeps (and
 * implements this); the accounts module only shows them on the member's public profile.
 */
public interface MemberRatings {

    /** Empty while the member has no public reviews. */
    Optional<Rated> of(UUID memberId);

    record Rated(BigDecimal average, int count) {}
}
