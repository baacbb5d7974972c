package dev.gpunotebook.core.provision.start;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.cloud.InstanceInfo;
import dev.gpunotebook.core.cloud.InstanceTypeInfo;
import dev.gpunotebook.core.cloud.QuotaGateway.QuotaReading;
import dev.gpunotebook.core.model.InstanceFamilies;
import dev.gpunotebook.core.model.InstanceFamilies.VcpuQuotaRef;
import java.util.Optional;
import dev.gpunotebook.core.provision.ProgressEvent;
import dev.gpunotebook.core.provision.StepOutcome;
import java.util.HashMap;
import java.util.Map;

/**
 * Refuses a start that the On-Demand vCPU quota of the instance's family cannot hold, before any
 * money is spent: RunInstances would otherwise fail with VcpuLimitExceeded after the free
 * resources were made. If the quota cannot be read, says so and lets EC2 decide.
 */
final class VcpuQuotaStep extends StartStep {

    static final String NAME = "vcpu-quota";

    VcpuQuotaStep() {
        super(NAME, InstanceTypeStep.NAME);
    }

    @Override
    public StepOutcome apply(StartContext c) {
        String type = c.spec.instanceType();
        int needed = c.instanceType.vcpus();
        if (c.existingInstance != null) {
            if (!"stopped".equals(c.existingInstance.state())) {
                return StepOutcome.checked("instance " + c.existingInstance.id() + " is " + c.existingInstance.state()
                        + "; no new vCPUs needed");
            }
            // Resuming: the stopped instance needs its vCPUs again, counted against the quota like a launch.
            type = c.existingInstance.type();
            needed = type.equals(c.spec.instanceType()) ? needed : c.cloud.ec2().describeInstanceType(type)
                    .map(InstanceTypeInfo::vcpus).orElse(0);
        }
        Optional<VcpuQuotaRef> bucket = InstanceFamilies.quotaFor(type);
        if (bucket.isEmpty()) {
            String detail = "no known On-Demand vCPU quota for " + type + "; left to EC2";
            c.listener.onEvent(new ProgressEvent(NAME, ProgressEvent.Phase.WARNING, detail));
            return StepOutcome.checked(detail);
        }
        VcpuQuotaRef quota = bucket.get();
        QuotaReading reading = c.cloud.quotas().ec2Quota(quota.quotaCode());
        if (reading instanceof QuotaReading.Unreadable unreadable) {
            String detail = "could not read the quota " + quota.quotaName() + " (" + quota.quotaCode() + "): "
                    + unreadable.reason() + "; continuing, EC2 will refuse the launch if the quota is too low";
            c.listener.onEvent(new ProgressEvent(NAME, ProgressEvent.Phase.WARNING, detail));
            return StepOutcome.checked("quota not readable; left to EC2");
        }
        int limit = (int) Math.floor(((QuotaReading.Value) reading).value());
        int used = runningVcpus(c, quota);
        if (used + needed > limit) {
            throw GpuNotebookException.of(GpuNotebookException.Reason.QUOTA, "Not enough vCPU quota "
                    + (c.existingInstance != null ? "to resume " : "for ") + type + ": it needs " + needed
                    + " vCPUs, the quota '" + quota.quotaName() + "' (" + quota.quotaCode() + ") allows " + limit
                    + " and " + used + " are in use. Stop another "
                    + "notebook, or request an increase in the Service Quotas console or with: "
                    + quota.increaseCommand(used + needed));
        }
        return StepOutcome.checked(quota.quotaCode() + ": " + used + " + " + needed + " of " + limit + " vCPUs");
    }

    private static int runningVcpus(StartContext c, VcpuQuotaRef quota) {
        Map<String, Integer> vcpusByType = new HashMap<>();
        int used = 0;
        for (InstanceInfo instance : c.cloud.ec2().activeInstances()) {
            if (!InstanceFamilies.quotaFor(instance.type()).equals(Optional.of(quota))) {
                continue;
            }
            used += vcpusByType.computeIfAbsent(instance.type(), type -> c.cloud.ec2().describeInstanceType(type)
                    .map(InstanceTypeInfo::vcpus).orElse(0));
        }
        return used;
    }
}
