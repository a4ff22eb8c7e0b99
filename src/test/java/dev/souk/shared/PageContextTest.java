package dev.souk.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.StaticMessageSource;

class PageContextTest {

    private static PageContext page(Locale locale) {
        return new PageContext(
                new StaticMessageSource(), locale, ZoneId.of("Europe/Berlin"), "Souk", "/", null, null, null);
    }

    @Test
    void moneyIsFormattedByLocaleAndCurrencyAndWholeAmountsDropTheCents() {
        assertThat(page(Locale.UK).money(Money.of(8500, "EUR"))).isEqualTo("€85");
        assertThat(page(Locale.UK).money(Money.of(8550, "EUR"))).isEqualTo("€85.50");
        assertThat(page(Locale.GERMANY).money(Money.of(8550, "EUR"))).isEqualTo("85,50\u00a0€");
        assertThat(page(Locale.UK).money(Money.of(1200, "JPY"))).isEqualTo("JP¥1,200");
    }

    @Test
    void datesAreShownAsPeopleReadThemInTheZone() {
        assertThat(page(Locale.UK).date(Instant.parse("2027-03-12T23:30:00Z"))).isEqualTo("Sat 13 Mar 2027");
    }
}
