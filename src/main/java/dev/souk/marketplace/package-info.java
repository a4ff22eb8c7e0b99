/**
 * The operator's marketplace: its settings (name, description, currencies, time zone), listing types
 * with their transaction process, categories, custom fields (whose {@link
 * dev.souk.marketplace.FieldType} says whether search filters by them or finds their words) and the
 * commission. Other modules read it through {@link dev.souk.marketplace.Marketplace}, kept in memory
 * on every node as committed; public read API at {@code /api/v1/marketplace}, the operator's console
 * in {@code web}.
 */
@NullMarked
package dev.souk.marketplace;

import org.jspecify.annotations.NullMarked;
