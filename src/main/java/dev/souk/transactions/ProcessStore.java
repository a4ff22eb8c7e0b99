package dev.souk.transactions;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The versions of the processes ever loaded, with their sources. */
@Repository
class ProcessStore {

    private final JdbcClient jdbc;

    ProcessStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records the process's version unless it already is, and answers the hash recorded for that
     * version: this one's, or the content's that used it first.
     */
    String record(Process process, String sha256, Instant now) {
        // nodes starting at once both insert; the first one's row stands for both
        jdbc.sql("""
                INSERT INTO transaction_processes (key, version, source, sha256, first_loaded_at)
                VALUES (:key, :version, :source, :sha256, :now)
                ON CONFLICT (key, version) DO NOTHING
                """)
                .param("key", process.key())
                .param("version", process.version())
                .param("source", process.source())
                .param("sha256", sha256)
                .param("now", Timestamp.from(now))
                .update();
        return jdbc.sql("SELECT sha256 FROM transaction_processes WHERE key = :key AND version = :version")
                .param("key", process.key())
                .param("version", process.version())
                .query(String.class)
                .single();
    }

    Optional<String> source(String key, int version) {
        return jdbc.sql("SELECT source FROM transaction_processes WHERE key = :key AND version = :version")
                .param("key", key)
                .param("version", version)
                .query(String.class)
                .optional();
    }
}
