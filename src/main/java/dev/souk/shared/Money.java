package dev.souk.shared;

import java.math.BigDecimal;
import java.util.Currency;

/** An amount in the currency's minor units (cents), never a floating-point number. */
public record Money(long amount, Currency currency) {

    public static Money of(long amount, String currency) {
        return new Money(amount, Currency.getInstance(currency));
    }

    public static Money zero(Currency currency) {
        return new Money(0, currency);
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.addExact(amount, other.amount), currency);
    }

    public Money times(long factor) {
        return new Money(Math.multiplyExact(amount, factor), currency);
    }

    public boolean isPositive() {
        return amount > 0;
    }

    /** The amount in major units, e.g. 12.50 for 1250 cents. */
    public BigDecimal decimal() {
        return BigDecimal.valueOf(amount, Math.max(0, currency.getDefaultFractionDigits()));
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException(currency + " and " + other.currency + " don't add up");
        }
    }
}
