package dev.gpunotebook.bot.slack;

import dev.gpunotebook.bot.command.GlobalOptions;
import dev.gpunotebook.bot.handler.Connector;
import dev.gpunotebook.core.GpuNotebooks;
import dev.gpunotebook.core.idle.IdleReaper;
import dev.gpunotebook.core.idle.Notifier;
import dev.gpunotebook.core.idle.ReapReport;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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
    private IdleReaper reaper;
    private GpuNotebooks reaperConnection;

    IdleSchedule(Connector connector, GlobalOptions launch, Notifier notifier) {
        this.connector = connector;
        this.launch = launch;
        this.notifier = notifier;
    }

    /**
     * Schedules {@link #runOnce()} every {@code interval} on {@code worker} (the ticker only times it, so a
     * slow run never delays progress updates); a zero interval turns idle auto-stop off.
     */
    ScheduledFuture<?> start(ScheduledExecutorService scheduler, java.util.concurrent.Executor worker,
            Duration interval) {
        if (interval.isZero()) {
            LOG.info("Idle auto-stop is off ({} is 0).", SlackSettings.REAPER_MINUTES);
            return null;
        }
        return scheduler.scheduleWithFixedDelay(() -> worker.execute(this::runOnce), interval.toMillis(),
                interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One pass over the environment's notebooks; never throws. */
    synchronized ReapReport runOnce() {
        try {
            GpuNotebooks notebooks = connector.connect(launch);
            if (reaper == null || reaperConnection != notebooks) {
                reaper = notebooks.idleReaper(notifier);
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
