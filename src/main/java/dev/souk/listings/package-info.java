/**
 * Listings: what members offer. A member drafts a listing of one of the marketplace's listing types,
 * adds photos, extra fees, availability (bookable types) or stock (purchase types) and publishes it,
 * possibly through an operator's approval. Orders reserve stock through the facade; bookings, kept by
 * the transactions module, come off the availability through {@link dev.souk.listings.BookedSeats}. The facade is {@link dev.souk.listings.Listings}; other modules
 * learn about changes from its events ({@link dev.souk.listings.ListingPublished} and friends).
 */
@NullMarked
package dev.souk.listings;

import org.jspecify.annotations.NullMarked;
