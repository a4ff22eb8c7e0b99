package dev.souk.infra;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Without a configured database URL, Souk runs its own PostgreSQL in the data directory, so that one
 * command starts a working marketplace on a bare machine and keeps its data across restarts.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseConfiguration.NoDatabaseUrl.class)
class EmbeddedDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

    @Bean
    EmbeddedDatabaseAccess embeddedDatabaseAccess(SoukProperties properties) {
        return EmbeddedDatabaseAccess.of(
                properties.db().ephemeral()
                        ? null
                        : properties.dataDir().resolve("database.credentials").toAbsolutePath());
    }

    /** Closed by Spring after the data source that depends on it, so shutdown never waits on open connections. */
    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(SoukProperties properties, EmbeddedDatabaseAccess access)
            throws IOException, SQLException {
        var builder = EmbeddedPostgres.builder()
                .setRegisterShutdownHook(false)
                // zonky turns this off for speed; Souk is a system of record
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "100")
                // bitmaps of a few hundred thousand rows stay exact (not lossy) in memory
                .setServerConfig("work_mem", "16MB")
                // the data is read from memory: random reads cost about what sequential ones do
                .setServerConfig("random_page_cost", "1.1")
                .setServerConfig("effective_cache_size", (memoryMegabytes() / 2) + "MB");
        if (properties.db().embeddedPort() > 0) {
            builder.setPort(properties.db().embeddedPort());
        }
        if (properties.db().ephemeral()) {
            builder.setCleanDataDirectory(true);
        } else {
            // a quarter of the machine's memory (the usual advice), between 128 MB and 2 GB: enough to keep
            // the search read model of a million listings in memory
            long buffers = Math.max(128, Math.min(2048, memoryMegabytes() / 4));
            builder.setServerConfig("shared_buffers", buffers + "MB");
            Path directory = properties.dataDir().resolve("postgres").toAbsolutePath();
            Files.createDirectories(directory);
            LeftoverPostmaster.stopIfRunning(directory);
            builder.setDataDirectory(directory).setCleanDataDirectory(false);
        }
        long started = System.nanoTime();
        EmbeddedPostgres postgres = access.configure(builder).start();
        access.secure(postgres);
        log.info(
                "Embedded PostgreSQL ready in {} ms at {}",
                (System.nanoTime() - started) / 1_000_000,
                postgres.getJdbcUrl(EmbeddedDatabaseAccess.APP_ROLE, EmbeddedDatabaseAccess.DATABASE));
        return postgres;
    }

    /** The machine's memory, or 4 GB if the JVM can't tell. */
    private static long memoryMegabytes() {
        java.lang.management.OperatingSystemMXBean os =
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            long bytes = ((com.sun.management.OperatingSystemMXBean) os).getTotalMemorySize();
            if (bytes > 0) {
                return bytes / (1024 * 1024);
            }
        }
        return 4096;
    }

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedPostgres postgres, EmbeddedDatabaseAccess access) {
        return DataSourceBuilder.create()
                .type(HikariDataSource.class)
                .url(postgres.getJdbcUrl(EmbeddedDatabaseAccess.APP_ROLE, EmbeddedDatabaseAccess.DATABASE))
                .username(EmbeddedDatabaseAccess.APP_ROLE)
                .password(access.appPassword())
                .build();
    }

    static class NoDatabaseUrl extends SpringBootCondition {
        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String url = context.getEnvironment().getProperty("spring.datasource.url");
            return StringUtils.hasText(url)
                    ? ConditionOutcome.noMatch("a database URL is configured")
                    : ConditionOutcome.match("no database URL is configured");
        }
    }
}
