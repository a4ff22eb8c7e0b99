/**
 * Reviews: after a booking or a purchase completes, its customer and provider may review each other
 * for 14 days. Double-blind: a review stays hidden until both have written theirs or the window
 * closes. The customer's review also rates the listing; averages and counts are kept for listings and
 * members, which listing pages and profiles show through {@link dev.souk.listings.ListingRatings} and
 * {@link dev.souk.accounts.MemberRatings} (implemented here) and search orders by. The facade is
 * {@link dev.souk.reviews.Reviews}; {@code ReviewStore} reads and writes.
 */
@NullMarked
package dev.souk.reviews;

import org.jspecify.annotations.NullMarked;
