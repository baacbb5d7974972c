package dev.gpunotebook.core.provision;

import java.util.Set;

/** A step that knows its name and dependencies from its constructor: what every plan's steps share. */
public abstract class NamedStep<C> implements Step<C> {

    private final String name;
    private final Set<String> dependsOn;

    protected NamedStep(String name, String... dependsOn) {
        this.name = name;
        this.dependsOn = Set.of(dependsOn);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Set<String> dependsOn() {
        return dependsOn;
    }
}
