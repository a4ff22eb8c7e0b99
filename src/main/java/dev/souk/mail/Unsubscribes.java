package dev.souk.mail;

import dev.souk.infra.InstallSecrets;
import dev.souk.infra.SoukProperties;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * The one-click unsubscribe addresses of mails a member may turn off: {@code /unsubscribe/{token}},
 * where the token names the member and the kind of mail and is signed with a key of this install
 * ({@link InstallSecrets}), so it needs no sign-in, can't be made up for someone else, and works on
 * every node. It does not expire: an old mail's link must still work.
 */
@Component
public class Unsubscribes {

    public static final String PATH = "/unsubscribe/";

    private static final String SECRET_NAME = "mail-unsubscribe";
    /** A kind of mail: a short slug, as the notifications module names its categories. */
    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]{0,39}");
    /** Bounds what is decoded at all: 16 id bytes, a kind and a 32-byte signature, in base64. */
    private static final int TOKEN_MAX = 160;

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final InstallSecrets secrets;
    private final SoukProperties properties;

    Unsubscribes(InstallSecrets secrets, SoukProperties properties) {
        this.secrets = secrets;
        this.properties = properties;
    }

    /** Who turns which kind of mail off. */
    public record Unsubscribe(UUID memberId, String kind) {}

    /** The absolute one-click address that turns {@code kind} mails off for the member. */
    public URI link(UUID memberId, String kind) {
        return URI.create(properties.baseUrl().replaceAll("/+$", "") + PATH + token(memberId, kind));
    }

    String token(UUID memberId, String kind) {
        if (!KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("not a kind of mail: " + kind);
        }
        byte[] payload = payload(memberId, kind);
        return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(sign(payload));
    }

    /** What a token says, if this install signed it; empty for anything else. */
    public Optional<Unsubscribe> read(String token) {
        if (token.length() > TOKEN_MAX) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        try {
            byte[] payload = DECODER.decode(token.substring(0, dot));
            byte[] signature = DECODER.decode(token.substring(dot + 1));
            if (payload.length <= 16 || !MessageDigest.isEqual(sign(payload), signature)) {
                return Optional.empty();
            }
            ByteBuffer buffer = ByteBuffer.wrap(payload);
            UUID memberId = new UUID(buffer.getLong(), buffer.getLong());
            String kind = new String(Arrays.copyOfRange(payload, 16, payload.length), StandardCharsets.US_ASCII);
            return KIND.matcher(kind).matches() ? Optional.of(new Unsubscribe(memberId, kind)) : Optional.empty();
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    private static byte[] payload(UUID memberId, String kind) {
        byte[] name = kind.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(16 + name.length)
                .putLong(memberId.getMostSignificantBits())
                .putLong(memberId.getLeastSignificantBits())
                .put(name)
                .array();
    }

    private byte[] sign(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secrets.key(SECRET_NAME), "HmacSHA256"));
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HMAC-SHA256", e);
        }
    }
}
