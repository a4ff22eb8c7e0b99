package dev.souk.infra;

import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keys of this install: made at random the first time one is asked for and kept in the database, so
 * every app node uses the same one and no install shares a key with another.
 */
@Component
public class InstallSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    /** A key never changes once made. */
    private final Map<String, byte[]> known = new ConcurrentHashMap<>();

    InstallSecrets(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The 256-bit key named {@code name}; the same on every node, made once per install. */
    public byte[] key(String name) {
        return known.computeIfAbsent(name, this::loadOrMake).clone();
    }

    private byte[] loadOrMake(String name) {
        byte[] fresh = new byte[32];
        RANDOM.nextBytes(fresh);
        // two nodes asking at once both insert; the first one's key wins for both
        jdbc.sql("INSERT INTO install_secrets (name, secret) VALUES (:name, :secret) ON CONFLICT (name) DO NOTHING")
                .param("name", name)
                .param("secret", fresh)
                .update();
        return jdbc.sql("SELECT secret FROM install_secrets WHERE name = :name")
                .param("name", name)
                .query(byte[].class)
                .single();
    }
}
