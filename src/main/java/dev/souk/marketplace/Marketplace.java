package dev.souk.marketplace;

import dev.souk.shared.InvalidInput;
import dev.souk.shared.InvalidInput.FieldProblem;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The facade of the marketplace module. */
@Service
public class Marketplace {

    static final int NAME_MAX = 60;
    static final int DESCRIPTION_MAX = 500;

    private final JdbcClient jdbc;
    private final Clock clock;

    Marketplace(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public MarketplaceSettings settings() {
        return jdbc.sql("SELECT name, description, default_currency, time_zone FROM marketplace_settings WHERE id = 1")
                .query((rs, n) -> new MarketplaceSettings(
                        rs.getString("name"),
                        rs.getString("description"),
                        Currency.getInstance(rs.getString("default_currency")),
                        ZoneId.of(rs.getString("time_zone"))))
                .single();
    }

    @Transactional
    public MarketplaceSettings update(MarketplaceSettings settings) {
        validate(settings);
        jdbc.sql("""
                UPDATE marketplace_settings
                   SET name = :name, description = :description, default_currency = :currency,
                       time_zone = :zone, updated_at = :now
                 WHERE id = 1""")
                .param("name", settings.name().strip())
                .param("description", settings.description().strip())
                .param("currency", settings.defaultCurrency().getCurrencyCode())
                .param("zone", settings.timeZone().getId())
                .param("now", Timestamp.from(clock.instant()))
                .update();
        return settings();
    }

    private static void validate(MarketplaceSettings settings) {
        List<FieldProblem> problems = new ArrayList<>();
        int nameLength = settings.name().strip().length();
        if (nameLength < 1 || nameLength > NAME_MAX) {
            problems.add(new FieldProblem("name", "validation.length", 1, NAME_MAX));
        }
        if (settings.description().strip().length() > DESCRIPTION_MAX) {
            problems.add(new FieldProblem("description", "validation.length", 0, DESCRIPTION_MAX));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
    }
}
