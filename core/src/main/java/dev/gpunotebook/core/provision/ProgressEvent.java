package dev.gpunotebook.core.provision;

/**
 * One step's progress, for a front-end to show (Slack updates one message with these).
 * {@code detail} never holds a secret.
 */
public record ProgressEvent(String step, Phase phase, String detail) {

    public enum Phase {
        /** The step started. */
        RUNNING,
        /** The step created what it manages. */
        CREATED,
        /**
         * The step found what it manages and changed it back into shape: started a stopped instance,
         * scaled a service back up, replaced a token. Rolled back like a creation.
         */
        UPDATED,
        /** The step found what it manages already there and changed nothing. */
        FOUND,
        /** The step only checked something (a quota, an instance type). */
        CHECKED,
        /** The step failed; detail says why. */
        FAILED,
        /** The resource was deleted on request. */
        DELETED,
        /** What the step created was removed again after a later failure. */
        ROLLED_BACK,
        /** A warning that does not stop the operation. */
        WARNING
    }

    public ProgressEvent {
        if (step == null || step.isBlank() || phase == null) {
            throw new IllegalArgumentException("step and phase are required");
        }
        detail = detail == null ? "" : detail;
    }
}
