/**
 * Finding listings: keyword search over a read model of publicly visible listings that this module
 * keeps in step with the listings module's events (and the seats bookings take with the transactions
 * module's), with category filters and the search page.
 */
@NullMarked
package dev.souk.search;

import org.jspecify.annotations.NullMarked;
