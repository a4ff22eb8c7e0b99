package dev.souk.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTest {

    @TempDir
    Path data;

    private final byte[] secret = "an authenticator secret".getBytes(StandardCharsets.UTF_8);
    private final UUID owner = UUID.randomUUID();

    @Test
    void whatIsSealedOpensWithTheSameKeyForTheSameMemberOnly() {
        SecretBox box = new SecretBox(key(), data);
        byte[] sealed = box.seal(secret, owner);

        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("authenticator");
        assertThat(box.seal(secret, owner)).as("a fresh nonce each time").isNotEqualTo(sealed);
        assertThat(box.open(sealed, owner)).isEqualTo(secret);
        assertThatThrownBy(() -> box.open(sealed, UUID.randomUUID()))
                .as("moved to another member's row")
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new SecretBox(key(), data).open(sealed, owner))
                .as("another install's key")
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void withoutAConfiguredKeyOneIsGeneratedOnceAndKeptPrivate() throws Exception {
        byte[] sealed = new SecretBox("", data).seal(secret, owner);
        Path file = data.resolve("encryption.key");
        assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).hasSize(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");

        assertThat(new SecretBox("", data).open(sealed, owner))
                .as("the next start reads the same key")
                .isEqualTo(secret);
        try (var files = Files.list(data)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aConfiguredKeyMustBe32BytesOfBase64() {
        assertThatThrownBy(() -> new SecretBox("c2hvcnQ=", data)).hasMessageContaining("32 random bytes");
        assertThatThrownBy(() -> new SecretBox("not base64 at all!", data)).hasMessageContaining("32 random bytes");
    }

    private static String key() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
