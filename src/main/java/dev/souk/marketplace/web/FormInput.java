package dev.souk.marketplace.web;

import dev.souk.marketplace.CustomField;
import dev.souk.shared.Decimals;
import dev.souk.shared.InvalidInput.FieldProblem;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns the text of the operator's forms into typed values, naming the field of each problem; what
 * the values may be is the facade's business.
 */
final class FormInput {

    private FormInput() {}

    /** An ISO 4217 code that prices can be in (not a metal, fund or test code without minor units). */
    static @Nullable Currency currency(String field, String code, List<FieldProblem> problems) {
        String normalized = code.strip().toUpperCase(Locale.ROOT);
        try {
            Currency currency = Currency.getInstance(normalized);
            if (currency.getDefaultFractionDigits() >= 0) {
                return currency;
            }
        } catch (IllegalArgumentException e) {
            // reported below, as for codes without minor units
        }
        problems.add(new FieldProblem(field, "marketplace.currency.unknown", normalized.isEmpty() ? "…" : normalized));
        return null;
    }

    /** Codes separated by commas or spaces, e.g. "EUR, USD". */
    static List<Currency> currencies(String field, String codes, List<FieldProblem> problems) {
        Set<Currency> currencies = new LinkedHashSet<>();
        for (String code : codes.split("[,\\s]+")) {
            if (!code.isBlank()) {
                Currency currency = currency(field, code, problems);
                if (currency != null) {
                    currencies.add(currency);
                }
            }
        }
        return List.copyOf(currencies);
    }

    static @Nullable ZoneId zone(String field, String id, List<FieldProblem> problems) {
        try {
            return ZoneId.of(id.strip());
        } catch (DateTimeException e) {
            problems.add(new FieldProblem(field, "marketplace.timeZone.unknown"));
            return null;
        }
    }

    /** A plain decimal number (see {@link Decimals}); anything else, "1e3" too, is refused. */
    static @Nullable BigDecimal decimal(String field, String text, List<FieldProblem> problems) {
        BigDecimal number = Decimals.parse(text);
        if (number == null) {
            problems.add(new FieldProblem(field, "marketplace.number.invalid"));
        }
        return number;
    }

    /** A blank input is no value. */
    static @Nullable BigDecimal optionalDecimal(String field, String text, List<FieldProblem> problems) {
        return text.isBlank() ? null : decimal(field, text, problems);
    }

    /** An amount written as people write it ("1.50") in minor units of the currency (150). */
    static long minorUnits(String field, String text, Currency currency, List<FieldProblem> problems) {
        BigDecimal amount = decimal(field, text, problems);
        if (amount == null) {
            return 0;
        }
        int digits = Math.max(0, currency.getDefaultFractionDigits());
        BigDecimal minor = amount.movePointRight(digits).stripTrailingZeros();
        if (minor.scale() > 0) {
            problems.add(new FieldProblem(field, "marketplace.amount.decimals", digits));
            return 0;
        }
        try {
            return minor.longValueExact();
        } catch (ArithmeticException e) {
            problems.add(new FieldProblem(field, "marketplace.number.invalid"));
            return 0;
        }
    }

    /** Minor units as people write the amount: 150 EUR cents as "1.50", 150 yen as "150". */
    static String amount(long minorUnits, Currency currency) {
        return BigDecimal.valueOf(minorUnits, Math.max(0, currency.getDefaultFractionDigits()))
                .toPlainString();
    }

    static String plain(@Nullable BigDecimal number) {
        return number == null ? "" : number.stripTrailingZeros().toPlainString();
    }

    /** An order number; blank is 0. */
    static int position(String field, String text, List<FieldProblem> problems) {
        if (text.isBlank()) {
            return 0;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            problems.add(new FieldProblem(field, "marketplace.position.invalid"));
            return 0;
        }
    }

    /**
     * Choices written one a line as {@code key | label}; a line without a bar is both key and label.
     * Blank lines are skipped.
     */
    static List<CustomField.Choice> choices(String text) {
        List<CustomField.Choice> choices = new ArrayList<>();
        for (String line : text.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            int bar = line.indexOf('|');
            String key = bar < 0 ? line.strip() : line.substring(0, bar).strip();
            String label = bar < 0 ? line.strip() : line.substring(bar + 1).strip();
            choices.add(new CustomField.Choice(key, label));
        }
        return choices;
    }

    static String choicesText(List<CustomField.Choice> choices) {
        StringBuilder text = new StringBuilder();
        choices.forEach(
                c -> text.append(c.key()).append(" | ").append(c.label()).append('\n'));
        return text.toString();
    }

    /** Keys from checkboxes: repeated parameters, or one comma-separated value. */
    static Set<String> keys(List<String> values) {
        Set<String> keys = new LinkedHashSet<>();
        values.stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::strip)
                .filter(v -> !v.isEmpty())
                .forEach(keys::add);
        return keys;
    }
}
