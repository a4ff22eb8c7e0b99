package dev.souk.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One GreenMail SMTP server for the whole test run; tests that need to read mail point the
 * application at it with {@link #smtp(DynamicPropertyRegistry)}.
 */
public final class Mailbox {

    private static final GreenMail SMTP = start();

    private Mailbox() {}

    private static GreenMail start() {
        try (ServerSocket socket = new ServerSocket(0)) {
            int port = socket.getLocalPort();
            socket.close();
            GreenMail mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            mail.start();
            return mail;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
        registry.add("spring.mail.properties.mail.smtp.starttls.enable", () -> "false");
    }

    /** The same, as the arguments of an application started outside the test's own context. */
    public static List<String> smtpArguments() {
        return List.of(
                "--spring.mail.host=127.0.0.1",
                "--spring.mail.port=" + SMTP.getSmtp().getPort(),
                "--spring.mail.properties.mail.smtp.starttls.enable=false");
    }

    /** Mails received so far for this address, oldest first. */
    public static List<MimeMessage> to(String address) {
        return Arrays.stream(SMTP.getReceivedMessages())
                .filter(m -> recipients(m).stream().anyMatch(r -> r.equalsIgnoreCase(address)))
                .toList();
    }

    /** Waits for the {@code n}-th mail (1-based) to this address. */
    public static MimeMessage await(String address, int n) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().isBefore(deadline)) {
            List<MimeMessage> mails = to(address);
            if (mails.size() >= n) {
                return mails.get(n - 1);
            }
            sleep();
        }
        throw new AssertionError("no mail #" + n + " to " + address + " within 15 s; got "
                + to(address).size());
    }

    /** The token of the link to {@code path} in the newest mail to this address, waiting for mail #n. */
    public static String token(String address, int n, String path) {
        String text = text(await(address, n));
        Matcher link = Pattern.compile(Pattern.quote(path) + "\\?token=([A-Za-z0-9_-]+)")
                .matcher(text);
        if (!link.find()) {
            throw new AssertionError("no " + path + " link in:\n" + text);
        }
        return link.group(1);
    }

    public static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The plain-text part. */
    public static String text(MimeMessage message) {
        return part(message, "text/plain");
    }

    /** The HTML part. */
    public static String html(MimeMessage message) {
        return part(message, "text/html");
    }

    private static String part(MimeMessage message, String type) {
        try {
            Object content = message.getContent();
            if (content instanceof String single) {
                return message.isMimeType(type) ? single : "";
            }
            String found = find((Multipart) content, type);
            return found == null ? "" : found;
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String find(Multipart multipart, String type) throws MessagingException, IOException {
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            if (part.isMimeType(type)) {
                return (String) part.getContent();
            }
            if (part.getContent() instanceof Multipart nested) {
                String found = find(nested, type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static List<String> recipients(MimeMessage message) {
        try {
            var all = message.getRecipients(Message.RecipientType.TO);
            return all == null
                    ? List.of()
                    : Arrays.stream(all)
                            .map(a -> ((jakarta.mail.internet.InternetAddress) a).getAddress())
                            .toList();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
