package dev.souk.marketplace;

import java.time.ZoneId;
import java.util.Currency;
import java.util.List;

/**
 * The marketplace as its operator set it up.
 *
 * @param currencies the currencies listings may be priced in; includes the default
 * @param approvalRequired whether new listings wait for an operator before they are published
 */
public record MarketplaceSettings(
        String name,
        String description,
        Currency defaultCurrency,
        List<Currency> currencies,
        ZoneId timeZone,
        boolean approvalRequired) {

    public MarketplaceSettings {
        currencies = List.copyOf(currencies);
    }

    public boolean allows(Currency currency) {
        return currencies.contains(currency);
    }
}
