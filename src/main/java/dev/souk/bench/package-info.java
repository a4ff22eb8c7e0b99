/**
 * Bulk data for benchmarks: fills a database with hundreds of thousands of realistic published
 * listings, their owners and photos ({@code --souk.generate.listings=N}), so that page and search
 * benchmarks measure a marketplace of a realistic size; and a ledger of a million journals with the
 * payments they belong to ({@code --souk.bench.ledger-journals=N}), so that the ledger check is timed
 * at that size. The ledger's load driver ({@code --souk.bench.ledger-load=60s}) moves money through
 * the payments facade instead, as bookings will.
 *
 * <p>This module alone writes other modules' tables directly (members, listings and their photos,
 * weekly plans and stock adjustments; payments, their gateway calls and the ledger) with PostgreSQL
 * {@code COPY}: going through the facades costs a few transactions per listing, hours for a million.
 * It is a bulk tool, run on purpose against a database nobody uses yet; its tests check that what it
 * writes is what the facades would accept. It still goes through the facades for the little that
 * isn't bulk: the catalogue, the photos (stored once through {@link dev.souk.media.Images}, so their
 * URLs resolve) and the one benchmark member.
 */
@NullMarked
package dev.souk.bench;

import org.jspecify.annotations.NullMarked;
