package dev.souk.payments.pages;

import dev.souk.shared.FormErrors;
import java.util.UUID;

/** The operator's "record payment" form of one provider's debt in one currency, as it was sent. */
public record CommissionForm(UUID providerId, String currency, String amount, FormErrors errors) {

    /** Whether this form belongs to the row of this debt. */
    public boolean isFor(UUID provider, String currencyCode) {
        return providerId.equals(provider) && currency.equals(currencyCode);
    }
}
