package dev.souk.accounts;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import io.nayuki.qrcodegen.QrCode;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.util.encoders.Base32;
import org.springframework.web.util.UriUtils;

/**
 * Authenticator codes (RFC 6238) as the apps make them by default: HMAC-SHA1, six digits, a new code
 * every 30 seconds, from a 160-bit secret that the member's app learns from a QR code.
 */
final class Totp {

    static final Duration STEP = Duration.ofSeconds(30);
    static final int DIGITS = 6;
    /** Codes of the step before and after count too: phone clocks drift and people type slowly. */
    static final int TOLERANCE = 1;

    private static final int SECRET_BYTES = 20;
    private static final Pattern CODE = Pattern.compile("\\d{" + DIGITS + "}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final TimeBasedOneTimePasswordGenerator CODES = new TimeBasedOneTimePasswordGenerator(
            STEP, DIGITS, TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1);

    private Totp() {}

    static byte[] newSecret() {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return secret;
    }

    /** The secret as people type it into an app: base32, without padding (160 bits need none). */
    static String base32(byte[] secret) {
        return Base32.toBase32String(secret);
    }

    static boolean looksLikeCode(String code) {
        return CODE.matcher(code).matches();
    }

    static long step(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), STEP.toSeconds());
    }

    static String code(byte[] secret, long step) {
        try {
            return CODES.generateOneTimePasswordString(
                    new SecretKeySpec(secret, "HmacSHA1"), Instant.ofEpochSecond(step * STEP.toSeconds()));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The step whose code this is, among those accepted at {@code now} and later than {@code after} (the
     * step of the last code accepted, so that no code works twice); empty if it is none of them.
     */
    static OptionalLong stepOf(byte[] secret, String code, Instant now, long after) {
        long current = step(now);
        for (long step = current - TOLERANCE; step <= current + TOLERANCE; step++) {
            if (step > after
                    && MessageDigest.isEqual(
                            code(secret, step).getBytes(StandardCharsets.US_ASCII),
                            code.getBytes(StandardCharsets.US_ASCII))) {
                return OptionalLong.of(step);
            }
        }
        return OptionalLong.empty();
    }

    /** The key URI authenticator apps read from the QR code (Google Authenticator's format). */
    static String uri(String issuer, String account, byte[] secret) {
        // the issuer prefixes the label with a colon, so it must not hold one of its own
        String name = issuer.replace(':', ' ').strip();
        return "otpauth://totp/" + encode(name) + ":" + encode(account) + "?secret=" + base32(secret) + "&issuer="
                + encode(name) + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP.toSeconds();
    }

    /**
     * The QR code of {@code text} as an SVG image in a data URI, for an {@code img} the page's policy
     * allows ({@code img-src data:}): one path of dark rectangles on white, with the four-module quiet
     * zone scanners need.
     */
    static String qrCodeDataUri(String text) {
        QrCode qr = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
        int border = 4;
        int size = qr.size + 2 * border;
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < qr.size; y++) {
            for (int x = 0; x < qr.size; x++) {
                if (qr.getModule(x, y)) {
                    // a run of dark modules on the row is one rectangle
                    int run = 1;
                    while (x + run < qr.size && qr.getModule(x + run, y)) {
                        run++;
                    }
                    path.append('M')
                            .append(x + border)
                            .append(',')
                            .append(y + border)
                            .append('h')
                            .append(run)
                            .append("v1h-")
                            .append(run)
                            .append('z');
                    x += run - 1;
                }
            }
        }
        String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + " " + size
                + "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
                + "<path d=\"" + path + "\" fill=\"#000\"/></svg>";
        return "data:image/svg+xml;base64," + Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String text) {
        return UriUtils.encode(text, StandardCharsets.UTF_8);
    }
}
