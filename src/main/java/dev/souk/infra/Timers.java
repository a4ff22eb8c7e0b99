package dev.souk.infra;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.OnStartup;
import com.github.kagkarlsson.scheduler.task.Task;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.stereotype.Component;

/**
 * Timers and recurring jobs that fire once across every app node, kept in PostgreSQL (db-scheduler).
 * Modules declare their tasks as beans; recurring ones are scheduled at start, one-time ones are
 * scheduled by the module through {@link #scheduler()}. A timer missed while every node was down fires
 * at the next start.
 */
@Component
public class Timers implements SmartLifecycle {

    private final DataSource dataSource;
    private final List<Task<?>> tasks;
    private final SchedulerClient transactional;
    private final Clock clock;
    private @Nullable Scheduler scheduler;

    Timers(DataSource dataSource, List<Task<?>> tasks, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.tasks = List.copyOf(tasks);
        this.transactional = SchedulerClient.Builder.create(new TransactionAwareDataSourceProxy(dataSource), this.tasks)
                .build();
    }

    /**
     * Schedules and cancels timers in the caller's database transaction: a timer set by a change that
     * rolls back was never set. The running scheduler picks it up within its polling interval.
     */
    public SchedulerClient transactional() {
        return transactional;
    }

    /** The running scheduler, to schedule one-time timers with. */
    public Scheduler scheduler() {
        Scheduler running = scheduler;
        if (running == null) {
            throw new IllegalStateException("timers are not running");
        }
        return running;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void start() {
        List startTasks = new ArrayList<>();
        List<Task<?>> known = new ArrayList<>();
        for (Task<?> task : tasks) {
            if (task instanceof OnStartup) {
                startTasks.add(task);
            } else {
                known.add(task);
            }
        }
        scheduler = Scheduler.create(dataSource, known)
                .startTasks(startTasks)
                .schedulerName(new SchedulerName.Fixed("souk-" + UUID.randomUUID()))
                // the app's clock decides what is due, so that tests move time forward
                .clock(clock::instant)
                .threads(4)
                .pollingInterval(Duration.ofSeconds(1))
                .heartbeatInterval(Duration.ofSeconds(30))
                .enableImmediateExecution()
                .shutdownMaxWait(Duration.ofSeconds(5))
                .build();
        scheduler.start();
    }

    @Override
    public void stop() {
        Scheduler running = scheduler;
        scheduler = null;
        if (running != null) {
            running.stop();
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    /** After the web server and before the database goes away. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }
}
