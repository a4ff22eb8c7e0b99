package dev.souk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.payments.LedgerCheck;
import dev.souk.payments.PaymentState;
import dev.souk.payments.PaymentView;
import dev.souk.payments.Payments;
import dev.souk.testing.SoukTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** The ledger benchmarks' two parts write what the payments module would, and the ledger checks out. */
@SoukTest
@TestPropertySource(properties = "souk.bench.instant-gateway=true")
class LedgerBenchTest {

    @Autowired
    LedgerGenerator generator;

    @Autowired
    LedgerLoad load;

    @Autowired
    Payments payments;

    @Autowired
    JdbcClient jdbc;

    @Test
    void generatedJournalsBalanceTheirPaymentsAgreeAndTheAppWritesOnAfterThem() throws Exception {
        long before = payments.checkLedger().journals();
        var progress = new ByteArrayOutputStream();

        LedgerGenerator.Summary summary = generator.generate(3_000, 7, new PrintStream(progress));

        assertThat(summary.journals()).isBetween(3_000L, 3_003L);
        assertThat(progress.toString()).contains("(100%)");
        LedgerCheck check = payments.checkLedger();
        assertThat(check.passed()).as("%s", check).isTrue();
        assertThat(check.journals()).isEqualTo(before + summary.journals());
        assertThat(jdbc.sql("SELECT DISTINCT kind FROM ledger_journals ORDER BY kind")
                        .query(String.class)
                        .list())
                .containsExactly("capture", "commission", "payout", "refund", "release", "settlement");
        List<UUID> generated = jdbc.sql("SELECT id FROM payments WHERE description = :d ORDER BY id LIMIT 50")
                .param("d", LedgerGenerator.DESCRIPTION)
                .query(UUID.class)
                .list();
        for (UUID id : generated) {
            PaymentView payment = payments.payment(id).orElseThrow();
            assertThat(payment.state())
                    .isIn(PaymentState.PAID_OUT, PaymentState.CAPTURED, PaymentState.REFUNDED, PaymentState.RECEIVED);
        }

        // the load runs on after them through the facade: its journals are numbered after the generated ones
        LedgerLoad.Summary moved = load.run(2, Duration.ZERO, Duration.ofSeconds(2), new PrintStream(progress));

        assertThat(moved.payments()).isPositive();
        assertThat(moved.journals()).isGreaterThanOrEqualTo(3 * moved.payments());
        assertThat(moved.latencies().get("payout")).hasSize((int) moved.payments());
        LedgerCheck after = payments.checkLedger();
        assertThat(after.passed()).as("%s", after).isTrue();
        assertThat(after.journals()).isGreaterThanOrEqualTo(check.journals() + moved.journals());
    }
}
