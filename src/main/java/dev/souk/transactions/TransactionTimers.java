package dev.souk.transactions;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The timers of processes (expiry, completion, automatic receipt), one db-scheduler execution each,
 * fired once across every node; and the repetition of money actions that failed.
 */
@Configuration(proxyBeanMethods = false)
class TransactionTimers {

    static final int BATCH = 50;

    /** Data: {@code <transaction id>|<transitions recorded when set>|<transition name>}. */
    @Bean
    OneTimeTask<String> transactionTimerTask(ObjectProvider<Transactions> transactions, MeterRegistry meters) {
        return Tasks.oneTime("transaction-timer", String.class).execute((instance, context) -> {
            String[] parts = instance.getData().split("\\|", 3);
            // counted per node: across nodes the counts add up to the timers set
            meters.counter("transactions.timers.fired", "transition", parts[2]).increment();
            transactions.getObject().fireTimer(UUID.fromString(parts[0]), Integer.parseInt(parts[1]), parts[2]);
        });
    }

    @Bean
    RecurringTask<Void> transactionMoneyTask(ObjectProvider<Transactions> transactions) {
        return Tasks.recurring("transactions-money", FixedDelay.ofSeconds(5))
                .execute((instance, context) -> transactions.getObject().repeatDueMoney(BATCH));
    }
}
