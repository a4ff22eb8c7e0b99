package dev.souk.reviews;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.event.TransactionalEventListener;

/** What the reviews module published, once committed, as a listener of another module would get it. */
@TestConfiguration(proxyBeanMethods = false)
class ReviewEvents {

    static class Recorded {

        private final List<Object> events = new CopyOnWriteArrayList<>();

        @TransactionalEventListener
        void on(ReviewPublished event) {
            events.add(event);
        }

        @TransactionalEventListener
        void on(ReviewReminderDue event) {
            events.add(event);
        }

        @TransactionalEventListener
        void on(ReviewHidden event) {
            events.add(event);
        }

        @TransactionalEventListener
        void on(ListingRatingChanged event) {
            events.add(event);
        }

        <T> List<T> of(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    @Bean
    Recorded recordedReviewEvents() {
        return new Recorded();
    }
}
