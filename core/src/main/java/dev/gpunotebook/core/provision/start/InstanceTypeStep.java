package dev.gpunotebook.core.provision.start;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.cloud.InstanceInfo;
import dev.gpunotebook.core.cloud.InstanceTypeInfo;
import dev.gpunotebook.core.model.Environment;
import dev.gpunotebook.core.provision.StepOutcome;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks that the instance type exists, has at least the requested GPUs and is offered in the
 * Availability Zone of one of the environment's subnets, and picks that subnet.
 */
final class InstanceTypeStep extends StartStep {

    static final String NAME = "instance-type";

    InstanceTypeStep() {
        super(NAME);
    }

    @Override
    public StepOutcome apply(StartContext c) {
        String type = c.spec.instanceType();
        InstanceTypeInfo info = c.cloud.ec2().describeInstanceType(type).orElseThrow(() ->
                GpuNotebookException.invalidInput("The instance type '" + type + "' does not exist in "
                        + c.cloud.region() + ". Choose a GPU type such as g4dn.xlarge, g5.xlarge or g6.xlarge."));
        if (info.gpus() == 0) {
            throw GpuNotebookException.invalidInput("The instance type '" + type + "' has no GPU. Choose a GPU type"
                    + " such as g4dn.xlarge (1 NVIDIA T4), g5.xlarge (1 NVIDIA A10G) or g6.xlarge (1 NVIDIA L4).");
        }
        if (info.gpus() < c.spec.gpus()) {
            throw GpuNotebookException.invalidInput("The instance type '" + type + "' has " + info.gpus() + " GPU"
                    + (info.gpus() == 1 ? "" : "s") + " but " + c.spec.gpus() + " were requested. Ask for at most "
                    + info.gpus() + " with --gpus, or choose a larger type (for example g5.12xlarge has 4).");
        }
        List<InstanceInfo> existing = c.cloud.ec2().findInstances(c.selector());
        c.existingInstance = existing.isEmpty() ? null : existing.get(0);
        if (c.existingInstance != null && "stopping".equals(c.existingInstance.state())) {
            throw GpuNotebookException.of(GpuNotebookException.Reason.CONFLICT, "Notebook " + c.spec.name()
                    + " is still stopping (instance " + c.existingInstance.id() + "). Wait until `status "
                    + c.spec.name() + "` says stopped (usually under a minute), then start it again.");
        }
        Set<String> zones = c.env.subnets().stream().map(Environment.Subnet::availabilityZone).collect(Collectors.toSet());
        Set<String> offered = c.cloud.ec2().zonesOffering(type, zones);
        c.subnet = c.env.subnets().stream().filter(s -> offered.contains(s.availabilityZone())).findFirst()
                .orElseThrow(() -> GpuNotebookException.of(GpuNotebookException.Reason.CAPACITY, "The instance type '"
                        + type + "' is not offered in the Availability Zones of the environment's subnets "
                        + zones.stream().sorted().toList() + ". Choose another type, or configure subnets in a zone"
                        + " that offers it (aws ec2 describe-instance-type-offerings --location-type availability-zone"
                        + " --filters Name=instance-type,Values=" + type + ")."));
        c.instanceType = info;
        return StepOutcome.checked(type + ": " + info.gpus() + " x " + (info.gpuName().isEmpty() ? "GPU" : info.gpuName())
                + ", " + info.vcpus() + " vCPUs, " + info.memoryMib() + " MiB; offered in " + c.subnet.availabilityZone());
    }
}
