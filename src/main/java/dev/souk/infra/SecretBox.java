package dev.souk.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Encrypts the secrets Souk has to read back (the authenticator secrets of two-step sign-in, the
 * signing secrets of webhooks) with AES-256-GCM, so that a copy of the database alone doesn't reveal
 * them. The key is {@code
 * SOUK_ENCRYPTION_KEY} (32 bytes in base64); without it, one is generated at the first start and kept
 * in {@code $SOUK_DATA_DIR/encryption.key}. Each sealed value is bound to its owner (a member, an
 * endpoint), so it can't be moved to another row.
 */
@Component
public class SecretBox {

    private static final Logger log = LoggerFactory.getLogger(SecretBox.class);
    private static final byte VERSION = 1;
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;

    @Autowired
    SecretBox(@Value("${souk.encryption-key:}") String configured, SoukProperties properties) {
        this(configured, properties.dataDir());
    }

    SecretBox(String configured, Path dataDir) {
        byte[] bytes = configured.isBlank()
                ? storedKey(dataDir.resolve("encryption.key"))
                : decode(configured.strip(), "SOUK_ENCRYPTION_KEY");
        this.key = new SecretKeySpec(bytes, "AES");
    }

    public byte[] seal(byte[] plain, UUID owner) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(bytes(owner));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length)
                    .put(VERSION)
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    public byte[] open(byte[] sealed, UUID owner) {
        if (sealed.length <= 1 + NONCE_BYTES || sealed[0] != VERSION) {
            throw new IllegalStateException("not a sealed secret");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(
                    Cipher.DECRYPT_MODE,
                    key,
                    new GCMParameterSpec(TAG_BITS, Arrays.copyOfRange(sealed, 1, 1 + NONCE_BYTES)));
            cipher.updateAAD(bytes(owner));
            return cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "A secret can't be decrypted: SOUK_ENCRYPTION_KEY (or the data directory's encryption.key) "
                            + "is not the key it was encrypted with",
                    e);
        }
    }

    private static byte[] bytes(UUID id) {
        return ByteBuffer.allocate(16)
                .putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits())
                .array();
    }

    /** The key generated for this install at its first start; never replaced once written. */
    private static byte[] storedKey(Path file) {
        try {
            if (!Files.exists(file)) {
                Path directory = file.toAbsolutePath().getParent();
                Files.createDirectories(directory);
                byte[] fresh = new byte[KEY_BYTES];
                RANDOM.nextBytes(fresh);
                Path written = privateTempFile(directory);
                Files.write(written, Base64.getEncoder().encode(fresh));
                try {
                    // whole or not at all: a node sharing the directory never reads half a key
                    Files.move(written, file);
                    log.info(
                            "Generated the encryption key {}; back it up with the database, and give every node the same key",
                            file);
                    return fresh;
                } catch (FileAlreadyExistsException madeMeanwhile) {
                    Files.delete(written);
                }
            }
            return decode(Files.readString(file, StandardCharsets.US_ASCII).strip(), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Can't read or create the encryption key " + file, e);
        }
    }

    private static Path privateTempFile(Path directory) throws IOException {
        try {
            return Files.createTempFile(
                    directory,
                    "encryption",
                    ".key.new",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            return Files.createTempFile(directory, "encryption", ".key.new");
        }
    }

    private static byte[] decode(String base64, String source) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException notBase64) {
            bytes = new byte[0];
        }
        if (bytes.length != KEY_BYTES) {
            throw new IllegalStateException(
                    source + " must hold 32 random bytes in base64, e.g. the output of: openssl rand -base64 32");
        }
        return bytes;
    }
}
