package dev.souk.infra;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.modulith.events.IncompleteEventPublications;

/**
 * Every minute, on one node at a time: delivers again the cross-module events whose listener failed
 * (a lost connection, a pool that ran out), which the event publication registry would otherwise
 * retry only when the app restarts. Only publications older than {@code souk.events.redeliver-after}
 * (default 10 minutes; 0 turns this off) are taken, so that a listener still running is not run a
 * second time beside itself; listeners may run again anyway (at least once), so one that did its work
 * but could not record it is harmless. A listener that keeps failing is tried every minute, and
 * every failure is logged.
 */
@Configuration(proxyBeanMethods = false)
class EventRedelivery {

    private static final Logger log = LoggerFactory.getLogger(EventRedelivery.class);

    @Bean
    RecurringTask<Void> eventRedeliveryTask(
            IncompleteEventPublications incomplete,
            @Value("${souk.events.redeliver-after:10m}") Duration redeliverAfter) {
        return Tasks.recurring("events-redelivery", FixedDelay.ofMinutes(1)).execute((instance, context) -> {
            if (!redeliverAfter.isZero() && !redeliverAfter.isNegative()) {
                log.debug("Delivering again the events not handled within {}", redeliverAfter);
                incomplete.resubmitIncompletePublicationsOlderThan(redeliverAfter);
            }
        });
    }
}
