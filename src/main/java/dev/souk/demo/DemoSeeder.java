package dev.souk.demo;

import dev.souk.marketplace.Marketplace;
import dev.souk.marketplace.MarketplaceSettings;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Currency;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.StringUtils;

/** Seeds the demo marketplace once per database, when enabled. */
@Component
class DemoSeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoSeeder.class);

    private final Environment environment;
    private final JdbcClient jdbc;
    private final Marketplace marketplace;
    private final Clock clock;

    DemoSeeder(Environment environment, JdbcClient jdbc, Marketplace marketplace, Clock clock) {
        this.environment = environment;
        this.jdbc = jdbc;
        this.marketplace = marketplace;
        this.clock = clock;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (!enabled()) {
            return;
        }
        // the row lock makes two nodes starting together seed once
        int claimed = jdbc.sql("INSERT INTO demo_seed (seeded_at) VALUES (:now) ON CONFLICT DO NOTHING")
                .param("now", Timestamp.from(clock.instant()))
                .update();
        if (claimed == 0) {
            return;
        }
        marketplace.update(new MarketplaceSettings(
                "Souk Demo Market",
                "Rooms to stay in, tools to borrow, lessons to take and handmade things to buy, "
                        + "straight from the people who offer them.",
                Currency.getInstance("EUR"),
                ZoneId.of("Europe/Lisbon")));
        log.info(
                "Seeded the demo marketplace '{}'. Turn this off with SOUK_DEMO=false.",
                marketplace.settings().name());
    }

    /** {@code SOUK_DEMO=true|false} decides; unset, the demo is on only for the embedded database. */
    private boolean enabled() {
        String setting = environment.getProperty("souk.demo", "auto");
        if (!"auto".equalsIgnoreCase(setting)) {
            return Boolean.parseBoolean(setting);
        }
        return !StringUtils.hasText(environment.getProperty("spring.datasource.url"));
    }
}
