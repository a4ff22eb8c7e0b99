package dev.souk.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import org.junit.jupiter.api.Test;

class MailMessageTest {

    @Test
    void anActionLinksToAnAbsoluteWebAddressOnly() {
        assertThatIllegalArgumentException().isThrownBy(() -> new MailMessage.Action("Open", URI.create("/verify")));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new MailMessage.Action("Open", URI.create("javascript:alert(1)")));
        assertThat(new MailMessage.Action("Open", URI.create("https://market.example/verify"))
                        .url()
                        .getHost())
                .isEqualTo("market.example");
    }

    @Test
    void aSubjectIsOneLineSoItCannotAddHeaders() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MailMessage.of("Hello\r\nBcc: someone@example.org", "Hello"));
    }

    @Test
    void paragraphsCannotBeChangedAfterwards() {
        var paragraphs = new java.util.ArrayList<>(java.util.List.of("one"));
        var message = new MailMessage("Subject", "Heading", paragraphs, null, null, null);
        paragraphs.add("two");

        assertThat(message.paragraphs()).containsExactly("one");
    }
}
