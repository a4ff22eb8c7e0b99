package dev.souk.marketplace;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/marketplace")
@Tag(name = "Marketplace", description = "How the operator set up this marketplace")
class MarketplaceApi {

    private final Marketplace marketplace;

    MarketplaceApi(Marketplace marketplace) {
        this.marketplace = marketplace;
    }

    record MoneyJson(long amount, String currency) {}

    record ListingTypeJson(
            String key,
            String name,
            String transaction,
            @Nullable String unit,
            boolean instantBook,
            boolean multipleSeats,
            List<String> requires) {}

    record CategoryJson(
            String key,
            String name,
            List<String> listingTypes,
            @Nullable List<CategoryJson> children) {}

    record FieldJson(
            String key,
            String label,
            String type,
            List<String> listingTypes,
            List<String> categories,
            boolean required,
            boolean searchable,
            boolean filterable,
            List<CustomField.Choice> choices,
            @Nullable BigDecimal min,
            @Nullable BigDecimal max,
            @Nullable String unit) {}

    record CommissionJson(BigDecimal providerPercent, MoneyJson providerMinimum, BigDecimal customerPercent) {}

    record MarketplaceJson(
            String name,
            String description,
            String defaultCurrency,
            List<String> currencies,
            String timeZone,
            boolean approvalRequired,
            List<ListingTypeJson> listingTypes,
            List<CategoryJson> categories,
            List<FieldJson> fields,
            CommissionJson commission) {}

    @GetMapping
    @Operation(
            operationId = "marketplace",
            summary = "The marketplace's public configuration: listing types, categories, custom fields, commission")
    MarketplaceJson get() {
        MarketplaceConfig config = marketplace.config();
        MarketplaceSettings settings = config.settings();
        Commission commission = config.commission();
        return new MarketplaceJson(
                settings.name(),
                settings.description(),
                settings.defaultCurrency().getCurrencyCode(),
                settings.currencies().stream().map(Currency::getCurrencyCode).toList(),
                settings.timeZone().getId(),
                settings.approvalRequired(),
                config.listingTypes().stream()
                        .map(t -> new ListingTypeJson(
                                t.key(),
                                t.name(),
                                t.transaction().key(),
                                t.transaction().unit(),
                                t.instantBook(),
                                t.multipleSeats(),
                                t.requires().stream()
                                        .map(Requirement::key)
                                        .sorted()
                                        .toList()))
                        .toList(),
                config.topLevelCategories().stream()
                        .map(c -> new CategoryJson(
                                c.key(),
                                c.name(),
                                sorted(c.listingTypes()),
                                config.children(c.key()).stream()
                                        .map(child -> new CategoryJson(
                                                child.key(), child.name(), sorted(child.listingTypes()), null))
                                        .toList()))
                        .toList(),
                config.fields().stream()
                        .map(f -> new FieldJson(
                                f.key(),
                                f.label(),
                                f.type().key(),
                                sorted(f.listingTypes()),
                                sorted(f.categories()),
                                f.required(),
                                f.searchable(),
                                f.filterable(),
                                f.choices(),
                                f.min(),
                                f.max(),
                                f.unit()))
                        .toList(),
                new CommissionJson(
                        commission.providerPercent().stripTrailingZeros(),
                        new MoneyJson(
                                commission.providerMinimum().amount(),
                                commission.providerMinimum().currency().getCurrencyCode()),
                        commission.customerPercent().stripTrailingZeros()));
    }

    private static List<String> sorted(java.util.Set<String> keys) {
        return keys.stream().sorted(Comparator.naturalOrder()).toList();
    }
}
