package dev.souk.search;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.StatementCreatorUtils;

/** Runs search statements, each after its settings in one round trip, without a transaction around them. */
final class SearchJdbc {

    /**
     * Sent with every search statement, in the same round trip (so in the same implicit transaction,
     * which these settings last for). A search is a few small index reads: compiling it (JIT) or
     * spreading it over parallel workers costs more than it saves, and takes cores from the other
     * searches.
     */
    private static final String SETTINGS = "SELECT set_config('statement_timeout', '%d', true),"
            + " set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true),"
            // plans for the values asked (how many listings a category or a map's cells hold), never generic ones
            + " set_config('plan_cache_mode', 'force_custom_plan', true)";

    private final JdbcTemplate template;
    private volatile Duration statementTimeout;

    SearchJdbc(JdbcTemplate template, Duration statementTimeout) {
        this.template = template;
        this.statementTimeout = statementTimeout;
    }

    void statementTimeout(Duration timeout) {
        this.statementTimeout = timeout;
    }

    /** {@link #SETTINGS} with the current statement timeout. */
    String settings() {
        return SETTINGS.formatted(Math.max(1, statementTimeout.toMillis()));
    }

    /**
     * Runs {@code statement} after {@code settings} in one round trip: outside a transaction, the two
     * are one implicit transaction, which the settings last for; each row goes to {@code rows}.
     */
    void query(String settings, Sql statement, RowCallbackHandler rows) {
        template.execute((Connection connection) -> {
            try (PreparedStatement prepared = connection.prepareStatement(settings + "; " + statement.text())) {
                for (int i = 0; i < statement.params().size(); i++) {
                    StatementCreatorUtils.setParameterValue(
                            prepared,
                            i + 1,
                            SqlTypeValue.TYPE_UNKNOWN,
                            statement.params().get(i));
                }
                prepared.execute();
                prepared.getMoreResults(); // past the settings' row
                try (ResultSet result = prepared.getResultSet()) {
                    while (result.next()) {
                        rows.processRow(result);
                    }
                }
            }
            return null;
        });
    }

    void query(Sql statement, RowCallbackHandler rows) {
        query(settings(), statement, rows);
    }

    /** The database gave up on the statement (its statement timeout). */
    static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException && "57014".equals(((SQLException) t).getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
