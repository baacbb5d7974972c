package dev.gpunotebook.core.diagnose.checks;

import dev.gpunotebook.core.diagnose.Area;
import dev.gpunotebook.core.diagnose.CheckIds;
import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.model.InstanceFamilies;
import dev.gpunotebook.core.model.InstanceFamilies.VcpuQuotaRef;
import dev.gpunotebook.core.diagnose.snapshot.InstanceFacts;
import dev.gpunotebook.core.diagnose.snapshot.InstanceTypeFacts;
import dev.gpunotebook.core.diagnose.snapshot.Snapshot;
import dev.gpunotebook.core.diagnose.snapshot.VcpuQuota;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Verifies that the On-Demand vCPU quota of the instance's family leaves room for it: the vCPUs
 * running in that quota bucket (all G and VT types share one quota, all P types another...) plus,
 * when the instance is not running, the vCPUs a start would add. FAIL when it cannot fit
 * (RunInstances would fail with {@code VcpuLimitExceeded}), WARN when the instance runs but no
 * second one (a replacement, another notebook) would fit.
 *
 * <p>Needs Service Quotas GetServiceQuota ({@code servicequotas:GetServiceQuota}), EC2
 * DescribeInstances ({@code ec2:DescribeInstances}, to add up the running vCPUs) and
 * DescribeInstanceTypes ({@code ec2:DescribeInstanceTypes}).
 *
 * @see <a href="https://docs.aws.amazon.com/ec2/latest/instancetypes/ec2-instance-quotas.html">https://docs.aws.amazon.com/ec2/latest/instancetypes/ec2-instance-quotas.html</a>
 */
public final class QuotaVcpuCheck extends BaseCheck {
    static final String DOCS = "https://docs.aws.amazon.com/ec2/latest/instancetypes/ec2-instance-quotas.html";
    private static final double NEAR_LIMIT = 0.8;

    public QuotaVcpuCheck() {
        super(CheckIds.QUOTA_VCPU, Area.ACCOUNT, DOCS, CheckIds.CREDENTIALS);
    }

    @Override
    CheckResult evaluate(Snapshot s) {
        Optional<String> typeName = s.effectiveInstanceType();
        if (typeName.isEmpty()) {
            // Not a SKIP: instance.state depends on this check and must still say why there is no instance.
            return unknown("No instance and no intended instance type, so no vCPU quota to check (see "
                    + CheckIds.INSTANCE_STATE + ").", List.of());
        }
        String type = typeName.get();
        Optional<VcpuQuotaRef> ref = InstanceFamilies.quotaFor(type);
        if (ref.isEmpty()) {
            return unknown("No known On-Demand vCPU quota for instance type " + type + ".", List.of());
        }
        InstanceTypeFacts typeFacts = need(s.instanceType(), "instance type " + type,
                () -> skip(CheckIds.INSTANCE_TYPE, "instance type " + type + " does not exist"));
        VcpuQuota quota = need(s.vcpuQuota(), "the quota " + ref.get().quotaCode() + " (" + ref.get().quotaName() + ")");
        if (!quota.quotaCode().equals(ref.get().quotaCode())) {
            return unknown("The snapshot holds quota " + quota.quotaCode() + ", but " + type + " counts against "
                    + ref.get().quotaCode() + ".", List.of());
        }
        int running = need(s.runningVcpusInQuotaFamily(), "the vCPUs running in the " + ref.get().quotaName() + " bucket");
        int limit = (int) Math.floor(quota.value());
        int vcpus = typeFacts.vcpus();
        boolean instanceRuns = s.instance().toOptional()
                .map(i -> i.isRunning() || "pending".equals(i.state())).orElse(false);
        int needed = instanceRuns ? running : running + vcpus;

        List<String> evidence = new ArrayList<>();
        evidence.add("quota " + quota.quotaCode() + " \"" + quota.quotaName() + "\" = " + limit + " vCPUs");
        evidence.add("vCPUs running in that bucket now: " + running);
        evidence.add(type + ": " + vcpus + " vCPUs");
        s.instance().toOptional().map(InstanceFacts::instanceId).ifPresent(id -> evidence.add(instanceRuns
                ? id + " is running and counted above"
                : id + " is not running: a start needs " + vcpus + " more vCPUs"));
        String increase = "Request more: aws service-quotas request-service-quota-increase --service-code ec2 "
                + "--quota-code " + quota.quotaCode() + " --desired-value " + Math.max(needed + vcpus, limit + vcpus)
                + " --region " + s.target().region()
                + " (new accounts start low; or stop other instances of the bucket).";

        if (needed > limit) {
            if (instanceRuns) {
                return warn("Over the quota: " + running + " vCPUs run against a limit of " + limit
                        + "; no further " + type + " can start.", evidence, increase);
            }
            return fail("Starting " + type + " (" + vcpus + " vCPUs) needs " + needed + " vCPUs of \""
                    + quota.quotaName() + "\", whose limit is " + limit + ": RunInstances fails with VcpuLimitExceeded.",
                    evidence, increase);
        }
        int headroom = limit - needed;
        if (instanceRuns && headroom < vcpus) {
            return warn("At the limit: " + running + " of " + limit + " vCPUs in use; a replacement or a second "
                    + type + " would fail with VcpuLimitExceeded.", evidence, increase);
        }
        if (!instanceRuns && needed > NEAR_LIMIT * limit) {
            return warn("A start fits, but uses " + needed + " of " + limit + " vCPUs.", evidence, increase);
        }
        return pass(needed + " of " + limit + " vCPUs of \"" + quota.quotaName() + "\" "
                + (instanceRuns ? "in use" : "needed to start") + "; room for " + (headroom / vcpus) + " more " + type
                + ".", evidence);
    }
}
