package dev.gpunotebook.core.diagnose.checks;

import dev.gpunotebook.core.diagnose.snapshot.ContainerInstanceFacts;
import dev.gpunotebook.core.diagnose.snapshot.ServiceFacts;
import dev.gpunotebook.core.diagnose.snapshot.ServiceFacts.ServiceLoadBalancer;
import dev.gpunotebook.core.diagnose.snapshot.Snapshot;
import dev.gpunotebook.core.diagnose.snapshot.TaskDefinitionFacts;
import dev.gpunotebook.core.diagnose.snapshot.TaskDefinitionFacts.ContainerDefinitionFacts;
import dev.gpunotebook.core.diagnose.snapshot.TaskDefinitionFacts.PortMapping;
import dev.gpunotebook.core.diagnose.userdata.EcsAgentConfig;
import dev.gpunotebook.core.diagnose.userdata.EcsAgentConfigParser;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Answers about the stack that several checks need, derived from the snapshot the same way each time. */
final class Stack {
    static final int DEFAULT_DYNAMIC_FROM = 32768;
    static final int DEFAULT_DYNAMIC_TO = 65535;

    private Stack() {
    }

    /** The first load balancer entry of the service: the one gpu-notebook (and most stacks) use. */
    static Optional<ServiceLoadBalancer> loadBalancerEntry(Snapshot s) {
        return s.service().toOptional().flatMap(service -> service.loadBalancers().stream().findFirst());
    }

    /** The container the load balancer sends traffic to, else the only container. */
    static Optional<ContainerDefinitionFacts> jupyterContainer(Snapshot s) {
        Optional<TaskDefinitionFacts> td = s.taskDefinition().toOptional();
        if (td.isEmpty()) {
            return Optional.empty();
        }
        Optional<ContainerDefinitionFacts> named = loadBalancerEntry(s).flatMap(lb -> td.get().container(lb.containerName()));
        if (named.isPresent()) {
            return named;
        }
        List<ContainerDefinitionFacts> containers = td.get().containers();
        return containers.size() == 1 ? Optional.of(containers.get(0)) : Optional.empty();
    }

    /** The port mapping of the load-balanced container port. */
    static Optional<PortMapping> loadBalancedPortMapping(Snapshot s) {
        Optional<ServiceLoadBalancer> entry = loadBalancerEntry(s);
        return entry.flatMap(lb -> s.taskDefinition().toOptional().flatMap(td -> td.container(lb.containerName()))
                .flatMap(c -> c.portMappings().stream().filter(p -> p.containerPort() == lb.containerPort()).findFirst()));
    }

    /** GPUs the task asks for; empty when the task definition could not be read. */
    static Optional<Integer> requiredGpus(Snapshot s) {
        return s.taskDefinition().toOptional().map(TaskDefinitionFacts::gpuCount);
    }

    /** Whether the stack is meant to use GPUs: the task asks for some, or (unreadable task) the type has some. */
    static boolean needsGpu(Snapshot s) {
        return requiredGpus(s).map(n -> n > 0)
                .orElseGet(() -> s.instanceType().toOptional().map(t -> t.gpuCount() > 0).orElse(true));
    }

    /** The user data's agent settings; empty settings when the user data could not be read. */
    static EcsAgentConfig agentConfig(Snapshot s) {
        return s.userData().toOptional().map(EcsAgentConfigParser::parse)
                .orElseGet(() -> new EcsAgentConfig(Map.of(), List.of(), List.of(), List.of(), false));
    }

    /** The container instance, if it is registered in the diagnosed cluster. */
    static Optional<ContainerInstanceFacts> containerInstanceInCluster(Snapshot s) {
        return s.containerInstance().toOptional()
                .filter(ci -> clusterName(ci.cluster()).equals(clusterName(s.target().cluster())));
    }

    /** {@code name} out of a cluster name or ARN ({@code arn:aws:ecs:r:a:cluster/name}). */
    static String clusterName(String nameOrArn) {
        String value = nameOrArn.strip();
        int slash = value.lastIndexOf('/');
        return value.startsWith("arn:") && slash >= 0 ? value.substring(slash + 1) : value;
    }

    /**
     * The ECS dynamic host-port range: ECS_DYNAMIC_HOST_PORT_RANGE from the user data when set
     * and well formed, else the default 32768-65535.
     */
    static int[] dynamicPortRange(EcsAgentConfig config) {
        return config.value(EcsAgentConfig.DYNAMIC_HOST_PORT_RANGE).flatMap(Stack::parsePortRange)
                .orElse(new int[] {DEFAULT_DYNAMIC_FROM, DEFAULT_DYNAMIC_TO});
    }

    /** {@code "from-to"} as the agent reads ECS_DYNAMIC_HOST_PORT_RANGE; empty when malformed. */
    static Optional<int[]> parsePortRange(String value) {
        if (!value.matches("\\s*\\d{1,5}\\s*-\\s*\\d{1,5}\\s*")) {
            return Optional.empty();
        }
        String[] bounds = value.split("-");
        int from = Integer.parseInt(bounds[0].strip());
        int to = Integer.parseInt(bounds[1].strip());
        return 0 < from && from <= to && to <= 65535 ? Optional.of(new int[] {from, to}) : Optional.empty();
    }

    /**
     * The host ports the load balancer must reach: the container port for awsvpc and host
     * networking, the fixed hostPort in bridge mode, else the whole dynamic range. Empty when the
     * service's load balancer entry does not match a port mapping (task.ports reports that).
     */
    static Optional<TrafficPorts> trafficPorts(Snapshot s, EcsAgentConfig config) {
        Optional<ServiceLoadBalancer> entry = loadBalancerEntry(s);
        Optional<TaskDefinitionFacts> td = s.taskDefinition().toOptional();
        if (entry.isEmpty() || td.isEmpty()) {
            return Optional.empty();
        }
        int containerPort = entry.get().containerPort();
        String mode = td.get().networkMode();
        if (mode.equals("awsvpc") || mode.equals("host")) {
            return Optional.of(new TrafficPorts(containerPort, containerPort, mode + " network mode: the container port"));
        }
        Optional<PortMapping> mapping = loadBalancedPortMapping(s);
        if (mapping.isEmpty()) {
            return Optional.empty();
        }
        if (!mapping.get().isDynamic()) {
            int port = mapping.get().hostPort();
            return Optional.of(new TrafficPorts(port, port, "fixed hostPort " + port));
        }
        int[] range = dynamicPortRange(config);
        boolean custom = config.value(EcsAgentConfig.DYNAMIC_HOST_PORT_RANGE).flatMap(Stack::parsePortRange).isPresent();
        return Optional.of(new TrafficPorts(range[0], range[1], "hostPort 0: ECS picks from the dynamic range "
                + range[0] + "-" + range[1] + (custom ? " (ECS_DYNAMIC_HOST_PORT_RANGE)" : " (ECS default)")));
    }

    /** The host ports traffic arrives on, and why. */
    record TrafficPorts(int from, int to, String why) {
        String range() {
            return from == to ? String.valueOf(from) : from + "-" + to;
        }
    }

    /** Whether a rolling deployment starts the new task before stopping the old one. */
    static boolean replacementRunsBesideOld(ServiceFacts service) {
        int desired = Math.max(1, service.desiredCount());
        int keep = (int) Math.ceil(desired * service.deploymentConfiguration().minimumHealthyPercent() / 100.0);
        return keep >= desired;
    }

    /**
     * The path Jupyter serves under: its --base_url when the command line sets it, else
     * {@code /notebook/NAME/} for a gpu-notebook stack; empty when it cannot be known here.
     */
    static Optional<String> basePath(Snapshot s) {
        return jupyterContainer(s).map(JupyterCommandLine::of).flatMap(JupyterCommandLine::baseUrl)
                .or(() -> Optional.ofNullable(s.target().notebook()).map(name -> "/notebook/" + name + "/"));
    }

    /** An ALB path pattern ({@code *} any characters, {@code ?} one) against a request path; case-sensitive. */
    static boolean pathMatches(String pattern, String path) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : java.util.regex.Pattern.quote(String.valueOf(c)));
        }
        return path.matches(regex.toString());
    }

    /** A short id for evidence: the last part of an ARN. */
    static String shortArn(String arn) {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }
}
