package dev.gpunotebook.bot.slack;

import dev.gpunotebook.bot.command.GlobalOptions;
import dev.gpunotebook.bot.handler.Connector;
import dev.gpunotebook.core.GpuNotebooks;
import dev.gpunotebook.core.idle.IdleReaper;
import dev.gpunotebook.core.idle.Notifier;
import dev.gpunotebook.core.idle.ReapReport;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the idle reaper on a schedule for the bot. One reaper lives as long as the bot, because it
 * remembers which owners it has already warned. A failed run is logged and the next one runs anyway.
 */
final class IdleSchedule {

    private static final Logger LOG = LoggerFactory.getLogger(IdleSchedule.class);

    private final Connector connector;
    private final GlobalOptions launch;
    private final Notifier notifier;
    private final BiFunction<GpuNotebooks, Notifier, IdleReaper> reapers;
    /** A pass is waiting for a worker or running. */
    private final AtomicBoolean passDue = new AtomicBoolean();
    private IdleReaper reaper;
    private GpuNotebooks reaperConnection;

    /**
     * @param connector the commands' own, so that the reaper's stop and a command of the same notebook
     *     share one connection and with it core's per-notebook lock
     * @param reapers makes the reaper for a connection: {@link GpuNotebooks#idleReaper(Notifier)} in the bot
     */
    IdleSchedule(Connector connector, GlobalOptions launch, Notifier notifier,
            BiFunction<GpuNotebooks, Notifier, IdleReaper> reapers) {
        this.connector = connector;
        this.launch = launch;
        this.notifier = notifier;
        this.reapers = reapers;
    }

    /**
     * Runs {@link #runOnce()} every {@code interval} on {@code worker} (the ticker only times it, so a
     * slow run never delays progress updates); a zero interval turns idle auto-stop off. A tick that comes
     * while the last pass still waits or runs is skipped: passes slower than the interval must not pile up
     * in the workers' queue ahead of users' commands, nor hold up the bot's shutdown.
     *
     * @return the schedule, or null when idle auto-stop is off
     */
    Ticker.Scheduled start(Ticker ticker, Executor worker, Duration interval) {
        if (interval.isZero()) {
            LOG.info("Idle auto-stop is off ({} is 0).", SlackSettings.REAPER_MINUTES);
            return null;
        }
        return ticker.every(interval, () -> {
            if (passDue.compareAndSet(false, true)) {
                worker.execute(() -> {
                    try {
                        runOnce();
                    } finally {
                        passDue.set(false);
                    }
                });
            }
        });
    }

    /** One pass over the environment's notebooks; never throws. */
    synchronized ReapReport runOnce() {
        try {
            GpuNotebooks notebooks = connector.connect(launch);
            if (reaper == null || reaperConnection != notebooks) {
                reaper = reapers.apply(notebooks, notifier);
                reaperConnection = notebooks;
            }
            ReapReport report = reaper.reapOnce(notebooks.environment());
            LOG.info("Idle reaper: {}", report);
            return report;
        } catch (dev.gpunotebook.core.GpuNotebookException e) {
            LOG.warn("Idle reaper run failed; trying again at the next run: {}", e.getMessage());
            return null;
        } catch (RuntimeException e) {
            // Only the class: an unexpected exception's message is not known to be free of secrets.
            LOG.warn("Idle reaper run failed ({}); trying again at the next run", e.getClass().getSimpleName());
            return null;
        }
    }
}
