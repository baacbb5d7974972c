package dev.gpunotebook.core.idle;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.cloud.Cloud;
import dev.gpunotebook.core.idle.IdlePolicy.Decision;
import dev.gpunotebook.core.idle.JupyterProbe.Reading;
import dev.gpunotebook.core.idle.ReapReport.Entry;
import dev.gpunotebook.core.idle.ReapReport.Outcome;
import dev.gpunotebook.core.lifecycle.NotebookLister;
import dev.gpunotebook.core.lifecycle.NotebookStopper;
import dev.gpunotebook.core.lifecycle.OperationLocks;
import dev.gpunotebook.core.model.Environment;
import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.model.NotebookState;
import dev.gpunotebook.core.model.NotebookSummary;
import dev.gpunotebook.core.provision.ProgressListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stops notebooks nobody uses. One {@link #reapOnce} pass reads every running notebook's Jupyter
 * status (with its token from SSM), warns the owner a few minutes before the limit, stops notebooks
 * idle past it (same stop as {@code stop NAME}: data kept) and tells the owner with a "Start again"
 * action. A notebook whose Jupyter cannot be read is reported and left running: never stopped on a guess.
 *
 * <p>The bot calls {@link #reapOnce} on a schedule (every minute or so); the clock is injected, so
 * tests decide what "now" is instead of waiting.
 */
public final class IdleReaper {

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final Cloud cloud;
    private final NotebookLister lister;
    private final NotebookStopper stopper;
    private final OperationLocks locks;
    private final JupyterProbe probe;
    private final JupyterAddress address;
    private final Notifier notifier;
    private final Clock clock;
    private final IdlePolicy policy;
    /** Notebook -> the idle period it was warned about, so that each idle period warns once. */
    private final Map<String, Instant> warned = new ConcurrentHashMap<>();

    public IdleReaper(Cloud cloud, NotebookLister lister, NotebookStopper stopper, OperationLocks locks,
            JupyterProbe probe, JupyterAddress address, Notifier notifier, Clock clock, IdlePolicy policy) {
        this.cloud = cloud;
        this.lister = lister;
        this.stopper = stopper;
        this.locks = locks;
        this.probe = probe;
        this.address = address;
        this.notifier = notifier;
        this.clock = clock;
        this.policy = policy;
    }

    public ReapReport reapOnce(Environment env) {
        List<Entry> entries = new ArrayList<>();
        for (NotebookSummary notebook : lister.list(env)) {
            if (notebook.state() == NotebookState.RUNNING || notebook.state() == NotebookState.STARTING) {
                entries.add(reap(env, notebook));
            }
        }
        return new ReapReport(entries);
    }

    private Entry reap(Environment env, NotebookSummary notebook) {
        NotebookName name = notebook.name();
        if (notebook.idleMinutes() == 0) {
            return new Entry(name, Outcome.NEVER_STOPS, "idle limit 0: never stops by itself");
        }
        if (notebook.currentUptime().isEmpty()) {
            // The instance is not running (STARTING with a pending instance): nothing to ask yet.
            return new Entry(name, Outcome.UNREACHABLE, "its instance is not running yet");
        }
        String token;
        try {
            token = cloud.ssm().readSecret(env.names().tokenParameter(name));
        } catch (GpuNotebookException e) {
            return new Entry(name, Outcome.UNREACHABLE, "cannot read its token: " + e.getMessage());
        }
        Reading reading = probe.read(address.baseUrl(notebook), token);
        if (reading instanceof Reading.Unreachable unreachable) {
            return new Entry(name, Outcome.UNREACHABLE, unreachable.reason() + "; kept running");
        }
        JupyterStatus status = ((Reading.Read) reading).status();
        Instant now = clock.instant();
        Instant runningSince = now.minus(notebook.uptime());
        Decision decision = policy.decide(notebook.idleMinutes(), status, now, runningSince);
        int limit = notebook.idleMinutes() < 0 ? IdlePolicy.DEFAULT_IDLE_MINUTES : notebook.idleMinutes();
        if (decision instanceof Decision.InUse inUse) {
            warned.remove(key(env, name));
            return new Entry(name, Outcome.IN_USE, inUse.why());
        }
        if (decision instanceof Decision.Idle idle) {
            return new Entry(name, Outcome.IDLE, "idle for " + minutes(idle.idleFor()) + " of " + limit + " minutes");
        }
        if (decision instanceof Decision.Warn warn) {
            return warn(env, notebook, warn, status.activeUntil(), limit);
        }
        if (decision instanceof Decision.Stop stop) {
            return stop(env, notebook, stop, limit);
        }
        return new Entry(name, Outcome.NEVER_STOPS, "idle limit 0: never stops by itself");
    }

    private Entry warn(Environment env, NotebookSummary notebook, Decision.Warn warn, Instant idleSince, int limit) {
        NotebookName name = notebook.name();
        Instant previous = warned.put(key(env, name), idleSince);
        String detail = "idle for " + minutes(warn.idleFor()) + " of " + limit + " minutes; stops at "
                + HH_MM.format(warn.stopsAt());
        if (idleSince.equals(previous)) {
            return new Entry(name, Outcome.IDLE, detail + " (owner already warned)");
        }
        notifier.notify(new Notice(notebook.owner(), name, Notice.Kind.IDLE_WARNING, "Your notebook " + name
                + " has been idle for " + minutes(warn.idleFor()) + " minutes and will stop at "
                + HH_MM.format(warn.stopsAt()) + " to save cost (its idle limit is " + limit + " minutes). Run a cell"
                + " or use a terminal in it to keep it running; its work folder is kept either way.", null));
        return new Entry(name, Outcome.WARNED, detail);
    }

    private Entry stop(Environment env, NotebookSummary notebook, Decision.Stop stop, int limit) {
        NotebookName name = notebook.name();
        try {
            // Only characters a tag keeps (no brackets or commas), so that status shows the reason as written here.
            locks.run(env.env(), name, "idle stop", () -> stopper.stop(env, name, "idle for " + minutes(stop.idleFor())
                    + " minutes - limit " + limit + " - stopped by the idle reaper", ProgressListener.NONE));
        } catch (GpuNotebookException e) {
            return new Entry(name, Outcome.STOP_FAILED, e.getMessage());
        }
        warned.remove(key(env, name));
        notifier.notify(new Notice(notebook.owner(), name, Notice.Kind.STOPPED_IDLE, "Your notebook " + name
                + " was idle for " + minutes(stop.idleFor()) + " minutes, so it was stopped to save cost"
                + (notebook.cost().hourly().map(p -> " ($" + p.toPlainString() + " per hour)").orElse("")) + ". Its work"
                + " folder is kept; Start again resumes it with the same URL and token.", Notice.startAgain(name)));
        return new Entry(name, Outcome.STOPPED, "idle for " + minutes(stop.idleFor()) + " minutes (limit " + limit + ")");
    }

    private static String key(Environment env, NotebookName name) {
        return env.env().value() + "/" + name.value();
    }

    private static long minutes(Duration d) {
        return d.toMinutes();
    }
}
