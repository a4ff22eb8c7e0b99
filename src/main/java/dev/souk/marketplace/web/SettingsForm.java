package dev.souk.marketplace.web;

import dev.souk.marketplace.Commission;
import dev.souk.marketplace.MarketplaceConfig;
import dev.souk.marketplace.MarketplaceSettings;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.InvalidInput.FieldProblem;
import dev.souk.shared.Money;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.stream.Collectors;

/** The operator's settings page as typed: settings and commission, one form. */
public record SettingsForm(
        String name,
        String description,
        String defaultCurrency,
        String currencies,
        String timeZone,
        boolean approvalRequired,
        String providerPercent,
        String providerMinimum,
        String customerPercent) {

    public record Parsed(MarketplaceSettings settings, Commission commission) {}

    public static SettingsForm of(MarketplaceConfig config) {
        MarketplaceSettings s = config.settings();
        Commission c = config.commission();
        return new SettingsForm(
                s.name(),
                s.description(),
                s.defaultCurrency().getCurrencyCode(),
                s.currencies().stream().map(Currency::getCurrencyCode).collect(Collectors.joining(", ")),
                s.timeZone().getId(),
                s.approvalRequired(),
                FormInput.plain(c.providerPercent()),
                FormInput.amount(
                        c.providerMinimum().amount(), c.providerMinimum().currency()),
                FormInput.plain(c.customerPercent()));
    }

    /** Refuses (400) what can't be read: unknown currency codes or zones, numbers that aren't. */
    Parsed parse() {
        List<FieldProblem> problems = new ArrayList<>();
        Currency currency = FormInput.currency("defaultCurrency", defaultCurrency, problems);
        List<Currency> allowed = FormInput.currencies("currencies", currencies, problems);
        ZoneId zone = FormInput.zone("timeZone", timeZone, problems);
        BigDecimal provider = FormInput.decimal("providerPercent", providerPercent, problems);
        BigDecimal customer = FormInput.decimal("customerPercent", customerPercent, problems);
        // an unknown default currency still lets the minimum be read as a number
        Currency minimumCurrency = currency == null ? Currency.getInstance("EUR") : currency;
        long minimum = FormInput.minorUnits("providerMinimum", providerMinimum, minimumCurrency, problems);
        if (!problems.isEmpty() || currency == null || zone == null || provider == null || customer == null) {
            throw new InvalidInput(problems);
        }
        return new Parsed(
                new MarketplaceSettings(name, description, currency, allowed, zone, approvalRequired),
                new Commission(provider, new Money(minimum, currency), customer));
    }
}
