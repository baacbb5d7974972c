package dev.gpunotebook.core.provision.start;

import dev.gpunotebook.core.provision.NamedStep;

/** A named step of start with its dependencies. */
abstract class StartStep extends NamedStep<StartContext> {

    /** The read-only checks every creating step waits for: nothing is created before they pass. */
    static final String[] PREFLIGHT = {InstanceTypeStep.NAME, VcpuQuotaStep.NAME, AmiStep.NAME};

    StartStep(String name, String... dependsOn) {
        super(name, dependsOn);
    }

    static String[] afterPreflight(String... more) {
        String[] all = java.util.Arrays.copyOf(PREFLIGHT, PREFLIGHT.length + more.length);
        System.arraycopy(more, 0, all, PREFLIGHT.length, more.length);
        return all;
    }
}
