package dev.gpunotebook.bot.slack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A {@link Ticker} whose time moves only when the test calls {@link #advance}: the tasks that fall due run
 * then, on the test's thread, in the order of their times. So a test sees exactly when the bot would
 * update a message or run the reaper, without waiting for a clock. One thread only.
 */
final class FakeTicker implements Ticker {

    private final List<Task> tasks = new ArrayList<>();
    private Duration now = Duration.ZERO;
    private long added;

    /** How much time has passed since the ticker was made. */
    Duration now() {
        return now;
    }

    /** Tasks waiting to run, once or again. */
    int waiting() {
        return tasks.size();
    }

    /** Moves time on by {@code by}, running every task that falls due on the way. */
    void advance(Duration by) {
        Duration until = now.plus(by);
        for (Optional<Task> next = nextDue(until); next.isPresent(); next = nextDue(until)) {
            Task task = next.get();
            now = task.due;
            if (task.period == null) {
                tasks.remove(task);
            } else {
                task.due = now.plus(task.period);
            }
            task.action.run();
        }
        now = until;
    }

    @Override
    public Scheduled once(Duration delay, Runnable task) {
        return add(delay, null, task);
    }

    @Override
    public Scheduled every(Duration interval, Runnable task) {
        if (interval.isZero() || interval.isNegative()) {
            // The bot's ticker (ScheduledExecutorService) refuses these too.
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        return add(interval, interval, task);
    }

    private Task add(Duration delay, Duration period, Runnable action) {
        Task task = new Task(now.plus(delay), period, action, added++);
        tasks.add(task);
        return task;
    }

    private Optional<Task> nextDue(Duration until) {
        return tasks.stream().filter(t -> t.due.compareTo(until) <= 0)
                .min(Comparator.comparing((Task t) -> t.due).thenComparingLong(t -> t.order));
    }

    private final class Task implements Scheduled {
        private Duration due;
        private final Duration period;
        private final Runnable action;
        private final long order;

        Task(Duration due, Duration period, Runnable action, long order) {
            this.due = due;
            this.period = period;
            this.action = action;
            this.order = order;
        }

        @Override
        public void cancel() {
            tasks.remove(this);
        }
    }
}
