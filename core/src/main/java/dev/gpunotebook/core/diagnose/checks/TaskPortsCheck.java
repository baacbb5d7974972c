package dev.gpunotebook.core.diagnose.checks;

import dev.gpunotebook.core.diagnose.Area;
import dev.gpunotebook.core.diagnose.CheckIds;
import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.snapshot.ServiceFacts;
import dev.gpunotebook.core.diagnose.snapshot.ServiceFacts.ServiceLoadBalancer;
import dev.gpunotebook.core.diagnose.snapshot.Snapshot;
import dev.gpunotebook.core.diagnose.snapshot.TargetGroupFacts;
import dev.gpunotebook.core.diagnose.snapshot.TaskDefinitionFacts;
import dev.gpunotebook.core.diagnose.snapshot.TaskDefinitionFacts.ContainerDefinitionFacts;
import dev.gpunotebook.core.diagnose.snapshot.TaskDefinitionFacts.PortMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Verifies that the ports agree end to end: the service's load balancer block names a container
 * and container port that the task definition maps, Jupyter listens on that port (when its
 * command line says), the target type suits the network mode, and with dynamic host ports the
 * health check uses {@code traffic-port} (the target group's own port does not matter then: ECS
 * registers each target with its host port). A fixed {@code hostPort} with more than one task, or
 * with a deployment that starts the new task before stopping the old, is flagged: two tasks
 * cannot hold one host port. A host port the agent reserves (22, 2375, 2376, 51678, 51679) FAILs.
 *
 * <p>Needs ECS DescribeServices, DescribeTaskDefinition, DescribeContainerInstances and ELBv2
 * DescribeTargetGroups.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PortMapping.html">https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PortMapping.html</a>
 */
public final class TaskPortsCheck extends BaseCheck {
    static final String DOCS = "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PortMapping.html";

    public TaskPortsCheck() {
        super(CheckIds.TASK_PORTS, Area.TASK, DOCS, CheckIds.CREDENTIALS);
    }

    @Override
    CheckResult evaluate(Snapshot s) {
        ServiceFacts service = need(s.service(), "service " + s.target().service(),
                () -> skip(CheckIds.SERVICE_PLACEMENT, "the service does not exist"));
        if (service.loadBalancers().isEmpty()) {
            return skip(CheckIds.ALB_LISTENER, "the service has no load balancer block");
        }
        TaskDefinitionFacts td = need(s.taskDefinition(), "task definition " + service.taskDefinitionArn());
        ServiceLoadBalancer entry = service.loadBalancers().get(0);
        String update = "aws ecs update-service --cluster " + s.target().cluster() + " --service " + service.name()
                + " --load-balancers targetGroupArn=" + entry.targetGroupArn() + ",containerName=";
        List<String> evidence = new ArrayList<>();
        evidence.add("service load balancer: container " + entry.containerName() + " port " + entry.containerPort()
                + " -> " + Stack.shortArn(entry.targetGroupArn()));
        Optional<ContainerDefinitionFacts> container = td.container(entry.containerName());
        if (container.isEmpty()) {
            List<String> names = td.containers().stream().map(ContainerDefinitionFacts::name).toList();
            return fail("The service sends traffic to container \"" + entry.containerName() + "\", which task definition "
                    + Stack.shortArn(td.arn()) + " does not have (" + String.join(", ", names) + ").", evidence,
                    update + (names.isEmpty() ? "NAME" : names.get(0)) + ",containerPort=" + entry.containerPort());
        }
        List<PortMapping> mappings = container.get().portMappings();
        evidence.add("container " + entry.containerName() + " port mappings: " + (mappings.isEmpty() ? "none"
                : String.join(", ", mappings.stream().map(TaskPortsCheck::describe).toList()))
                + " (network mode " + td.networkMode() + ")");
        Optional<PortMapping> mapping = mappings.stream().filter(m -> m.containerPort() == entry.containerPort())
                .findFirst();
        if (mapping.isEmpty()) {
            return fail("The service sends traffic to container port " + entry.containerPort() + ", which container "
                    + entry.containerName() + " does not map.", evidence, mappings.isEmpty()
                            ? "Add a portMapping {\"containerPort\": " + entry.containerPort() + ", \"hostPort\": 0} to "
                                    + "the container and register a new task definition revision."
                            : update + entry.containerName() + ",containerPort=" + mappings.get(0).containerPort());
        }
        JupyterCommandLine jupyter = JupyterCommandLine.of(container.get());
        if (jupyter.port().isPresent() && jupyter.port().get() != entry.containerPort()) {
            evidence.add("command line: " + String.join(" ", container.get().commandLine()));
            return fail("Jupyter listens on port " + jupyter.port().get() + ", but the load balancer sends to container "
                    + "port " + entry.containerPort() + ".", evidence, "Start Jupyter with --port="
                    + entry.containerPort() + ", or map and route container port " + jupyter.port().get() + ".");
        }
        Optional<TargetGroupFacts> group = s.targetGroup().toOptional();
        boolean awsvpc = td.networkMode().equals("awsvpc");
        if (group.isPresent()) {
            evidence.add("target group " + group.get().name() + ": target type " + group.get().targetType()
                    + ", port " + group.get().port() + ", health check port " + group.get().healthCheck().port());
            String expectedType = awsvpc ? "ip" : "instance";
            if (!group.get().targetType().equals(expectedType)) {
                return fail("Target group " + group.get().name() + " has target type " + group.get().targetType()
                        + ", but network mode " + td.networkMode() + " needs " + expectedType + ".", evidence,
                        "Create a target group with --target-type " + expectedType + " and point the service at it.");
            }
        }
        PortMapping port = mapping.get();
        boolean dynamic = !awsvpc && !td.networkMode().equals("host") && port.isDynamic();
        if (dynamic && group.isPresent() && !group.get().healthCheck().port().equals("traffic-port")) {
            return fail("With dynamic host ports the health check must use traffic-port, but it probes port "
                    + group.get().healthCheck().port() + ", where nothing listens.", evidence,
                    "aws elbv2 modify-target-group --target-group-arn " + group.get().arn()
                            + " --health-check-port traffic-port --region " + s.target().region());
        }
        if (!dynamic && !awsvpc) {
            int hostPort = td.networkMode().equals("host") ? port.containerPort() : port.hostPort();
            Optional<Integer> reserved = Stack.containerInstanceInCluster(s)
                    .flatMap(ci -> ci.registered().reservedTcpPorts().stream().filter(p -> p == hostPort).findFirst());
            if (reserved.isPresent()) {
                return fail("Host port " + hostPort + " is reserved by the ECS agent on the instance, so the task can "
                        + "never be placed.", evidence, "Use hostPort 0 (dynamic) in the port mapping.");
            }
            boolean twoTasks = service.desiredCount() > 1;
            boolean rolling = Stack.replacementRunsBesideOld(service);
            if (twoTasks || rolling) {
                evidence.add("desired count " + service.desiredCount() + ", minimumHealthyPercent "
                        + service.deploymentConfiguration().minimumHealthyPercent());
                return warn("Fixed host port " + hostPort + (twoTasks ? " with " + service.desiredCount() + " tasks"
                        : " with a deployment that starts the new task before stopping the old")
                        + ": only one task can hold the port on an instance.", evidence,
                        "Use hostPort 0 (ECS then registers each task's port in the target group), or set "
                                + "minimumHealthyPercent=0 so the old task stops first.");
            }
        }
        return pass("Container " + entry.containerName() + " port " + entry.containerPort() + " maps to "
                + (dynamic ? "a dynamic host port" : awsvpc ? "the task's own address" : "host port "
                        + (td.networkMode().equals("host") ? port.containerPort() : port.hostPort()))
                + (dynamic ? "; the health check uses traffic-port." : "."), evidence);
    }

    private static String describe(PortMapping m) {
        return m.containerPort() + "->" + (m.isDynamic() ? "dynamic" : String.valueOf(m.hostPort())) + "/" + m.protocol();
    }
}
