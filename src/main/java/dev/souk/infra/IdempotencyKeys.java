package dev.souk.infra;

import dev.souk.infra.IdempotencyKeyStore.Request;
import dev.souk.infra.IdempotencyKeyStore.Row;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Decides what a write that carries an {@code Idempotency-Key} does: run (the key is new), get the
 * first answer again (the same request came before), or be refused (the key was used for another
 * request, or its first request still runs). Keys live in PostgreSQL, so every app node sees every
 * key, and are kept {@link #KEPT} from their first request.
 *
 * <p>The table holds neither the caller nor the key: a secret derived from both and the install's own
 * names the row, keys the digests of the request and seals the answer, which may hold a new API token.
 */
@Component
class IdempotencyKeys {

    /** How long a key is kept at least; the purge runs every ten minutes. */
    static final Duration KEPT = Duration.ofHours(24);
    /**
     * A first request that hasn't answered after this is taken to have died with its node: the same
     * request may then claim the key again. Writes take well under a second; an upload waits up to
     * ten seconds for a decoder.
     */
    static final Duration LEASE = Duration.ofSeconds(90);
    /** What a request sent while the first one with its key still runs is told to wait. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private static final String SECRET_NAME = "idempotency-keys";
    private static final int PURGE_BATCH = 10_000;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * The largest answer kept: writes answer with what they stored, which fits in their bodies (at most
     * 1 MiB, see {@code shared.RequestBodyLimit}).
     */
    static final int MAX_KEPT_ANSWER = 1 << 20;

    private final IdempotencyKeyStore store;
    private final InstallSecrets secrets;
    private final Clock clock;
    private volatile int maxKeptAnswer = MAX_KEPT_ANSWER;

    IdempotencyKeys(IdempotencyKeyStore store, InstallSecrets secrets, Clock clock) {
        this.store = store;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** A key of one caller: a member ({@code member:<id>}) or, for anonymous calls, an address. */
    Key key(String caller, String key) {
        return new Key(hmac(secrets.key(SECRET_NAME), (caller + '\0' + key).getBytes(StandardCharsets.UTF_8)));
    }

    /** What became of a request that carries a key. */
    sealed interface Decision {

        /** The key is this request's: run it, then {@link #answered} or {@link #release}. */
        record Run(Key key, UUID claim) implements Decision {}

        /** The same request was answered before: this is its answer, to send again. */
        record Replay(Answer answer) implements Decision {}

        /** The same request was done before, but its answer was too large to keep. */
        record NotKept() implements Decision {}

        /** The key was used for another request (method, path, query or body). */
        record Reused() implements Decision {}

        /** The first request with this key is still running. */
        record Running() implements Decision {}
    }

    /** An answer as it is kept and sent again. */
    record Answer(
            int status,
            @Nullable String contentType,
            @Nullable String location,
            byte[] body) {}

    Decision decide(Key key, Request request) {
        // a key released between our claim and our look is free again: claim anew
        for (int attempt = 0; attempt < 3; attempt++) {
            Instant now = clock.instant();
            Optional<UUID> claim = store.claim(key.id, request, now, now.minus(LEASE));
            if (claim.isPresent()) {
                return new Decision.Run(key, claim.get());
            }
            Optional<Row> found = store.find(key.id);
            if (found.isPresent()) {
                return decide(key, request, found.get());
            }
        }
        return new Decision.Running();
    }

    private static Decision decide(Key key, Request request, Row row) {
        Request first = row.first();
        if (!first.method().equals(request.method())
                || !first.path().equals(request.path())
                || !MessageDigest.isEqual(first.queryDigest(), request.queryDigest())
                || !MessageDigest.isEqual(first.bodyDigest(), request.bodyDigest())) {
            return new Decision.Reused();
        }
        if (row.status() == null) {
            return new Decision.Running();
        }
        if (row.body() == null) {
            return new Decision.NotKept();
        }
        return new Decision.Replay(new Answer(row.status(), row.contentType(), row.location(), key.open(row.body())));
    }

    /** Keeps the answer of a request that ran; 5xx answers are for {@link #release} instead. */
    void answered(Decision.Run run, Answer answer) {
        if (answer.status() >= 500) {
            throw new IllegalArgumentException("a " + answer.status() + " answer is never kept");
        }
        byte[] sealed = answer.body().length > maxKeptAnswer ? null : run.key().seal(answer.body());
        store.answer(run.key().id, run.claim(), answer.status(), answer.contentType(), answer.location(), sealed);
    }

    /** The request failed on Souk's side: its key is free, so a retry runs again. */
    void release(Decision.Run run) {
        store.release(run.key().id, run.claim());
    }

    /** Forgets keys older than {@link #KEPT}, in batches; any node may do it, rows in use are skipped. */
    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT2M")
    void purge() {
        Instant before = clock.instant().minus(KEPT);
        int deleted;
        do {
            deleted = store.deleteMadeBefore(before, PURGE_BATCH);
        } while (deleted == PURGE_BATCH);
    }

    /** For tests of answers too large to keep. */
    void maxKeptAnswer(int bytes) {
        this.maxKeptAnswer = bytes;
    }

    /**
     * One caller's key as the table knows it: the row's id, and the digests and the sealed answer that
     * only a request with the same caller and key can make or open.
     */
    static final class Key {

        private final byte[] id;
        private final byte[] digestKey;
        private final SecretKeySpec sealKey;

        private Key(byte[] secret) {
            this.id = hmac(secret, label("id"));
            this.digestKey = hmac(secret, label("digest"));
            this.sealKey = new SecretKeySpec(hmac(secret, label("seal")), "AES");
        }

        /** A keyed SHA-256 of what is fed to it, for comparing requests without keeping them. */
        Mac digest(String what) {
            Mac mac = mac(digestKey);
            mac.update(label(what));
            return mac;
        }

        private byte[] seal(byte[] plain) {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.ENCRYPT_MODE, sealKey, new GCMParameterSpec(TAG_BITS, nonce));
                cipher.updateAAD(id);
                byte[] sealed = cipher.doFinal(plain);
                return ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                        .put(nonce)
                        .put(sealed)
                        .array();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("every JDK has AES-GCM", e);
            }
        }

        private byte[] open(byte[] sealed) {
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(
                        Cipher.DECRYPT_MODE,
                        sealKey,
                        new GCMParameterSpec(TAG_BITS, Arrays.copyOf(sealed, NONCE_BYTES)));
                cipher.updateAAD(id);
                return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
            } catch (GeneralSecurityException e) {
                // only this key's requests can make the row's id, so only a damaged row gets here
                throw new IllegalStateException("a kept answer does not open", e);
            }
        }

        private static byte[] label(String what) {
            return (what + '\0').getBytes(StandardCharsets.US_ASCII);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        return mac(key).doFinal(data);
    }

    private static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HMAC-SHA256", e);
        }
    }
}
