package dev.souk.marketplace;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
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

    record MarketplaceJson(String name, String description, String defaultCurrency, String timeZone) {}

    @GetMapping
    @Operation(summary = "The marketplace's public configuration")
    MarketplaceJson get() {
        MarketplaceSettings settings = marketplace.settings();
        return new MarketplaceJson(
                settings.name(),
                settings.description(),
                settings.defaultCurrency().getCurrencyCode(),
                settings.timeZone().getId());
    }
}
