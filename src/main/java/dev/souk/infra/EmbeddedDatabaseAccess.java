package dev.souk.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may connect to the embedded PostgreSQL: nobody without a password. At its first start (or when
 * the passwords file is gone) Souk gives the superuser and an application role passwords of its own,
 * keeps them in a file only its user may read, and from then on the server asks for them (SCRAM). The
 * application connects as that role, which owns Souk's schema but is no superuser: a flaw in a query
 * can't read the machine's files or run programs.
 */
final class EmbeddedDatabaseAccess {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseAccess.class);

    static final String SUPERUSER = "postgres";
    static final String APP_ROLE = "souk";
    static final String DATABASE = "postgres";

    private static final SecureRandom RANDOM = new SecureRandom();

    private static final String PASSWORDS_REQUIRED = """
            # Written by Souk: every connection needs a password (passwords in ../database.credentials).
            local all all scram-sha-256
            host  all all 127.0.0.1/32 scram-sha-256
            host  all all ::1/128 scram-sha-256
            """;
    private static final String OPEN_UNTIL_PASSWORDS_ARE_SET = """
            # Written by Souk while it sets the passwords at first start; replaced at once.
            local all all trust
            host  all all 127.0.0.1/32 trust
            host  all all ::1/128 trust
            """;

    private final @Nullable Path file;
    private final String superuserPassword;
    private final String appPassword;
    private final boolean passwordsSet;
    /** The server's data directory, known once its configuration is written. */
    private volatile @Nullable Path dataDirectory;

    private EmbeddedDatabaseAccess(
            @Nullable Path file, String superuserPassword, String appPassword, boolean passwordsSet) {
        this.file = file;
        this.superuserPassword = superuserPassword;
        this.appPassword = appPassword;
        this.passwordsSet = passwordsSet;
    }

    /**
     * The passwords kept in {@code file}, or new ones (to be set at start) if there is none; a database
     * thrown away at shutdown keeps them in memory only.
     */
    static EmbeddedDatabaseAccess of(@Nullable Path file) {
        if (file != null && Files.isRegularFile(file)) {
            Properties kept = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                kept.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            String superuser = kept.getProperty("superuser.password");
            String app = kept.getProperty("app.password");
            if (superuser != null && app != null) {
                return new EmbeddedDatabaseAccess(file, superuser, app, true);
            }
        }
        return new EmbeddedDatabaseAccess(file, newPassword(), newPassword(), false);
    }

    /** Readies the server's configuration before it starts; the superuser's password for its own checks. */
    EmbeddedPostgres.Builder configure(EmbeddedPostgres.Builder builder) {
        return builder.setConnectConfig("password", superuserPassword)
                .setServerConfig("password_encryption", "scram-sha-256")
                .setDataDirectoryCustomizer(directory -> {
                    dataDirectory = directory.toPath();
                    writeAccessRules(
                            directory.toPath(), passwordsSet ? PASSWORDS_REQUIRED : OPEN_UNTIL_PASSWORDS_ARE_SET);
                });
    }

    /**
     * After the server started: sets the passwords and the application's role if they are new, and hands
     * the role Souk's schema (and what an earlier Souk made there as superuser).
     */
    void secure(EmbeddedPostgres postgres) throws SQLException {
        if (passwordsSet) {
            return;
        }
        try (Connection connection = postgres.getDatabase(SUPERUSER, DATABASE).getConnection();
                Statement sql = connection.createStatement()) {
            sql.execute("ALTER ROLE " + SUPERUSER + " PASSWORD " + literal(superuserPassword));
            sql.execute("""
                    DO $$ BEGIN
                        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '%1$s') THEN
                            CREATE ROLE %1$s LOGIN;
                        END IF;
                    END $$""".formatted(APP_ROLE));
            sql.execute("ALTER ROLE " + APP_ROLE + " LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB PASSWORD "
                    + literal(appPassword));
            sql.execute("GRANT CREATE, CONNECT, TEMPORARY ON DATABASE " + DATABASE + " TO " + APP_ROLE);
            sql.execute("ALTER SCHEMA public OWNER TO " + APP_ROLE);
            // tables, views and sequences an earlier Souk created as superuser; extensions' own stay theirs
            sql.execute("""
                    DO $$ DECLARE object record; BEGIN
                        FOR object IN
                            SELECT c.oid::regclass AS name FROM pg_class c
                              JOIN pg_namespace n ON n.oid = c.relnamespace
                             WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
                               AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = '%1$s')
                               AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
                        LOOP
                            EXECUTE format('ALTER TABLE %%s OWNER TO %1$s', object.name);
                        END LOOP;
                    END $$""".formatted(APP_ROLE));
        }
        if (file != null) {
            keep(file);
        }
        writeAccessRules(java.util.Objects.requireNonNull(dataDirectory), PASSWORDS_REQUIRED);
        try (Connection connection = postgres.getDatabase(SUPERUSER, DATABASE).getConnection();
                Statement sql = connection.createStatement()) {
            sql.execute("SELECT pg_reload_conf()");
        }
        log.info("The embedded PostgreSQL now asks for passwords; they are kept in {}", file == null ? "memory" : file);
    }

    String appPassword() {
        return appPassword;
    }

    private void keep(Path target) {
        Properties kept = new Properties();
        kept.setProperty("superuser", SUPERUSER);
        kept.setProperty("superuser.password", superuserPassword);
        kept.setProperty("app", APP_ROLE);
        kept.setProperty("app.password", appPassword);
        try {
            Path temporary = target.resolveSibling(target.getFileName() + ".new");
            Files.deleteIfExists(temporary);
            try {
                Files.createFile(
                        temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(temporary);
            }
            try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8, StandardOpenOption.WRITE)) {
                kept.store(writer, "The embedded PostgreSQL's passwords; delete this file to have new ones set");
            }
            Files.move(temporary, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    private static void writeAccessRules(Path dataDirectory, String rules) {
        try {
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), rules, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the access rules of " + dataDirectory, e);
        }
    }

    /** Made here, of letters and digits only: safe in a SQL literal as it is. */
    private static String literal(String password) {
        return "'" + password + "'";
    }

    private static String newPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(bytes)
                .replace('-', 'a')
                .replace('_', 'b');
    }
}
