package dev.souk.search;

import dev.souk.search.SearchQuery.Sort;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Keyset cursors: the sort and the last hit's sort key, signed, so that a cursor mangled or made up
 * by a client is refused as a bad parameter rather than failing in SQL. A forged one could at most skip
 * ahead in the results, which anyone can do by paging.
 */
final class Cursors {

    private static final int SIGNATURE_BYTES = 12;
    private static final int MAX_LENGTH = 512;

    private final Supplier<byte[]> key;
    /** Keyed once and copied per signature: looking the algorithm up and keying it cost more than signing. */
    private volatile @Nullable Mac keyed;

    /** @param key the install's own key, asked for at the first cursor */
    Cursors(Supplier<byte[]> key) {
        this.key = key;
    }

    /**
     * Where the previous page ended: the last hit's id and, per sort, its publication time, the number
     * it was sorted by (price, distance, rating) or its keyword rank and publication time.
     */
    record Position(
            UUID id,
            @Nullable OffsetDateTime timestamp,
            @Nullable BigDecimal number,
            @Nullable Float rank) {}

    String write(Sort sort, SearchHit last, @Nullable Float rank) {
        String number = "";
        switch (sort) {
            case DISTANCE:
                number = last.distanceKm() == null ? "0" : Double.toString(last.distanceKm());
                break;
            case PRICE_ASC:
            case PRICE_DESC:
                number = last.price() == null ? "0" : Long.toString(last.price().amount());
                break;
            case RATING:
                number = last.rating() == null
                        ? "-1"
                        : BigDecimal.valueOf(last.rating()).toPlainString();
                break;
            default:
                break;
        }
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, last.publishedAt());
        String payload = String.join(
                "~",
                sort.name(),
                last.id().toString(),
                Long.toString(micros),
                number,
                rank == null ? "" : Float.toString(rank));
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        byte[] signed = Arrays.copyOf(bytes, bytes.length + SIGNATURE_BYTES);
        System.arraycopy(sign(bytes), 0, signed, bytes.length, SIGNATURE_BYTES);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(signed);
    }

    /** @return null unless the cursor is one of ours, for this sort */
    @Nullable
    Position read(String cursor, Sort sort) {
        if (cursor.length() > MAX_LENGTH) {
            return null; // longer than any this class writes: not worth decoding
        }
        try {
            byte[] signed = Base64.getUrlDecoder().decode(cursor);
            if (signed.length <= SIGNATURE_BYTES) {
                return null;
            }
            byte[] bytes = Arrays.copyOf(signed, signed.length - SIGNATURE_BYTES);
            byte[] signature = Arrays.copyOfRange(signed, bytes.length, signed.length);
            if (!MessageDigest.isEqual(signature, Arrays.copyOf(sign(bytes), SIGNATURE_BYTES))) {
                return null;
            }
            String[] parts = new String(bytes, StandardCharsets.UTF_8).split("~", -1);
            if (parts.length != 5 || !parts[0].equals(sort.name())) {
                return null;
            }
            OffsetDateTime timestamp = Instant.EPOCH
                    .plus(Long.parseLong(parts[2]), ChronoUnit.MICROS)
                    .atOffset(ZoneOffset.UTC);
            BigDecimal number = parts[3].isEmpty() ? null : new BigDecimal(parts[3]);
            Float rank = parts[4].isEmpty() ? null : Float.valueOf(parts[4]);
            boolean numbered =
                    sort == Sort.DISTANCE || sort == Sort.PRICE_ASC || sort == Sort.PRICE_DESC || sort == Sort.RATING;
            if ((numbered && number == null) || (sort == Sort.RELEVANCE && rank == null)) {
                return null;
            }
            return new Position(UUID.fromString(parts[1]), timestamp, number, rank);
        } catch (IllegalArgumentException | ArithmeticException e) {
            return null;
        }
    }

    private byte[] sign(byte[] payload) {
        try {
            return ((Mac) keyed().clone()).doFinal(payload);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    private Mac keyed() {
        Mac mac = keyed;
        if (mac == null) {
            try {
                mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key.get(), "HmacSHA256"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            keyed = mac;
        }
        return mac;
    }
}
