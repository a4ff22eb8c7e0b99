package dev.souk.infra;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** Closed by Spring after the data source that depends on it, so shutdown never waits on open connections. */
    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(SoukProperties properties) throws IOException {
        var builder = EmbeddedPostgres.builder()
                .setRegisterShutdownHook(false)
                // zonky turns this off for speed; Souk is a system of record
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "100");
        if (properties.db().embeddedPort() > 0) {
            builder.setPort(properties.db().embeddedPort());
        }
        if (properties.db().ephemeral()) {
            builder.setCleanDataDirectory(true);
        } else {
            Path directory = properties.dataDir().resolve("postgres").toAbsolutePath();
            Files.createDirectories(directory);
            LeftoverPostmaster.stopIfRunning(directory);
            builder.setDataDirectory(directory).setCleanDataDirectory(false);
        }
        long started = System.nanoTime();
        EmbeddedPostgres postgres = builder.start();
        log.info(
                "Embedded PostgreSQL ready in {} ms at {}",
                (System.nanoTime() - started) / 1_000_000,
                postgres.getJdbcUrl("postgres", "postgres"));
        return postgres;
    }

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedPostgres postgres) {
        return DataSourceBuilder.create()
                .type(HikariDataSource.class)
                .url(postgres.getJdbcUrl("postgres", "postgres"))
                .username("postgres")
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
