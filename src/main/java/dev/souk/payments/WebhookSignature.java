package dev.souk.payments;

import dev.souk.payments.PaymentGateway.BadSignature;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The signature of a webhook: {@code Souk-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(key, t + "." +
 * body)>}. The time is signed with the body, so a captured webhook can't be replayed after the tolerance.
 * Several {@code v1} values may come (while a key is being replaced); one matching is enough.
 */
final class WebhookSignature {

    static final String HEADER = "Souk-Signature";

    /** How far the signing time may be from now, either way: a replay after this is refused. */
    static final Duration TOLERANCE = Duration.ofSeconds(300);

    /** A header with a few signatures is about 150 characters; nothing longer is looked at. */
    static final int HEADER_MAX = 1024;

    private static final HexFormat HEX = HexFormat.of();

    private WebhookSignature() {}

    static String header(byte[] key, Instant at, byte[] body) {
        long seconds = at.getEpochSecond();
        return "t=" + seconds + ",v1=" + HEX.formatHex(mac(key, seconds, body));
    }

    /** Refuses the body unless the header signs it with the key, within the tolerance of {@code now}. */
    static void check(@Nullable String header, byte[] key, Instant now, byte[] body) {
        if (header == null) {
            throw new BadSignature("no " + HEADER + " header");
        }
        if (header.length() > HEADER_MAX) {
            throw new BadSignature(HEADER + " longer than " + HEADER_MAX + " characters");
        }
        Long seconds = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String part : header.split(",", 16)) {
            int equals = part.indexOf('=');
            String name = equals < 0 ? part.strip() : part.substring(0, equals).strip();
            String value = equals < 0 ? "" : part.substring(equals + 1).strip();
            if (name.equals("t") && value.matches("\\d{1,12}")) {
                seconds = Long.parseLong(value);
            } else if (name.equals("v1") && value.matches("[0-9a-fA-F]{64}")) {
                signatures.add(HEX.parseHex(value.toLowerCase(java.util.Locale.ROOT)));
            }
        }
        if (seconds == null || signatures.isEmpty()) {
            throw new BadSignature(HEADER + " without a time and a v1 signature");
        }
        if (Math.abs(now.getEpochSecond() - seconds) > TOLERANCE.toSeconds()) {
            throw new BadSignature("signed at " + Instant.ofEpochSecond(seconds) + ", outside the tolerance");
        }
        byte[] expected = mac(key, seconds, body);
        boolean matches = false;
        for (byte[] signature : signatures) {
            // constant time, and every one compared, so the time taken tells nothing about the key
            matches |= MessageDigest.isEqual(expected, signature);
        }
        if (!matches) {
            throw new BadSignature("signature does not match");
        }
    }

    private static byte[] mac(byte[] key, long seconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((seconds + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }
}
