package dev.gpunotebook.core.provision;

import java.util.Set;

/**
 * One named, idempotent, reversible piece of provisioning. {@link #apply} finds what it manages or
 * creates it; {@link #rollback} removes it again and is only called when {@code apply} created it.
 *
 * @param <C> the context the steps of one plan share
 */
public interface Step<C> {

    /** A short, stable name shown in progress events, e.g. {@code instance}. */
    String name();

    /** Names of the steps that must finish before this one starts. */
    Set<String> dependsOn();

    StepOutcome apply(C context);

    /** Undo what {@link #apply} created; must tolerate a resource that is already gone. */
    default void rollback(C context) {
    }
}
