package dev.souk.marketplace;

import dev.souk.shared.Money;
import java.math.BigDecimal;

/**
 * What the marketplace earns: a percentage of the provider's price (at least a minimum amount) and a
 * fee added on top for the customer.
 */
public record Commission(BigDecimal providerPercent, Money providerMinimum, BigDecimal customerPercent) {}
