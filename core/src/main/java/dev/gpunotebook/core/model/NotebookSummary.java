package dev.gpunotebook.core.model;

import java.time.Duration;
import java.util.Optional;

/**
 * One notebook as list and status show it. Read from AWS tags; holds no secret: the URL has no token.
 *
 * @param gpus GPUs of the instance type, 0 when unknown
 * @param uptime how long the current run has lasted (since the instance's last start), null when not running
 * @param cost the price per hour and the cost of the current run, possibly unknown
 * @param idleMinutes the idle limit from the notebook's tag; 0 never stops; -1 unknown
 */
public record NotebookSummary(
        NotebookName name,
        String owner,
        NotebookState state,
        String stateReason,
        String instanceType,
        String instanceId,
        String url,
        int gpus,
        Duration uptime,
        CostEstimate cost,
        int idleMinutes) {

    public NotebookSummary {
        if (name == null || state == null) {
            throw new IllegalArgumentException("name and state are required");
        }
        if (gpus < 0) {
            throw new IllegalArgumentException("gpus cannot be negative: " + gpus);
        }
        if (uptime != null && uptime.isNegative()) {
            throw new IllegalArgumentException("uptime cannot be negative: " + uptime);
        }
        if (idleMinutes < -1) {
            throw new IllegalArgumentException("idleMinutes is -1 (unknown), 0 (never) or a limit: " + idleMinutes);
        }
        owner = owner == null ? "" : owner;
        stateReason = stateReason == null ? "" : stateReason;
        instanceType = instanceType == null ? "" : instanceType;
        instanceId = instanceId == null ? "" : instanceId;
        url = url == null ? "" : url;
        cost = cost == null ? CostEstimate.unknown("not estimated") : cost;
    }

    /** The summary as list showed it before costs: no GPUs, uptime, cost or idle limit known. */
    public NotebookSummary(NotebookName name, String owner, NotebookState state, String stateReason,
            String instanceType, String instanceId, String url) {
        this(name, owner, state, stateReason, instanceType, instanceId, url, 0, null, null, -1);
    }

    public Optional<Duration> currentUptime() {
        return Optional.ofNullable(uptime);
    }
}
