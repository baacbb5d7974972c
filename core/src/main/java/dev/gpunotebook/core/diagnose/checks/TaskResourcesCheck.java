package dev.gpunotebook.core.diagnose.checks;

import dev.gpunotebook.core.diagnose.Area;
import dev.gpunotebook.core.diagnose.CheckIds;
import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.snapshot.ContainerInstanceFacts;
import dev.gpunotebook.core.diagnose.snapshot.InstanceTypeFacts;
import dev.gpunotebook.core.diagnose.snapshot.ServiceFacts;
import dev.gpunotebook.core.diagnose.snapshot.Snapshot;
import dev.gpunotebook.core.diagnose.snapshot.TaskDefinitionFacts;
import dev.gpunotebook.core.diagnose.snapshot.TaskDefinitionFacts.ContainerDefinitionFacts;
import dev.gpunotebook.core.diagnose.userdata.EcsAgentConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Verifies that the task's GPUs, CPU and memory fit the instance: what the container instance
 * registered when it is registered in this cluster, else the instance type's figures less the
 * share the agent never offers.
 *
 * <p>That share, {@link #estimatedReserveMiB}: 5 % of the type's memory, at least 256 MiB, plus
 * ECS_RESERVED_MEMORY. The agent registers the memory the OS reports, which is less than the
 * type's nominal size because the kernel and firmware keep 2-4 % of it (AWS: an instance with
 * 8 GiB "does not always register 8192 MiB"); 5 % errs towards a warning, never a false FAIL: on
 * an estimate, only a task larger than the type's whole memory FAILs, one inside the reserve is
 * a WARN. Also WARNs when a rolling deployment cannot place the replacement task beside the
 * running one (minimumHealthyPercent above 0 with room for one task only), when the task reserves no GPU
 * on an instance that has some (ECS then passes none to the containers), and when the service asks for
 * more than one copy of the notebook (each is its own Jupyter server; the instance may hold only one).
 *
 * <p>Needs ECS DescribeTaskDefinition, DescribeContainerInstances, DescribeServices and EC2
 * DescribeInstanceTypes.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonECS/latest/developerguide/memory-management.html">https://docs.aws.amazon.com/AmazonECS/latest/developerguide/memory-management.html</a>
 */
public final class TaskResourcesCheck extends BaseCheck {
    static final String DOCS = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/memory-management.html";
    static final int MIN_RESERVE_MIB = 256;
    static final double RESERVE_SHARE = 0.05;

    public TaskResourcesCheck() {
        super(CheckIds.TASK_RESOURCES, Area.TASK, DOCS, CheckIds.INSTANCE_TYPE);
    }

    /** The memory (MiB) a type of {@code memoryMiB} is assumed not to offer to tasks, before ECS_RESERVED_MEMORY. */
    static long estimatedReserveMiB(long memoryMiB) {
        return Math.max(MIN_RESERVE_MIB, (long) Math.ceil(memoryMiB * RESERVE_SHARE));
    }

    @Override
    CheckResult evaluate(Snapshot s) {
        TaskDefinitionFacts td = need(s.taskDefinition(), "the task definition");
        InstanceTypeFacts type = need(s.instanceType(), "the instance type",
                () -> skip(CheckIds.INSTANCE_TYPE, "the instance type does not exist"));
        int gpus = td.gpuCount();
        int cpu = td.cpu() != null ? td.cpu()
                : td.containers().stream().mapToInt(c -> c.cpu() == null ? 0 : c.cpu()).sum();
        long memory = td.memoryMiB() != null ? td.memoryMiB()
                : td.containers().stream().mapToLong(TaskResourcesCheck::reservedMemory).sum();

        Optional<ContainerInstanceFacts> registered = Stack.containerInstanceInCluster(s)
                .filter(ci -> ci.registered().memoryMiB() > 0);
        int gpuCapacity = registered.map(ci -> ci.registered().gpuIds().size()).filter(n -> n > 0)
                .orElse(type.gpuCount());
        int cpuCapacity = registered.map(ci -> ci.registered().cpu()).orElse(type.vcpus() * 1024);
        long reservedByConfig = reservedMemory(Stack.agentConfig(s));
        long memoryCapacity = registered.map(ci -> (long) ci.registered().memoryMiB())
                .orElse(type.memoryMiB() - estimatedReserveMiB(type.memoryMiB()) - reservedByConfig);
        String source = registered.map(ci -> Stack.shortArn(ci.arn()) + " registers").orElse(type.instanceType()
                + " offers about (estimated: " + type.memoryMiB() + " MiB less " + estimatedReserveMiB(type.memoryMiB())
                + " MiB for the OS" + (reservedByConfig > 0 ? " and ECS_RESERVED_MEMORY " + reservedByConfig : "") + ")");

        List<String> evidence = new ArrayList<>();
        evidence.add("the task reserves " + gpus + " GPU(s), " + cpu + " CPU units, " + memory + " MiB");
        evidence.add(source + " " + gpuCapacity + " GPU(s), " + cpuCapacity + " CPU units, " + memoryCapacity + " MiB");
        String register = "register a new task definition revision and update the service "
                + "(aws ecs update-service --cluster " + s.target().cluster() + " --service " + s.target().service()
                + " --task-definition FAMILY)";

        if (gpus > gpuCapacity) {
            return fail("The task requires " + gpus + " GPU(s); " + type.instanceType() + " has " + gpuCapacity + ".",
                    evidence, "Lower the GPU count in resourceRequirements to " + gpuCapacity + " and " + register
                            + ", or use an instance type with " + gpus + " GPUs.");
        }
        if (cpu > cpuCapacity) {
            return fail("The task reserves " + cpu + " CPU units; the instance offers " + cpuCapacity + ".", evidence,
                    "Set cpu to at most " + cpuCapacity + " and " + register + ", or use a larger instance type.");
        }
        if (memory > memoryCapacity) {
            boolean certain = registered.isPresent() || memory > type.memoryMiB();
            String summary = "The task reserves " + memory + " MiB; the instance " + (registered.isPresent()
                    ? "registers " : "offers about ") + memoryCapacity + " MiB.";
            String fix = "Set the task's memory (or the containers' memoryReservation) to at most " + memoryCapacity
                    + " MiB and " + register + ".";
            return certain ? fail(summary, evidence, fix)
                    : warn(summary + " It may not be placed; the exact figure is known once the instance registers.",
                            evidence, fix);
        }
        if (gpus == 0 && gpuCapacity > 0) {
            return warn("The task reserves no GPU, so ECS passes none of the instance's " + gpuCapacity + " GPU(s) to its "
                    + "containers: the notebook computes on the CPU while the GPU instance is paid for.", evidence,
                    "Add \"resourceRequirements\": [{\"type\": \"GPU\", \"value\": \"1\"}] to the notebook container "
                    + "and " + register + ".");
        }
        Optional<ServiceFacts> crowded = s.service().toOptional().filter(service -> service.desiredCount() > 1);
        if (crowded.isPresent()) {
            int desired = crowded.get().desiredCount();
            long fits = Math.min(gpus > 0 ? gpuCapacity / gpus : Long.MAX_VALUE,
                    Math.min(cpu > 0 ? cpuCapacity / cpu : Long.MAX_VALUE, memory > 0 ? memoryCapacity / memory : Long.MAX_VALUE));
            evidence.add("service " + crowded.get().name() + ": desired count " + desired);
            return warn("Service " + crowded.get().name() + " asks for " + desired + " copies of the notebook"
                    + (fits < desired ? ", but the instance holds " + fits + ": the other " + (desired - fits)
                            + " never place" : "")
                    + "; each copy is a separate Jupyter server, so the load balancer spreads one user's requests, "
                    + "sessions and kernels over them.", evidence, "aws ecs update-service --cluster "
                    + s.target().cluster() + " --service " + s.target().service() + " --desired-count 1");
        }
        Optional<String> rolling = s.service().toOptional().filter(Stack::replacementRunsBesideOld)
                .filter(service -> service.desiredCount() > 0
                        && (2 * gpus > gpuCapacity && gpus > 0 || 2 * cpu > cpuCapacity || 2 * memory > memoryCapacity))
                .map(service -> "minimumHealthyPercent " + service.deploymentConfiguration().minimumHealthyPercent());
        if (rolling.isPresent()) {
            evidence.add("deployment configuration: " + rolling.get());
            return warn("The task fits, but not twice: a deployment cannot start the new task beside the running one "
                    + "on this instance, so updates stall.", evidence, "aws ecs update-service --cluster "
                    + s.target().cluster() + " --service " + s.target().service()
                    + " --deployment-configuration minimumHealthyPercent=0,maximumPercent=100");
        }
        return pass("The task (" + gpus + " GPU(s), " + cpu + " CPU units, " + memory + " MiB) fits the instance ("
                + gpuCapacity + " GPU(s), " + cpuCapacity + " CPU units, " + memoryCapacity + " MiB).", evidence);
    }

    /** What the scheduler reserves for a container: the soft limit when set, else the hard one. */
    private static long reservedMemory(ContainerDefinitionFacts container) {
        if (container.memoryReservationMiB() != null) {
            return container.memoryReservationMiB();
        }
        return container.memoryMiB() == null ? 0 : container.memoryMiB();
    }

    private static long reservedMemory(EcsAgentConfig config) {
        return config.value(EcsAgentConfig.RESERVED_MEMORY).map(String::strip).filter(v -> v.matches("\\d{1,7}"))
                .map(Long::parseLong).orElse(0L);
    }
}
