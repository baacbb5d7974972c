package dev.gpunotebook.core.provision.start;

import dev.gpunotebook.core.cloud.LaunchSpec;
import dev.gpunotebook.core.provision.StepOutcome;
import java.util.List;

/**
 * The notebook's GPU instance from the ECS GPU-optimized AMI, in the instance security group, with
 * the container instance profile and user data that joins it to the cluster with GPU support.
 */
final class InstanceStep extends StartStep {

    static final String NAME = "instance";

    InstanceStep() {
        super(NAME, afterPreflight());
    }

    @Override
    public StepOutcome apply(StartContext c) {
        if (c.existingInstance != null) {
            c.instance = c.existingInstance;
            return StepOutcome.found(c.instance.id() + " (" + c.instance.type() + ", " + c.instance.state() + ")");
        }
        c.instance = c.cloud.ec2().launch(new LaunchSpec(c.amiId, c.spec.instanceType(), c.subnet.id(),
                List.of(c.env.instanceSecurityGroupId()), c.env.instanceProfileName(),
                UserData.render(c.env.clusterName(), c.spec.name()), c.spec.volumeGib(), c.tags()));
        return StepOutcome.created(c.instance.id() + " (" + c.spec.instanceType() + " in " + c.subnet.availabilityZone()
                + ")");
    }

    @Override
    public void rollback(StartContext c) {
        c.cloud.ec2().terminate(c.instance.id());
    }
}
