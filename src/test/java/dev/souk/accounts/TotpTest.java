package dev.souk.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TotpTest {

    /** RFC 6238, appendix B: the SHA-1 secret and its codes, of which apps show the last six digits. */
    private static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @Test
    void codesAreThoseOfRfc6238() {
        assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(59)))).isEqualTo("287082");
        assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(1111111109))))
                .isEqualTo("081804");
        assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(1111111111))))
                .isEqualTo("050471");
        assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(1234567890))))
                .isEqualTo("005924");
        assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(2000000000))))
                .isEqualTo("279037");
        assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(20000000000L))))
                .isEqualTo("353130");
    }

    @Test
    void aCodeCountsOneStepEitherSideOfNowAndOnlyAfterTheLastOneUsed() {
        Instant now = Instant.ofEpochSecond(1234567890);
        long step = Totp.step(now);
        String current = Totp.code(RFC_SECRET, step);

        assertThat(Totp.stepOf(RFC_SECRET, current, now, Long.MIN_VALUE)).hasValue(step);
        assertThat(Totp.stepOf(RFC_SECRET, Totp.code(RFC_SECRET, step - 1), now, Long.MIN_VALUE))
                .hasValue(step - 1);
        assertThat(Totp.stepOf(RFC_SECRET, Totp.code(RFC_SECRET, step + 1), now, Long.MIN_VALUE))
                .hasValue(step + 1);
        assertThat(Totp.stepOf(RFC_SECRET, Totp.code(RFC_SECRET, step - 2), now, Long.MIN_VALUE))
                .isEmpty();
        assertThat(Totp.stepOf(RFC_SECRET, Totp.code(RFC_SECRET, step + 2), now, Long.MIN_VALUE))
                .isEmpty();
        assertThat(Totp.stepOf(RFC_SECRET, current, now, step))
                .as("used already")
                .isEmpty();
        assertThat(Totp.stepOf(RFC_SECRET, Totp.code(RFC_SECRET, step - 1), now, step))
                .as("older than the last one used")
                .isEmpty();
    }

    @Test
    void theKeyUriIsWhatAuthenticatorAppsRead() {
        String uri = Totp.uri("Harbour: Market", "ana+test@example.org", RFC_SECRET);
        assertThat(uri)
                .isEqualTo("otpauth://totp/Harbour%20%20Market:ana%2Btest%40example.org"
                        + "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Harbour%20%20Market"
                        + "&algorithm=SHA1&digits=6&period=30");
        assertThat(URI.create(uri).getPath()).isEqualTo("/Harbour  Market:ana+test@example.org");
    }

    @Test
    void newSecretsHave160RandomBits() {
        assertThat(Totp.newSecret()).hasSize(20).isNotEqualTo(Totp.newSecret());
        assertThat(Totp.base32(RFC_SECRET)).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    }
}
