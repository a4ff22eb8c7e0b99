package dev.souk.infra;

import static dev.souk.testing.Pause.pause;
import static org.assertj.core.api.Assertions.assertThat;

import dev.souk.testing.MutableClock;
import dev.souk.testing.SoukTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An event whose listener failed (as when no connection could be had) is delivered again once it is
 * older than {@code souk.events.redeliver-after}, without a restart, and then recorded as handled.
 */
@SoukTest
@TestPropertySource(properties = "souk.events.redeliver-after=10m")
@Import(EventRedeliveryTest.Listeners.class)
class EventRedeliveryTest {

    record Happened(UUID id) {}

    /** Fails the first delivery of each event, as a listener that could not get a connection does. */
    static class FailingOnce {

        private final AtomicInteger deliveries = new AtomicInteger();
        private final Set<UUID> handled = ConcurrentHashMap.newKeySet();
        private final Set<UUID> failed = ConcurrentHashMap.newKeySet();

        @ApplicationModuleListener
        void on(Happened event) {
            deliveries.incrementAndGet();
            if (failed.add(event.id())) {
                throw new IllegalStateException("no connection for " + event.id() + " (a test's listener)");
            }
            handled.add(event.id());
        }

        // read through methods: the bean is a proxy (its listener runs asynchronously)
        int deliveries() {
            return deliveries.get();
        }

        boolean handled(UUID id) {
            return handled.contains(id);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Listeners {
        @Bean
        FailingOnce failingOnce() {
            return new FailingOnce();
        }
    }

    @Autowired
    FailingOnce listener;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aFailedListenerGetsTheEventAgainOnceItIsOlderThanTheDelay() {
        UUID id = UUID.randomUUID();
        transactions.executeWithoutResult(tx -> events.publishEvent(new Happened(id)));
        await(() -> listener.deliveries() == 1);
        assertThat(listener.handled(id)).isFalse();
        assertThat(incomplete(id)).isEqualTo(1);

        // younger than the delay: left alone (the scheduler looks every second)
        clock.advance(Duration.ofMinutes(5));
        pause(Duration.ofSeconds(3));
        assertThat(listener.deliveries()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(6));
        await(() -> listener.handled(id));
        await(() -> incomplete(id) == 0);
        assertThat(listener.deliveries()).isEqualTo(2);
    }

    private long incomplete(UUID id) {
        return jdbc.sql(
                        "SELECT count(*) FROM event_publication WHERE completion_date IS NULL AND serialized_event LIKE :id")
                .param("id", "%" + id + "%")
                .query(Long.class)
                .single();
    }

    private static void await(BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("not so within 20 s").isBefore(deadline);
            pause(Duration.ofMillis(50));
        }
    }
}
