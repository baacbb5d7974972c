package dev.gpunotebook.core.provision.start;

import dev.gpunotebook.core.cloud.LaunchSpec;
import dev.gpunotebook.core.provision.StepOutcome;
import java.util.List;

/**
 * The notebook's GPU instance; a stopped one is started again (resume), keeping its EBS volume. Otherwise
 * the notebook's GPU instance from the ECS GPU-optimized AMI, in the instance security group, with
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
            if ("stopped".equals(c.instance.state())) {
                String state = c.cloud.ec2().startInstance(c.instance.id());
                c.resumedInstance = true;
                return StepOutcome.updated(c.instance.id() + " (" + c.instance.type() + ") started again, now "
                        + state + "; its work folder on the EBS volume is kept");
            }
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
        if (c.resumedInstance) {
            // It was stopped before this start: stop it again, never terminate (its disk holds the work folder).
            c.cloud.ec2().stopInstance(c.instance.id());
        } else {
            c.cloud.ec2().terminate(c.instance.id());
        }
    }
}
