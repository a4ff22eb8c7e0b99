package dev.souk.payments;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every few seconds, on one node at a time: repeats the gateway calls whose outcome a crash or a
 * timeout lost (with their keys, so nothing moves twice) and marks holds that ran out.
 */
@Configuration(proxyBeanMethods = false)
class PaymentRecovery {

    static final int BATCH = 100;

    @Bean
    RecurringTask<Void> paymentRecoveryTask(Payments payments) {
        return Tasks.recurring("payments-recovery", FixedDelay.ofSeconds(5))
                .execute((instance, context) -> payments.recover(BATCH));
    }
}
