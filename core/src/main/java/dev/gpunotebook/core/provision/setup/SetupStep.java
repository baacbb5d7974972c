package dev.gpunotebook.core.provision.setup;

import dev.gpunotebook.core.provision.NamedStep;
import dev.gpunotebook.core.provision.StepOutcome;
import java.util.Optional;

/**
 * A setup step: find the shared resource (or adopt the one named in configuration), else create
 * it. In lookup mode a missing resource is only recorded, so locating an environment reuses the
 * same finders as creating one.
 */
abstract class SetupStep extends NamedStep<SetupContext> {

    SetupStep(String name, String... dependsOn) {
        super(name, dependsOn);
    }

    @Override
    public final StepOutcome apply(SetupContext context) {
        Optional<String> found = find(context);
        if (found.isPresent()) {
            return StepOutcome.found(found.get());
        }
        if (context.lookupOnly) {
            context.missing.add(name());
            return StepOutcome.checked("missing");
        }
        try {
            return StepOutcome.created(create(context));
        } catch (RuntimeException e) {
            // The runner rolls back only the steps that finished: what a failed create made is this step's to remove.
            try {
                removePartial(context);
            } catch (RuntimeException left) {
                e.addSuppressed(left);
            }
            throw e;
        }
    }

    /** Fills the context from what exists; returns a description of it, or empty when it does not exist. */
    abstract Optional<String> find(SetupContext context);

    /** Creates the resource, fills the context; returns a description of what was created. */
    abstract String create(SetupContext context);

    /**
     * Removes what {@link #create} made before it failed. Nothing by default: a step that makes one resource with
     * one call has made nothing when that call fails. Steps that make several override it.
     */
    void removePartial(SetupContext context) {
    }
}
