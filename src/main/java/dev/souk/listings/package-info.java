/**
 * Listings: what members offer. A member drafts a listing of one of the marketplace's listing types,
 * adds photos, extra fees, availability (bookable types) or stock (purchase types) and publishes it,
 * possibly through an operator's approval. Orders reserve stock through the facade; bookings, kept by
 * the transactions module, come off the availability through {@link dev.souk.listings.BookedSeats}.
 *
 * <p>The facade is {@link dev.souk.listings.Listings}: it decides, handing drafting, photos, availability
 * and stock to package-private parts ({@code ListingDrafting}, {@code ListingPhotos}, {@code
 * ListingCalendar}, {@code ListingStock}); the package-private stores {@code ListingRepository}, {@code
 * AvailabilityStore} and {@code StockStore} read and write the module's tables. Other modules learn about
 * changes from its events ({@link dev.souk.listings.ListingPublished} and friends).
 *
 * <p>Its published read interface for SQL readers (search) are the views {@code listings_searchable} (the
 * listings everyone may see, with their cover photo and the weekly plan in effect), {@code
 * listing_date_exceptions} (availability exceptions, the one made last in effect) and {@code
 * listing_changes} (when each listing last changed), created and versioned by its migrations ({@code
 * V58__listings_searchable.sql}). No other module names its tables; the views state the same rules as
 * {@code Listing.isPublic()} and {@code Availability}, which {@code ListingVisibilityTest} holds together.
 */
@NullMarked
package dev.souk.listings;

import org.jspecify.annotations.NullMarked;
