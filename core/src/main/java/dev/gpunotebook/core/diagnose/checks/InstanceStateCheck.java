package dev.gpunotebook.core.diagnose.checks;

import dev.gpunotebook.core.diagnose.Area;
import dev.gpunotebook.core.diagnose.CheckIds;
import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.snapshot.Fact;
import dev.gpunotebook.core.diagnose.snapshot.InstanceFacts;
import dev.gpunotebook.core.diagnose.snapshot.ServiceFacts;
import dev.gpunotebook.core.diagnose.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Verifies that the notebook's instance exists and runs; a stopped or terminated instance is
 * explained with its state reason (stopped by a person or an idle stop, shut down from inside,
 * no capacity, Spot reclaim...). Depends on quota.vcpu: when the quota is what keeps the instance
 * from running, that is the one FAIL. When neither the instance nor the service (or its cluster)
 * exists, the missing service is the FAIL: the checks that need the service are skipped after it.
 *
 * <p>Needs EC2 DescribeInstances ({@code ec2:DescribeInstances}).
 *
 * @see <a href="https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/troubleshooting-launch.html">https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/troubleshooting-launch.html</a>
 */
public final class InstanceStateCheck extends BaseCheck {
    static final String DOCS = "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/troubleshooting-launch.html";

    private static final Map<String, String> REASONS = Map.ofEntries(
            Map.entry("Client.UserInitiatedShutdown", "someone stopped it through the API or console "
                    + "(gpu-notebook's idle stop and 'stop' do this too)"),
            Map.entry("Client.InstanceInitiatedShutdown", "it shut itself down from inside (shutdown, poweroff or an "
                    + "idle script)"),
            Map.entry("Server.InsufficientInstanceCapacity", "AWS had no capacity for this type in the zone"),
            Map.entry("Server.SpotInstanceShutdown", "its Spot capacity was reclaimed"),
            Map.entry("Server.SpotInstanceTermination", "its Spot capacity was reclaimed"),
            Map.entry("Server.ScheduledStop", "AWS stopped it for scheduled maintenance"),
            Map.entry("Client.VolumeLimitExceeded", "the EBS volume limit was reached"),
            Map.entry("Client.InternalError", "its EBS volume could not be attached; often the volume's KMS key is "
                    + "not usable by the instance's account or role"),
            Map.entry("Server.InternalError", "an AWS internal error at launch"));

    public InstanceStateCheck() {
        super(CheckIds.INSTANCE_STATE, Area.INSTANCE, DOCS, CheckIds.CREDENTIALS, CheckIds.QUOTA_VCPU);
    }

    @Override
    CheckResult evaluate(Snapshot s) {
        String region = s.target().region();
        String who = s.target().notebook() != null ? "notebook " + s.target().notebook()
                : "service " + s.target().service();
        if (!s.instance().isKnown() && s.service() instanceof Fact.Missing<ServiceFacts> gone) {
            // No service (or no cluster): nothing can run, and nothing says which instance should.
            return fail("The " + who + " does not exist: " + gone.describe() + ".", List.of(s.instance().describe()),
                    "Check the names (both are case-sensitive): aws ecs list-clusters --region " + region
                            + "; aws ecs list-services --cluster " + s.target().cluster() + " --region " + region
                            + (s.target().notebook() != null ? "; or start the notebook: gpu-notebook start "
                                    + s.target().notebook() : ""));
        }
        InstanceFacts instance = need(s.instance(), "the instance", () -> fail(
                "No EC2 instance found for " + who + ".", List.of(s.instance().describe()),
                s.target().notebook() != null ? "Start it: gpu-notebook start " + s.target().notebook()
                        : "Launch a container instance for cluster " + s.target().cluster()
                                + " (scale its Auto Scaling group or capacity provider)."));
        String id = instance.instanceId();
        List<String> evidence = new ArrayList<>();
        evidence.add(id + " (" + instance.instanceType() + ") " + instance.state()
                + (instance.stateReason() != null ? ": " + instance.stateReason() : "")
                + (instance.availabilityZone() != null ? " in " + instance.availabilityZone() : ""));
        if (instance.launchTime() != null) {
            evidence.add("launched " + instance.launchTime());
        }
        if (s.instanceFoundBy() != null) {
            evidence.add("found as " + s.instanceFoundBy());
        }
        String why = instance.stateReason() == null ? "" : REASONS.getOrDefault(instance.stateReason().code(), "");
        String because = why.isEmpty() ? "" : ": " + why;
        return switch (instance.state()) {
            case "running" -> pass(id + " is running.", evidence);
            case "pending" -> warn(id + " is starting.", evidence, null);
            case "stopping", "stopped" -> fail(id + " is " + instance.state() + because + ".", evidence,
                    s.target().notebook() != null ? "Start it: gpu-notebook start " + s.target().notebook()
                            + " (or aws ec2 start-instances --instance-ids " + id + " --region " + region + ")"
                            : "Start it: aws ec2 start-instances --instance-ids " + id + " --region " + region);
            case "shutting-down", "terminated" -> fail(id + " is " + instance.state() + because + ".", evidence,
                    "A terminated instance cannot come back: launch a new one ("
                            + (s.target().notebook() != null ? "gpu-notebook start " + s.target().notebook()
                                    : "scale the Auto Scaling group") + ").");
            default -> unknown(id + " is in state " + instance.state() + ".", evidence);
        };
    }
}
