/**
 * The operator's marketplace: its name, description, currency and time zone (listing types,
 * categories and custom fields join them here). Public read API at {@code /api/v1/marketplace}.
 */
@NullMarked
package dev.souk.marketplace;

import org.jspecify.annotations.NullMarked;
