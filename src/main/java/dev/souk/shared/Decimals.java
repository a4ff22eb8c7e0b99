package dev.souk.shared;

import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * Decimal numbers as people and clients write them: plain digits with an optional sign and one
 * decimal separator (point or comma), no exponent and no grouping. Length and scale are checked
 * before anything is converted: {@code 1e500000000} is a short text, but a {@link BigDecimal} made
 * from it keeps a core busy for minutes once it is scaled, formatted or stored.
 */
public final class Decimals {

    /** Enough for any amount, percentage or measure a marketplace keeps. */
    public static final int INTEGER_DIGITS = 15;

    public static final int FRACTION_DIGITS = 6;

    private Decimals() {}

    /** @return the number, or null unless the text is one within {@link #INTEGER_DIGITS} and {@link #FRACTION_DIGITS} */
    public static @Nullable BigDecimal parse(String text) {
        return parse(text, INTEGER_DIGITS, FRACTION_DIGITS);
    }

    /** @return the number, or null unless the text is a plain decimal with at most these many digits */
    public static @Nullable BigDecimal parse(String text, int integerDigits, int fractionDigits) {
        // surrounding blanks are all the slack there is; looked at only once the length fits
        if (text.length() > integerDigits + fractionDigits + 16) {
            return null;
        }
        String number = text.strip();
        int at = 0;
        int length = number.length();
        if (at < length && (number.charAt(at) == '-' || number.charAt(at) == '+')) {
            at++;
        }
        int integers = 0;
        while (at < length && isDigit(number.charAt(at))) {
            at++;
            integers++;
        }
        int fractions = 0;
        if (at < length && (number.charAt(at) == '.' || number.charAt(at) == ',')) {
            at++;
            while (at < length && isDigit(number.charAt(at))) {
                at++;
                fractions++;
            }
        }
        if (at != length || integers + fractions == 0 || integers > integerDigits || fractions > fractionDigits) {
            return null;
        }
        return new BigDecimal(number.replace(',', '.'));
    }

    /**
     * Whether a number that arrived already converted (a JSON number) stays within these digits; its
     * precision and scale are known without formatting it.
     */
    public static boolean within(BigDecimal number, int integerDigits, int fractionDigits) {
        int scale = number.scale();
        if (scale > fractionDigits) {
            BigDecimal stripped = number.stripTrailingZeros();
            if (stripped.scale() > fractionDigits) {
                return false;
            }
            number = stripped;
            scale = stripped.scale();
        }
        // a negative scale counts as integer digits: 1E+3 has four
        return (long) number.precision() - scale <= integerDigits;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
