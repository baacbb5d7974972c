package dev.gpunotebook.core.diagnose.checks;

import dev.gpunotebook.core.diagnose.Area;
import dev.gpunotebook.core.diagnose.CheckIds;
import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.snapshot.ContainerInstanceFacts;
import dev.gpunotebook.core.diagnose.snapshot.InstanceFacts;
import dev.gpunotebook.core.diagnose.snapshot.InstanceTypeFacts;
import dev.gpunotebook.core.diagnose.snapshot.Snapshot;
import dev.gpunotebook.core.diagnose.userdata.EcsAgentConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Verifies that the instance is a container instance of this cluster, ACTIVE, with its agent
 * connected and, when its type has GPUs, with the GPUs registered. When it registered into
 * another cluster it says which, and why (ECS_CLUSTER missing means {@code default}; user data
 * that names this cluster yet registered elsewhere was changed after first boot, when cloud-init
 * no longer runs it). Runs only when the instance runs and its configuration, role, network and
 * AMI checks did not fail: those are the usual reasons for not registering.
 *
 * <p>Needs ECS ListClusters, ListContainerInstances (filter {@code ec2InstanceId}) and
 * DescribeContainerInstances ({@code ecs:ListContainerInstances},
 * {@code ecs:DescribeContainerInstances}).
 *
 * @see <a href="https://repost.aws/knowledge-center/ecs-instance-unable-join-cluster">https://repost.aws/knowledge-center/ecs-instance-unable-join-cluster</a>
 */
public final class AgentRegistrationCheck extends BaseCheck {
    static final String DOCS = "https://repost.aws/knowledge-center/ecs-instance-unable-join-cluster";
    private static final Duration REGISTRATION_GRACE = Duration.ofMinutes(5);

    private final java.time.Clock clock;

    public AgentRegistrationCheck() {
        this(java.time.Clock.systemUTC());
    }

    AgentRegistrationCheck(java.time.Clock clock) {
        super(CheckIds.AGENT_REGISTRATION, Area.AGENT, DOCS, CheckIds.INSTANCE_STATE, CheckIds.INSTANCE_AMI,
                CheckIds.AGENT_CONFIG, CheckIds.AGENT_IAM, CheckIds.NETWORK_OUTBOUND);
        this.clock = clock;
    }

    @Override
    CheckResult evaluate(Snapshot s) {
        InstanceFacts instance = need(s.instance(), "the instance",
                () -> skip(CheckIds.INSTANCE_STATE, "there is no instance"));
        String id = instance.instanceId();
        String cluster = Stack.clusterName(s.target().cluster());
        String logs = "On the instance (SSM Session Manager): sudo systemctl status ecs; "
                + "sudo tail -50 /var/log/ecs/ecs-agent.log /var/log/ecs/ecs-init.log";
        ContainerInstanceFacts ci = need(s.containerInstance(), "the container instance of " + id, () -> {
            Instant launched = instance.launchTime();
            if (launched != null && Duration.between(launched, clock.instant()).compareTo(REGISTRATION_GRACE) < 0) {
                return warn(id + " started " + Duration.between(launched, clock.instant()).toMinutes()
                        + " min ago and has not registered yet; the agent usually needs a few minutes.",
                        List.of("launched " + launched), null);
            }
            return fail(id + " is not registered as a container instance in any cluster: the ECS agent is not "
                    + "running or cannot reach ECS.", List.of(s.containerInstance().describe()),
                    logs + "; start it with sudo systemctl enable --now --no-block ecs.");
        });
        List<String> evidence = new ArrayList<>();
        evidence.add(ci.arn() + " in cluster " + ci.cluster() + ": " + ci.status()
                + (ci.statusReason() == null || ci.statusReason().isBlank() ? "" : " (" + ci.statusReason() + ")")
                + ", agent " + (ci.agentConnected() ? "connected" : "disconnected")
                + (ci.agentVersion() == null ? "" : " (" + ci.agentVersion() + ")"));
        evidence.add("registered: " + ci.registered().cpu() + " CPU units, " + ci.registered().memoryMiB() + " MiB, "
                + ci.registered().gpuIds().size() + " GPU(s)" + (ci.registered().gpuIds().isEmpty() ? ""
                        : " " + String.join(", ", ci.registered().gpuIds())));

        if (!Stack.clusterName(ci.cluster()).equals(cluster)) {
            return fail(id + " registered into cluster \"" + ci.cluster() + "\" instead of \"" + cluster + "\": "
                    + whyElsewhere(s, cluster) + ".", evidence,
                    "Set ECS_CLUSTER=" + cluster + " in /etc/ecs/ecs.config; the agent remembers its cluster, so on the "
                            + "instance run: sudo systemctl stop ecs && sudo rm -rf /var/lib/ecs/data/* && sudo "
                            + "systemctl start ecs, then aws ecs deregister-container-instance --cluster " + ci.cluster()
                            + " --container-instance " + Stack.shortArn(ci.arn()) + " --force. Or replace the instance.");
        }
        switch (ci.status()) {
            case "ACTIVE" -> {
            }
            case "DRAINING" -> {
                return fail(id + " is DRAINING: ECS places no new task on it.", evidence,
                        "aws ecs update-container-instances-state --cluster " + cluster + " --container-instances "
                                + Stack.shortArn(ci.arn()) + " --status ACTIVE --region " + s.target().region());
            }
            case "REGISTERING", "DEREGISTERING" -> {
                return warn(id + " is " + ci.status() + ".", evidence, null);
            }
            default -> {
                return fail(id + " is " + ci.status() + " in " + cluster + ": a deregistered instance does not come back "
                        + "by itself.", evidence, "Replace the instance, or on it: sudo systemctl stop ecs && sudo rm -rf "
                        + "/var/lib/ecs/data/* && sudo systemctl start ecs.");
            }
        }
        if (!ci.agentConnected()) {
            return fail("The ECS agent on " + id + " is disconnected: no task can be placed or stopped.", evidence,
                    logs + "; then sudo systemctl restart ecs.");
        }
        Optional<InstanceTypeFacts> type = s.instanceType().toOptional();
        int typeGpus = type.map(InstanceTypeFacts::gpuCount).orElse(0);
        int registeredGpus = ci.registered().gpuIds().size();
        if (typeGpus > 0 && registeredGpus == 0) {
            return fail(id + " (" + instance.instanceType() + ", " + typeGpus + " GPU(s)) registered no GPU: GPU tasks "
                    + "cannot be placed.", evidence, "Check the NVIDIA driver on the instance (nvidia-smi) and that "
                    + "ECS_ENABLE_GPU_SUPPORT=true is in /etc/ecs/ecs.config, then sudo systemctl restart ecs.");
        }
        if (typeGpus > registeredGpus) {
            return warn(id + " registered " + registeredGpus + " of its " + typeGpus + " GPUs.", evidence,
                    "Run nvidia-smi on the instance; a GPU the driver cannot see is not registered.");
        }
        return pass(id + " is an ACTIVE container instance of " + cluster + " with the agent connected"
                + (registeredGpus > 0 ? " and " + registeredGpus + " GPU(s) registered." : "."), evidence);
    }

    private static String whyElsewhere(Snapshot s, String cluster) {
        EcsAgentConfig config = Stack.agentConfig(s);
        Optional<String> configured = config.value(EcsAgentConfig.CLUSTER);
        if (configured.isEmpty()) {
            return s.userData().isKnown() ? "the user data does not set ECS_CLUSTER, and without it the agent uses "
                    + "\"default\"" : "ECS_CLUSTER could not be read from the user data";
        }
        if (Stack.clusterName(configured.get()).equals(cluster)) {
            return "the user data says ECS_CLUSTER=" + configured.get() + ", but cloud-init runs user data only at first "
                    + "boot: it was changed after the instance first started, or ecs.config was edited on the instance";
        }
        return "the user data sets ECS_CLUSTER=" + configured.get();
    }
}
