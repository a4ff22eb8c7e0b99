package dev.souk.demo;

import dev.souk.accounts.Accounts;
import dev.souk.accounts.ProfileUpdate;
import dev.souk.accounts.SignUp;
import dev.souk.infra.SoukProperties;
import dev.souk.listings.Listings;
import dev.souk.marketplace.Marketplace;
import dev.souk.marketplace.MarketplaceSettings;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.StringUtils;

/**
 * Seeds the demo marketplace once, into an empty database, when enabled. Runs before the operator
 * bootstrap so that an operator created from the environment doesn't count as existing data.
 */
@Component
@Order(10)
class DemoSeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoSeeder.class);

    static final String OPERATOR_EMAIL = "operator@demo.souk.dev";
    static final String OPERATOR_PASSWORD = "market-demo-2026";
    static final String MEMBER_PASSWORD = "market-member-2026";

    private final Environment environment;
    private final JdbcClient jdbc;
    private final Marketplace marketplace;
    private final Accounts accounts;
    private final SoukProperties properties;
    private final Clock clock;
    private final Listings listings;

    DemoSeeder(
            Environment environment,
            JdbcClient jdbc,
            Marketplace marketplace,
            Accounts accounts,
            SoukProperties properties,
            Clock clock,
            Listings listings) {
        this.environment = environment;
        this.jdbc = jdbc;
        this.marketplace = marketplace;
        this.accounts = accounts;
        this.properties = properties;
        this.clock = clock;
        this.listings = listings;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (!enabled()) {
            return;
        }
        if (!accounts.hasMembers()) {
            seed();
        }
        if (accounts.hasPassword(OPERATOR_EMAIL, OPERATOR_PASSWORD)) {
            log.info(
                    "Demo marketplace at {} — sign in as the demo operator with {} / {} and an authenticator app (members: amira@demo.souk.dev, tomas@demo.souk.dev, lena@demo.souk.dev / {})",
                    properties.baseUrl(),
                    OPERATOR_EMAIL,
                    OPERATOR_PASSWORD,
                    MEMBER_PASSWORD);
        }
    }

    private void seed() {
        // the row makes two nodes starting together seed once
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
                List.of(Currency.getInstance("EUR"), Currency.getInstance("GBP"), Currency.getInstance("USD")),
                ZoneId.of("Europe/Lisbon"),
                false));
        DemoCatalog.seed(marketplace);
        accounts.ensureOperator(OPERATOR_EMAIL, OPERATOR_PASSWORD, "Demo Operator");
        UUID amira = member(
                "amira@demo.souk.dev",
                "Amira Haddad",
                "Lisbon",
                "I host a bright room above my ceramics studio in Alfama and teach wheel-throwing on weekends.");
        UUID tomas = member(
                "tomas@demo.souk.dev",
                "Tomás Ferreira",
                "Porto",
                "Carpenter. I lend out my tools when I'm not using them and build chairs to order.");
        UUID lena = member(
                "lena@demo.souk.dev",
                "Lena Vogel",
                "Berlin",
                "Always looking for a quiet place to stay and a good workshop to learn something new.");
        DemoListings.seed(listings, amira, tomas, lena);
        log.info(
                "Seeded the demo marketplace '{}'. Turn this off with SOUK_DEMO=false.",
                marketplace.settings().name());
    }

    private UUID member(String email, String name, String city, String bio) {
        UUID id = accounts.register(new SignUp(email, MEMBER_PASSWORD, name), true);
        accounts.updateProfile(id, new ProfileUpdate(name, bio, city));
        return id;
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
