package dev.gpunotebook.core.diagnose.checks;

import dev.gpunotebook.core.diagnose.Area;
import dev.gpunotebook.core.diagnose.CheckIds;
import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.snapshot.ContainerInstanceFacts;
import dev.gpunotebook.core.diagnose.snapshot.InstanceFacts;
import dev.gpunotebook.core.diagnose.snapshot.Snapshot;
import dev.gpunotebook.core.diagnose.snapshot.UserData;
import dev.gpunotebook.core.diagnose.userdata.EcsAgentConfig;
import dev.gpunotebook.core.diagnose.userdata.EcsAgentConfigParser;
import dev.gpunotebook.core.diagnose.userdata.EcsSetting;
import dev.gpunotebook.core.diagnose.userdata.InstanceAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Verifies that the user data configures the ECS agent for this cluster: {@code ECS_CLUSTER} set
 * to it (without it the agent registers into {@code default}) and, for a GPU task,
 * {@code ECS_ENABLE_GPU_SUPPORT=true} (the ECS GPU-optimized AMI and Bottlerocket's NVIDIA
 * variant already enable it themselves). Also flags an {@code ECS_INSTANCE_ATTRIBUTES} value that
 * is not valid JSON, on which the agent refuses to start. The user data is parsed in all the
 * forms of {@link EcsAgentConfigParser}. When the user data is silent but the container
 * instance proves the setting (registered in this cluster, GPUs registered), that is a PASS.
 *
 * <p>Needs EC2 DescribeInstanceAttribute with attribute userData
 * ({@code ec2:DescribeInstanceAttribute}) and DescribeImages.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-agent-config.html">https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-agent-config.html</a>
 */
public final class AgentConfigCheck extends BaseCheck {
    static final String DOCS = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-agent-config.html";

    public AgentConfigCheck() {
        super(CheckIds.AGENT_CONFIG, Area.AGENT, DOCS, CheckIds.CREDENTIALS);
    }

    @Override
    CheckResult evaluate(Snapshot s) {
        InstanceFacts instance = need(s.instance(), "the instance",
                () -> skip(CheckIds.INSTANCE_STATE, "there is no instance whose user data could be read"));
        UserData userData = need(s.userData(), "the user data of " + instance.instanceId(),
                () -> unknown("The user data of " + instance.instanceId() + " could not be found.", List.of()));
        EcsAgentConfig config = EcsAgentConfigParser.parse(userData);
        String cluster = s.target().cluster();
        Optional<ContainerInstanceFacts> inCluster = Stack.containerInstanceInCluster(s);

        List<String> evidence = new ArrayList<>();
        config.settings().values().forEach(setting -> evidence.add(setting.toString()));
        if (config.settings().isEmpty()) {
            evidence.add(userData.isEmpty() ? instance.instanceId() + " has no user data"
                    : "the user data writes no setting to /etc/ecs/ecs.config");
        }
        config.opaqueWrites().forEach(write -> evidence.add("unreadable write to ecs.config: " + write));
        config.strayAssignments().forEach(stray -> evidence.add(stray.key() + "=" + stray.value() + " at "
                + stray.origin() + " is a shell variable, never written to /etc/ecs/ecs.config"));
        evidence.addAll(config.notes());
        s.containerInstance().toOptional().filter(ci -> inCluster.isEmpty()).ifPresent(ci -> evidence.add(
                instance.instanceId() + " is registered in cluster " + ci.cluster() + " (" + ci.arn() + ")"));

        List<String> problems = new ArrayList<>();
        List<String> doubts = new ArrayList<>();
        checkCluster(config, cluster, inCluster, problems, doubts, evidence);
        if (Stack.needsGpu(s)) {
            checkGpuSupport(s, config, inCluster, problems, doubts, evidence);
        }
        InstanceAttributes attributes = config.instanceAttributes();
        attributes.error().ifPresent(error -> problems.add("ECS_INSTANCE_ATTRIBUTES is " + error
                + ": the agent refuses to start"));
        config.setting(EcsAgentConfig.DYNAMIC_HOST_PORT_RANGE)
                .filter(range -> Stack.parsePortRange(range.value()).isEmpty())
                .ifPresent(range -> doubts.add("ECS_DYNAMIC_HOST_PORT_RANGE=" + range.value()
                        + " is not a port range like 32768-65535"));

        if (!problems.isEmpty()) {
            return fail(sentence(problems), evidence, remedy(cluster, Stack.needsGpu(s), attributes));
        }
        if (!doubts.isEmpty()) {
            return warn(sentence(doubts), evidence, "Write the settings as plain KEY=value lines to "
                    + "/etc/ecs/ecs.config in the user data, so they can be checked:\n" + snippet(cluster, Stack.needsGpu(s)));
        }
        return pass("The user data sets ECS_CLUSTER=" + cluster + (Stack.needsGpu(s) ? " and enables GPU support." : "."),
                evidence);
    }

    private static void checkCluster(EcsAgentConfig config, String cluster, Optional<ContainerInstanceFacts> inCluster,
            List<String> problems, List<String> doubts, List<String> evidence) {
        Optional<EcsSetting> setting = config.setting(EcsAgentConfig.CLUSTER);
        if (setting.isPresent()) {
            String value = setting.get().value();
            if (Stack.clusterName(value).equals(Stack.clusterName(cluster))) {
                return;
            }
            if (!setting.get().isResolved()) {
                if (inCluster.isEmpty()) {
                    doubts.add("ECS_CLUSTER=" + value + " is computed on the instance and cannot be checked here");
                }
                return;
            }
            problems.add("ECS_CLUSTER=" + value + ": the agent registers into cluster \"" + value + "\", not \""
                    + cluster + "\"" + (value.contains("\\n") ? " (a literal \\n: echo writes it as is without -e)" : ""));
            return;
        }
        if (Stack.clusterName(cluster).equals("default")) {
            return;
        }
        if (inCluster.isPresent()) {
            evidence.add("ECS_CLUSTER is not in the user data, yet the instance is registered in " + cluster
                    + " (set elsewhere, e.g. baked into the AMI)");
            return;
        }
        if (config.hasOpaqueWrites()) {
            doubts.add("ecs.config is written in a way diagnose cannot read (" + config.opaqueWrites().get(0)
                    + "), so ECS_CLUSTER cannot be checked");
            return;
        }
        problems.add("the user data does not set ECS_CLUSTER, so the agent registers into cluster \"default\"");
    }

    private static void checkGpuSupport(Snapshot s, EcsAgentConfig config, Optional<ContainerInstanceFacts> inCluster,
            List<String> problems, List<String> doubts, List<String> evidence) {
        Optional<EcsSetting> setting = config.setting(EcsAgentConfig.ENABLE_GPU_SUPPORT);
        if (setting.isPresent()) {
            String value = setting.get().value().strip().toLowerCase(Locale.ROOT);
            if (value.equals("true")) {
                return;
            }
            if (!setting.get().isResolved()) {
                doubts.add("ECS_ENABLE_GPU_SUPPORT=" + setting.get().value() + " is computed on the instance");
                return;
            }
            problems.add("ECS_ENABLE_GPU_SUPPORT=" + setting.get().value() + ": the agent registers no GPU");
            return;
        }
        if (inCluster.map(ci -> !ci.registered().gpuIds().isEmpty()).orElse(false)) {
            evidence.add("ECS_ENABLE_GPU_SUPPORT is not in the user data, yet the instance registered GPUs");
            return;
        }
        Optional<AmiCatalog> ami = s.image().toOptional().map(AmiCatalog::classify);
        if (ami.map(AmiCatalog::enablesGpuSupportByItself).orElse(false)) {
            evidence.add("ECS_ENABLE_GPU_SUPPORT is not in the user data; " + ami.get().description()
                    + " enables it itself (/var/lib/ecs/ecs.config)");
            return;
        }
        if (config.hasOpaqueWrites()) {
            doubts.add("ecs.config is written in a way diagnose cannot read, so ECS_ENABLE_GPU_SUPPORT cannot be checked");
            return;
        }
        problems.add("ECS_ENABLE_GPU_SUPPORT=true is missing: the agent registers no GPU and GPU tasks never place");
    }

    private static String sentence(List<String> items) {
        String first = items.get(0);
        String text = Character.toUpperCase(first.charAt(0)) + first.substring(1);
        return text + (items.size() > 1 ? "; also " + String.join("; ", items.subList(1, items.size())) : "") + ".";
    }

    private static String remedy(String cluster, boolean gpu, InstanceAttributes attributes) {
        return "Write the settings to /etc/ecs/ecs.config in the user data:\n" + snippet(cluster, gpu)
                + (attributes.isValid() ? "" : "\nECS_INSTANCE_ATTRIBUTES must be a JSON object of strings, e.g. "
                        + "ECS_INSTANCE_ATTRIBUTES={\"gpu-notebook\":\"NAME\"}")
                + "\nUser data runs only at first boot: replace the instance (or fix the file on it and restart the "
                + "agent: sudo systemctl restart ecs).";
    }

    private static String snippet(String cluster, boolean gpu) {
        return "  cat <<'EOF' >> /etc/ecs/ecs.config\n  ECS_CLUSTER=" + Stack.clusterName(cluster)
                + (gpu ? "\n  ECS_ENABLE_GPU_SUPPORT=true" : "") + "\n  EOF";
    }
}
