package dev.gpunotebook.core.provision;

import dev.gpunotebook.core.provision.ProgressEvent.Phase;

/**
 * What a step did: created, updated, found or checked something; {@code detail} is for a person and holds
 * no secret. A step that created or updated something is rolled back when a later step fails.
 */
public record StepOutcome(Phase phase, String detail) {

    public StepOutcome {
        if (phase != Phase.CREATED && phase != Phase.UPDATED && phase != Phase.FOUND && phase != Phase.CHECKED) {
            throw new IllegalArgumentException("a step outcome is CREATED, UPDATED, FOUND or CHECKED, not " + phase);
        }
        detail = detail == null ? "" : detail;
    }

    public static StepOutcome created(String detail) {
        return new StepOutcome(Phase.CREATED, detail);
    }

    public static StepOutcome updated(String detail) {
        return new StepOutcome(Phase.UPDATED, detail);
    }

    public static StepOutcome found(String detail) {
        return new StepOutcome(Phase.FOUND, detail);
    }

    public static StepOutcome checked(String detail) {
        return new StepOutcome(Phase.CHECKED, detail);
    }

    public boolean created() {
        return phase == Phase.CREATED;
    }

    /** Whether the step changed AWS, so that a failure later must undo it. */
    public boolean changed() {
        return phase == Phase.CREATED || phase == Phase.UPDATED;
    }
}
