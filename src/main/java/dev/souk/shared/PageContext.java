package dev.souk.shared;

import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.security.web.csrf.CsrfToken;

/**
 * What every page template needs besides its own data: texts in the viewer's language, the
 * marketplace's name, the CSRF token for forms and the current request path. The token is loaded
 * (and a session created) only when a template renders a form.
 */
public record PageContext(
        MessageSource messages,
        Locale locale,
        ZoneId zone,
        String brand,
        String path,
        @Nullable String query,
        @Nullable CsrfToken csrf,
        @Nullable Viewer viewer) {

    /** The signed-in member looking at the page. */
    public record Viewer(
            UUID id,
            String displayName,
            @Nullable String avatarUrl,
            boolean emailVerified,
            boolean operator,
            int unreadMessages,
            int unreadNotifications) {}

    public boolean signedIn() {
        return viewer != null;
    }

    public boolean operator() {
        return viewer != null && viewer.operator();
    }

    /** A text from the message bundles, in the viewer's language. */
    public String t(String key, Object... args) {
        return messages.getMessage(key, args, key, locale);
    }

    /** A day as people read it, e.g. "Fri 12 Mar 2027", in the viewer's time zone. */
    public String date(Instant instant) {
        return Formats.of(locale).date.withZone(zone).format(instant);
    }

    /** A moment as people read it, e.g. "Fri 12 Mar 2027, 14:05". */
    public String dateTime(Instant instant) {
        return Formats.of(locale).dateTime.withZone(zone).format(instant);
    }

    /** An amount as people read it in their language, e.g. "€85" or "€12.50". Whole amounts drop the cents. */
    public String money(Money money) {
        return money(money, locale);
    }

    /** {@link #money(Money)} where no page is at hand. */
    public static String money(Money money, Locale locale) {
        NumberFormat format = (NumberFormat) Formats.of(locale).currency.clone();
        format.setCurrency(money.currency());
        int digits = Math.max(0, money.currency().getDefaultFractionDigits());
        boolean whole = money.decimal().stripTrailingZeros().scale() <= 0;
        format.setMinimumFractionDigits(whole ? 0 : digits);
        format.setMaximumFractionDigits(digits);
        return format.format(money.decimal());
    }

    public String lang() {
        return locale.toLanguageTag();
    }

    /**
     * Formats by language, made once: building them from their patterns cost more than using them.
     * The currency format is cloned before use, as number formats keep state.
     */
    private record Formats(DateTimeFormatter date, DateTimeFormatter dateTime, NumberFormat currency) {

        private static final Map<Locale, Formats> BY_LOCALE = new ConcurrentHashMap<>();

        static Formats of(Locale locale) {
            return BY_LOCALE.computeIfAbsent(
                    locale,
                    l -> new Formats(
                            DateTimeFormatter.ofPattern("EEE d MMM yyyy", l),
                            DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", l),
                            NumberFormat.getCurrencyInstance(l)));
        }
    }
}
