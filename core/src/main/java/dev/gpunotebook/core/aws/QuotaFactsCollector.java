package dev.gpunotebook.core.aws;

import dev.gpunotebook.core.diagnose.snapshot.Fact;
import dev.gpunotebook.core.diagnose.snapshot.VcpuQuota;
import dev.gpunotebook.core.model.InstanceFamilies;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.servicequotas.ServiceQuotasClient;

/**
 * Reads the On-Demand vCPU quota of an instance family (Service Quotas, service code {@code ec2}),
 * and counts the vCPUs that the running instances of that quota already use, from the instances
 * and instance types that {@link Ec2FactsCollector} read (no call of its own for that).
 *
 * <p>Calls: servicequotas:GetServiceQuota (IAM action of the same name), one per quota code.
 */
final class QuotaFactsCollector {

    private final ServiceQuotasClient quotas;

    QuotaFactsCollector(ServiceQuotasClient quotas) {
        this.quotas = quotas;
    }

    Fact<VcpuQuota> vcpuQuota(String quotaCode) {
        return FactCalls.fact("servicequotas:GetServiceQuota", "quota " + quotaCode, () -> {
            var quota = quotas.getServiceQuota(x -> x.serviceCode("ec2").quotaCode(quotaCode)).quota();
            return new VcpuQuota(quota.quotaCode(), quota.quotaName(), quota.value());
        });
    }

    /** The vCPUs of the running instances that count against the same quota as {@code type}. */
    static Fact<Integer> runningVcpus(String type, Fact<List<Instance>> runningInstances,
            Fact<Map<String, InstanceTypeInfo>> instanceTypes) {
        if (!runningInstances.isKnown()) {
            return FactCalls.carry(runningInstances, "running instances");
        }
        if (!instanceTypes.isKnown()) {
            return FactCalls.carry(instanceTypes, "instance types");
        }
        Map<String, InstanceTypeInfo> types = instanceTypes.toOptional().orElseThrow();
        int sum = 0;
        for (Instance i : runningInstances.toOptional().orElseThrow()) {
            if (!InstanceFamilies.sameQuota(type, i.instanceTypeAsString())) {
                continue;
            }
            InstanceTypeInfo info = types.get(i.instanceTypeAsString());
            if (info == null) {
                return Fact.unavailable("the vCPUs of instance type " + i.instanceTypeAsString() + " are not known");
            }
            sum += info.vCpuInfo().defaultVCpus();
        }
        return Fact.known(sum);
    }
}
