package dev.gpunotebook.core.provision.start;

import dev.gpunotebook.core.provision.Step;
import java.util.Set;

/** A named step of start with its dependencies. */
abstract class StartStep implements Step<StartContext> {

    /** The read-only checks every creating step waits for: nothing is created before they pass. */
    static final String[] PREFLIGHT = {InstanceTypeStep.NAME, VcpuQuotaStep.NAME, AmiStep.NAME};

    private final String name;
    private final Set<String> dependsOn;

    StartStep(String name, String... dependsOn) {
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

    static String[] afterPreflight(String... more) {
        String[] all = java.util.Arrays.copyOf(PREFLIGHT, PREFLIGHT.length + more.length);
        System.arraycopy(more, 0, all, PREFLIGHT.length, more.length);
        return all;
    }
}
