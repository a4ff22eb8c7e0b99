package dev.souk.demo;

import dev.souk.accounts.Accounts;
import dev.souk.accounts.ProfileUpdate;
import dev.souk.accounts.SignUp;
import dev.souk.infra.SoukProperties;
import dev.souk.listings.Listings;
import dev.souk.marketplace.Marketplace;
import dev.souk.marketplace.MarketplaceSettings;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
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
    static final List<String> MEMBER_EMAILS =
            List.of("amira@demo.souk.dev", "tomas@demo.souk.dev", "lena@demo.souk.dev");

    private static final SecureRandom RANDOM = new SecureRandom();
    /** No look-alike characters (0/o, 1/l/i), so a password read off a console is typed right. */
    private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

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
        if (!enabled(environment)) {
            return;
        }
        if (!accounts.hasMembers()) {
            seed();
        }
        showPasswords();
    }

    /**
     * Prints the demo accounts' passwords while they are unchanged; a changed one is forgotten, so it
     * is never printed again.
     */
    private void showPasswords() {
        Passwords kept = jdbc.sql("SELECT operator_password, member_password FROM demo_seed")
                .query((rs, n) -> new Passwords(rs.getString("operator_password"), rs.getString("member_password")))
                .optional()
                .orElse(new Passwords(null, null));
        String operator = kept.operator() != null && accounts.hasPassword(OPERATOR_EMAIL, kept.operator())
                ? kept.operator()
                : null;
        String member = kept.member() != null
                        && MEMBER_EMAILS.stream().anyMatch(email -> accounts.hasPassword(email, kept.member()))
                ? kept.member()
                : null;
        if (!Objects.equals(operator, kept.operator()) || !Objects.equals(member, kept.member())) {
            jdbc.sql("UPDATE demo_seed SET operator_password = :operator, member_password = :member")
                    .param("operator", operator)
                    .param("member", member)
                    .update();
        }
        if (operator == null && member == null) {
            return;
        }
        // a line each, so every log format shows them as they are to be typed
        log.info(
                "Demo marketplace at {}: its passwords were made for this install and are shown at every start"
                        + " until changed",
                properties.baseUrl());
        if (operator != null) {
            log.info(
                    "Demo operator (/admin, then two-step verification with an authenticator app): {} / {}",
                    OPERATOR_EMAIL,
                    operator);
        }
        if (member != null) {
            log.info("Demo members: {} / {}", String.join(", ", MEMBER_EMAILS), member);
        }
    }

    private record Passwords(
            @Nullable String operator, @Nullable String member) {}

    /** Three groups of four letters and digits, about 69 bits: not guessable, easy to type. */
    static String randomPassword() {
        StringBuilder password = new StringBuilder("demo");
        for (int i = 0; i < 12; i++) {
            if (i % 4 == 0) {
                password.append('-');
            }
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    private void seed() {
        String operatorPassword = randomPassword();
        String memberPassword = randomPassword();
        // the row makes two nodes starting together seed once
        int claimed = jdbc.sql("""
                        INSERT INTO demo_seed (seeded_at, operator_password, member_password)
                        VALUES (:now, :operator, :member) ON CONFLICT DO NOTHING""")
                .param("now", Timestamp.from(clock.instant()))
                .param("operator", operatorPassword)
                .param("member", memberPassword)
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
        accounts.ensureOperator(OPERATOR_EMAIL, operatorPassword, "Demo Operator");
        UUID amira = member(
                memberPassword,
                MEMBER_EMAILS.get(0),
                "Amira Haddad",
                "Lisbon",
                "I host a bright room above my ceramics studio in Alfama and teach wheel-throwing on weekends.");
        UUID tomas = member(
                memberPassword,
                MEMBER_EMAILS.get(1),
                "Tomás Ferreira",
                "Porto",
                "Carpenter. I lend out my tools when I'm not using them and build chairs to order.");
        UUID lena = member(
                memberPassword,
                MEMBER_EMAILS.get(2),
                "Lena Vogel",
                "Berlin",
                "Always looking for a quiet place to stay and a good workshop to learn something new.");
        DemoListings.seed(listings, amira, tomas, lena);
        log.info(
                "Seeded the demo marketplace '{}'. Turn this off with SOUK_DEMO=false.",
                marketplace.settings().name());
    }

    private UUID member(String password, String email, String name, String city, String bio) {
        UUID id = accounts.register(new SignUp(email, password, name), true);
        accounts.updateProfile(id, new ProfileUpdate(name, bio, city));
        return id;
    }

    /** {@code SOUK_DEMO=true|false} decides; unset, the demo is on only for the embedded database. */
    static boolean enabled(Environment environment) {
        String setting = environment.getProperty("souk.demo", "auto");
        if (!"auto".equalsIgnoreCase(setting)) {
            return Boolean.parseBoolean(setting);
        }
        return !StringUtils.hasText(environment.getProperty("spring.datasource.url"));
    }
}
