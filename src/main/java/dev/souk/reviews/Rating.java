package dev.souk.reviews;

import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * The average of the public reviews of a listing or received by a member, and how many there are.
 *
 * @param average rounded to two decimals; none without reviews
 */
public record Rating(@Nullable BigDecimal average, int count) {

    public static final Rating NONE = new Rating(null, 0);
}
