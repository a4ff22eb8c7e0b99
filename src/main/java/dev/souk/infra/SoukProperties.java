package dev.souk.infra;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Souk's own settings; every one can be set through a {@code SOUK_*} environment variable (see
 * docs/configuration.md).
 *
 * @param dataDir where the embedded database and uploaded images live
 * @param baseUrl the public address used in links that leave the site, such as emails
 * @param mailFrom the sender of Souk's emails, e.g. {@code Market <no-reply@example.org>}
 * @param db embedded database settings, used only when no external database URL is configured
 */
@ConfigurationProperties("souk")
public record SoukProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("http://localhost:8080") String baseUrl,
        @DefaultValue("Souk <no-reply@localhost>") String mailFrom,
        @DefaultValue Db db) {

    /**
     * @param embeddedPort port of the embedded PostgreSQL; 0 picks a free one at each start
     * @param ephemeral keep the embedded database in a temporary directory deleted at shutdown
     */
    public record Db(
            @DefaultValue("0") int embeddedPort,
            @DefaultValue("false") boolean ephemeral) {}
}
