package dev.souk.listings;

import dev.souk.shared.Money;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An extra fee the listing charges once per booking or order, e.g. for cleaning, in the price's
 * currency.
 *
 * @param key a slug unique within the listing, stable while the label changes; quotes name the fee by it
 * @param label what customers read, one line
 */
public record ListingFee(String key, String label, Money amount) {

    public static final int KEY_MAX = 30;
    public static final int LABEL_MAX = 60;

    static final Pattern KEY = Pattern.compile("[a-z][a-z0-9-]{0," + (KEY_MAX - 1) + "}");

    /**
     * A key made from the label ("Nettoyage final" gives {@code nettoyage-final}), numbered if one of
     * {@code taken} has it already, and then added to them.
     */
    static String keyFor(String label, Set<String> taken) {
        StringBuilder slug = new StringBuilder();
        String decomposed = Normalizer.normalize(label, Normalizer.Form.NFKD).toLowerCase(Locale.ROOT);
        for (int i = 0; i < decomposed.length() && slug.length() < KEY_MAX; i++) {
            char c = decomposed.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
                slug.append(c);
            } else if (Character.getType(c) != Character.NON_SPACING_MARK
                    && !slug.isEmpty()
                    && slug.charAt(slug.length() - 1) != '-') {
                slug.append('-');
            }
        }
        if (slug.isEmpty() || !(slug.charAt(0) >= 'a' && slug.charAt(0) <= 'z')) {
            slug.insert(0, slug.isEmpty() ? "fee" : "fee-");
        }
        String base = trimmed(slug.toString(), KEY_MAX);
        String key = base;
        for (int n = 2; !taken.add(key); n++) {
            String suffix = "-" + n;
            key = trimmed(base, KEY_MAX - suffix.length()) + suffix;
        }
        return key;
    }

    private static String trimmed(String slug, int max) {
        String cut = slug.length() > max ? slug.substring(0, max) : slug;
        int end = cut.length();
        while (end > 1 && cut.charAt(end - 1) == '-') {
            end--;
        }
        return cut.substring(0, end);
    }
}
