package dev.gpunotebook.bot.slack;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The bot's timer: runs a task later, once or again and again. In the bot it is one scheduler thread
 * ({@link #on}); tests pass a ticker whose time they move by hand, so that "at most once a second" and
 * "every minute" are checked without waiting for the clock.
 */
interface Ticker {

    /** Runs {@code task} once, {@code delay} from now. */
    Scheduled once(Duration delay, Runnable task);

    /** Runs {@code task} every {@code interval}, the first time one interval from now. */
    Scheduled every(Duration interval, Runnable task);

    /** A task the ticker holds; cancelling one that has run changes nothing. */
    interface Scheduled {

        void cancel();
    }

    /** Tasks run on {@code scheduler}'s thread; a repeated one waits {@code interval} after each run ends. */
    static Ticker on(ScheduledExecutorService scheduler) {
        return new Ticker() {
            @Override
            public Scheduled once(Duration delay, Runnable task) {
                var future = scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
                return () -> future.cancel(false);
            }

            @Override
            public Scheduled every(Duration interval, Runnable task) {
                var future = scheduler.scheduleWithFixedDelay(task, interval.toMillis(), interval.toMillis(),
                        TimeUnit.MILLISECONDS);
                return () -> future.cancel(false);
            }
        };
    }
}
