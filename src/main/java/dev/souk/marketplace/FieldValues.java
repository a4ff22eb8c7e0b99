package dev.souk.marketplace;

import dev.souk.shared.Decimals;
import dev.souk.shared.InvalidInput;
import dev.souk.shared.InvalidInput.FieldProblem;
import dev.souk.shared.Text;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Checks custom field values against the operator's schema and turns them into their stored form:
 * text as strings, numbers as {@link BigDecimal}, choices as choice keys, yes/no as booleans, dates
 * as ISO strings. Values may come from JSON (typed) or from forms (strings).
 */
final class FieldValues {

    static final int TEXT_MAX = 200;
    static final int LONG_TEXT_MAX = 5000;

    private FieldValues() {}

    /** Problems are named {@code fields.<key>}, as the API's {@code fields} object holds them. */
    static Map<String, Object> validate(List<CustomField> applicable, Map<String, ?> values) {
        Map<String, CustomField> byKey = new LinkedHashMap<>();
        applicable.forEach(f -> byKey.put(f.key(), f));
        List<FieldProblem> problems = new ArrayList<>();
        Map<String, Object> normalized = new LinkedHashMap<>();
        for (Map.Entry<String, ?> entry : values.entrySet()) {
            String name = "fields." + entry.getKey();
            CustomField field = byKey.get(entry.getKey());
            if (field == null) {
                problems.add(new FieldProblem(name, "marketplace.field.unknown"));
                continue;
            }
            Object value = entry.getValue();
            if (empty(value)) {
                continue; // an empty value is no value; a required one is missed at publishing
            }
            try {
                normalized.put(field.key(), normalize(field, value));
            } catch (Invalid invalid) {
                problems.add(new FieldProblem(name, invalid.code, invalid.args));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        return normalized;
    }

    static List<String> missingRequired(List<CustomField> applicable, Map<String, ?> values) {
        return applicable.stream()
                .filter(CustomField::required)
                .map(CustomField::key)
                .filter(key -> empty(values.get(key)))
                .toList();
    }

    private static Object normalize(CustomField field, Object value) {
        return switch (field.type()) {
            case TEXT -> text(value, TEXT_MAX, true);
            case LONG_TEXT -> text(value, LONG_TEXT_MAX, false);
            case NUMBER -> number(field, value);
            case CHOICE -> choice(field, value);
            case MULTI_CHOICE -> choices(field, value);
            case BOOLEAN -> bool(value);
            case DATE -> date(value);
        };
    }

    private static String text(Object value, int max, boolean oneLine) {
        if (!(value instanceof String text)) {
            throw new Invalid("marketplace.field.notText");
        }
        String stripped = text.strip();
        if (stripped.length() > max) {
            throw new Invalid("validation.length", 0, max);
        }
        if (oneLine ? !Text.oneLine(stripped) : !Text.acceptable(stripped)) {
            throw new Invalid(oneLine ? "validation.oneLine" : "validation.characters");
        }
        return stripped;
    }

    /**
     * A number as JSON (integers, decimals kept exact) or as text; either within {@link Decimals}' digits,
     * checked before the number is compared, scaled or stored.
     */
    private static BigDecimal number(CustomField field, Object value) {
        BigDecimal number = null;
        if (value instanceof BigDecimal decimal) {
            number = Decimals.within(decimal, Decimals.INTEGER_DIGITS, Decimals.FRACTION_DIGITS) ? decimal : null;
        } else if (value instanceof Integer || value instanceof Long) {
            number = BigDecimal.valueOf(((Number) value).longValue());
        } else if (value instanceof String text) {
            number = Decimals.parse(text);
        }
        if (number == null || !Decimals.within(number, Decimals.INTEGER_DIGITS, Decimals.FRACTION_DIGITS)) {
            throw new Invalid("marketplace.field.notNumber");
        }
        if (field.min() != null && number.compareTo(field.min()) < 0
                || field.max() != null && number.compareTo(field.max()) > 0) {
            throw new Invalid("marketplace.field.outOfBounds", plain(field.min()), plain(field.max()));
        }
        return number.stripTrailingZeros();
    }

    private static String choice(CustomField field, Object value) {
        if (!(value instanceof String key) || field.choice(key.strip()).isEmpty()) {
            throw new Invalid("marketplace.field.unknownChoice");
        }
        return key.strip();
    }

    private static List<String> choices(CustomField field, Object value) {
        Collection<?> items = value instanceof Collection<?> c ? c : value instanceof String s ? List.of(s) : null;
        if (items == null) {
            throw new Invalid("marketplace.field.notChoices");
        }
        Set<String> keys = new LinkedHashSet<>();
        for (Object item : items) {
            keys.add(choice(field, item));
        }
        // stored in the operator's order, so equal selections look equal
        return field.choices().stream()
                .map(CustomField.Choice::key)
                .filter(keys::contains)
                .toList();
    }

    private static boolean bool(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        String text = String.valueOf(value).strip();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("yes") || text.equals("on")) {
            return true;
        }
        if (text.equalsIgnoreCase("false") || text.equalsIgnoreCase("no")) {
            return false;
        }
        throw new Invalid("marketplace.field.notBoolean");
    }

    private static String date(Object value) {
        try {
            return LocalDate.parse(String.valueOf(value).strip()).toString();
        } catch (DateTimeParseException e) {
            throw new Invalid("marketplace.field.notDate");
        }
    }

    private static boolean empty(@Nullable Object value) {
        return value == null
                || value instanceof String s && s.isBlank()
                || value instanceof Collection<?> c && c.isEmpty();
    }

    private static String plain(@Nullable BigDecimal bound) {
        return bound == null ? "…" : bound.stripTrailingZeros().toPlainString();
    }

    private static final class Invalid extends RuntimeException {
        final String code;
        final Object[] args;

        Invalid(String code, Object... args) {
            super(code, null, false, false);
            this.code = code;
            this.args = args;
        }
    }
}
