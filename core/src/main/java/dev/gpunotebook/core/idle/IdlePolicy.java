package dev.gpunotebook.core.idle;

import java.time.Duration;
import java.time.Instant;

/**
 * Decides, from Jupyter's status and the time, whether a notebook is in use, should be warned or
 * stopped. Pure: no I/O, the time comes in.
 *
 * <p>Idle means no open kernel, no open client connection, and no activity (Jupyter's
 * {@code last_activity}, which kernel messages and terminal use move) for the notebook's limit. An open
 * kernel counts as use: it may be training a model while nobody watches.
 *
 * @param warnBefore how long before the stop the owner is warned
 */
public record IdlePolicy(Duration warnBefore) {

    public static final int DEFAULT_IDLE_MINUTES = 60;

    public IdlePolicy {
        if (warnBefore == null || warnBefore.isNegative()) {
            throw new IllegalArgumentException("warnBefore must be zero or more");
        }
    }

    public static IdlePolicy defaults() {
        return new IdlePolicy(Duration.ofMinutes(5));
    }

    /** What to do with one notebook. */
    public sealed interface Decision {

        /** The idle limit is 0: this notebook never stops by itself. */
        record NeverStops() implements Decision {
        }

        record InUse(String why) implements Decision {
        }

        /** Idle, but not long enough to warn. */
        record Idle(Duration idleFor, Instant stopsAt) implements Decision {
        }

        record Warn(Duration idleFor, Instant stopsAt) implements Decision {
        }

        record Stop(Duration idleFor) implements Decision {
        }
    }

    /**
     * @param idleMinutes the notebook's limit; 0 never stops, negative means not set (the default applies)
     * @param runningSince when the current run started (the instance's launch time), or null
     */
    public Decision decide(int idleMinutes, JupyterStatus status, Instant now, Instant runningSince) {
        if (idleMinutes == 0) {
            return new Decision.NeverStops();
        }
        int limitMinutes = idleMinutes < 0 ? DEFAULT_IDLE_MINUTES : idleMinutes;
        if (status.kernels() > 0) {
            return new Decision.InUse(status.kernels() + " open kernel" + (status.kernels() == 1 ? "" : "s"));
        }
        if (status.connections() > 0) {
            return new Decision.InUse(status.connections() + " open connection" + (status.connections() == 1 ? "" : "s"));
        }
        Instant since = status.activeUntil();
        if (runningSince != null && runningSince.isAfter(since)) {
            since = runningSince;
        }
        Duration idleFor = Duration.between(since, now);
        if (idleFor.isNegative()) {
            idleFor = Duration.ZERO;
        }
        Duration limit = Duration.ofMinutes(limitMinutes);
        Instant stopsAt = since.plus(limit);
        if (idleFor.compareTo(limit) >= 0) {
            return new Decision.Stop(idleFor);
        }
        if (idleFor.compareTo(limit.minus(warnBefore)) >= 0) {
            return new Decision.Warn(idleFor, stopsAt);
        }
        return new Decision.Idle(idleFor, stopsAt);
    }
}
