package dev.souk.notifications.webhooks;

import java.util.concurrent.TimeUnit;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every second, on every node: one attempt at each due delivery. Nodes share the work safely, since
 * each claims the deliveries it sends ({@code FOR UPDATE SKIP LOCKED}, then a claim that runs out if
 * the node dies), so a delivery is never sent by two at once. A full batch is followed by the next at
 * once, so a backlog drains at the pace endpoints answer. Every hour, deliveries finished more than 30
 * days ago are forgotten.
 */
@Component
class WebhookWorker {

    private final Webhooks webhooks;

    WebhookWorker(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    @Scheduled(fixedDelay = 1000, initialDelay = 1000)
    void deliverDue() {
        while (webhooks.deliverDue() == Webhooks.BATCH) {
            // the next batch
        }
    }

    /** Any node may do it; two doing it at once delete the same rows. */
    @Scheduled(fixedDelay = 1, initialDelay = 1, timeUnit = TimeUnit.HOURS)
    void forgetOld() {
        webhooks.forgetOld();
    }
}
