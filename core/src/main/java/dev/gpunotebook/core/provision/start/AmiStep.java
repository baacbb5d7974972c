package dev.gpunotebook.core.provision.start;

import dev.gpunotebook.core.provision.StepOutcome;

/**
 * Reads the current ECS GPU-optimized AMI from its public SSM parameter: it has the ECS agent, the
 * NVIDIA driver and the NVIDIA container runtime, so nothing needs installing at boot.
 */
final class AmiStep extends StartStep {

    static final String NAME = "ami";

    AmiStep() {
        super(NAME);
    }

    @Override
    public StepOutcome apply(StartContext c) {
        c.amiId = c.cloud.ssm().readPublicParameter(c.env.config().amiParameter());
        return StepOutcome.checked(c.amiId + " from " + c.env.config().amiParameter());
    }
}
