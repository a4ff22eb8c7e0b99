package dev.souk.marketplace;

import java.time.ZoneId;
import java.util.Currency;

/** The marketplace as its operator set it up. */
public record MarketplaceSettings(String name, String description, Currency defaultCurrency, ZoneId timeZone) {}
