package dev.souk.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;

class RateLimitedMessageTest {

    private final ResourceBundleMessageSource messages = new ResourceBundleMessageSource();

    {
        messages.setBasename("i18n/shared");
        messages.setDefaultEncoding("UTF-8");
    }

    @Test
    void theWaitIsRoundedUpToWholeSecondsAndWordedInTheLargestFittingUnit() {
        assertThat(wording(Duration.ofMillis(300))).isEqualTo("Too many attempts. Try again in 1 second.");
        assertThat(Refusal.rateLimited(Duration.ofMillis(300)).retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(wording(Duration.ofMillis(89_001))).isEqualTo("Too many attempts. Try again in 90 seconds.");
        assertThat(wording(Duration.ofMinutes(6))).isEqualTo("Too many attempts. Try again in 6 minutes.");
        assertThat(wording(Duration.ofMinutes(144))).isEqualTo("Too many attempts. Try again in 3 hours.");
    }

    private String wording(Duration wait) {
        Refusal refusal = Refusal.rateLimited(wait);
        return messages.getMessage(refusal.code(), refusal.args(), Locale.ENGLISH);
    }
}
