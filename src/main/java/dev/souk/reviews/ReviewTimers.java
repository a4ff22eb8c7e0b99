package dev.souk.reviews;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The timers of review windows (reminders, close), one db-scheduler execution each across every node. */
@Configuration(proxyBeanMethods = false)
class ReviewTimers {

    /** Data: {@code <transaction id>|<day of the window>|<what: remind or close>}. */
    @Bean
    OneTimeTask<String> reviewTimerTask(ObjectProvider<Reviews> reviews) {
        return Tasks.oneTime("review-timer", String.class).execute((instance, context) -> {
            String[] parts = instance.getData().split("\\|", 3);
            reviews.getObject().fireTimer(UUID.fromString(parts[0]), Integer.parseInt(parts[1]), parts[2]);
        });
    }
}
