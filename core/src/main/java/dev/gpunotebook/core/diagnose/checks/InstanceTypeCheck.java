package dev.gpunotebook.core.diagnose.checks;

import dev.gpunotebook.core.diagnose.Area;
import dev.gpunotebook.core.diagnose.CheckIds;
import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.snapshot.InstanceFacts;
import dev.gpunotebook.core.diagnose.snapshot.InstanceTypeFacts;
import dev.gpunotebook.core.diagnose.snapshot.Snapshot;
import dev.gpunotebook.core.diagnose.snapshot.SubnetFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Verifies that the instance type exists, has at least the GPUs the task requires, and is
 * offered in the instance's Availability Zone (a type missing from an AZ makes RunInstances fail
 * with {@code Unsupported}).
 *
 * <p>Needs EC2 DescribeInstanceTypes ({@code ec2:DescribeInstanceTypes}),
 * DescribeInstanceTypeOfferings ({@code ec2:DescribeInstanceTypeOfferings}) and ECS
 * DescribeTaskDefinition ({@code ecs:DescribeTaskDefinition}).
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-gpu.html">https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-gpu.html</a>
 */
public final class InstanceTypeCheck extends BaseCheck {
    static final String DOCS = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-gpu.html";

    public InstanceTypeCheck() {
        super(CheckIds.INSTANCE_TYPE, Area.INSTANCE, DOCS, CheckIds.CREDENTIALS);
    }

    @Override
    CheckResult evaluate(Snapshot s) {
        Optional<String> typeName = s.effectiveInstanceType();
        if (typeName.isEmpty()) {
            // An instance that could not be read (or identified) is UNKNOWN, not a SKIP that stops
            // task.resources and, after it, service.placement.
            need(s.instance(), "the instance", () -> skip(CheckIds.INSTANCE_STATE,
                    "no instance and no intended instance type"));
            return skip(CheckIds.INSTANCE_STATE, "no instance and no intended instance type");
        }
        String type = typeName.get();
        String region = s.target().region();
        InstanceTypeFacts facts = need(s.instanceType(), "instance type " + type, () -> fail(
                "Instance type " + type + " does not exist in " + region + ".", List.of(),
                "Pick a GPU type offered in " + region + ", e.g. g4dn.xlarge, g5.xlarge or g6.xlarge: "
                        + "aws ec2 describe-instance-type-offerings --location-type availability-zone --filters "
                        + "Name=instance-type,Values=g4dn.xlarge,g5.xlarge,g6.xlarge --region " + region));
        Optional<Integer> required = Stack.requiredGpus(s);
        List<String> evidence = new ArrayList<>();
        evidence.add(describe(facts));
        required.ifPresentOrElse(n -> evidence.add("the task definition requires " + n + " GPU(s)"),
                () -> evidence.add("task definition: " + s.taskDefinition().describe()));

        if (facts.gpuCount() == 0) {
            if (required.isPresent() && required.get() == 0) {
                return warn("Neither " + type + " nor the task uses a GPU: this is not a GPU notebook.", evidence,
                        "Add resourceRequirements [{\"type\":\"GPU\",\"value\":\"1\"}] to the container and use a GPU "
                                + "type such as g5.xlarge.");
            }
            return fail(type + " has no GPU" + required.map(n -> ", but the task requires " + n + ".").orElse("."),
                    evidence, "Use a GPU instance type (g4dn.xlarge: 1 T4, g5.xlarge: 1 A10G, g6.xlarge: 1 L4), e.g. "
                            + "gpu-notebook start NAME --instance-type g5.xlarge, or change the launch template.");
        }
        if (required.isPresent() && facts.gpuCount() < required.get()) {
            return fail(type + " has " + facts.gpuCount() + " GPU(s); the task requires " + required.get() + ".",
                    evidence, "Lower the GPU count in the container's resourceRequirements to " + facts.gpuCount()
                            + ", or use a type with " + required.get() + " GPUs (e.g. g5.12xlarge has 4).");
        }
        Optional<String> zone = s.instance().toOptional().map(InstanceFacts::availabilityZone)
                .or(() -> s.instanceSubnet().toOptional().map(SubnetFacts::availabilityZone));
        boolean running = s.instance().toOptional().map(InstanceFacts::isRunning).orElse(false);
        Optional<List<String>> offered = facts.offeredAvailabilityZones().toOptional();
        if (zone.isPresent() && offered.isPresent() && !running && !offered.get().contains(zone.get())) {
            return fail(type + " is not offered in " + zone.get() + ".",
                    append(evidence, "offered in: " + String.join(", ", offered.get())),
                    "Launch in a subnet of an Availability Zone where " + type + " is offered ("
                            + String.join(", ", offered.get()) + "), or pick another type.");
        }
        zone.ifPresent(z -> evidence.add("Availability Zone " + z + (offered.isPresent()
                ? offered.get().contains(z) ? " (offered)" : "" : " (offerings: " + facts.offeredAvailabilityZones().describe() + ")")));
        String gpus = facts.gpuCount() + (gpuName(facts).isEmpty() ? "" : " " + gpuName(facts)) + " GPU(s)";
        return pass(type + " has " + gpus
                + required.map(n -> "; the task requires " + n + ".").orElse("."), evidence);
    }

    private static String describe(InstanceTypeFacts t) {
        return t.instanceType() + ": " + t.vcpus() + " vCPUs, " + t.memoryMiB() + " MiB, " + t.gpuCount() + " GPU(s)"
                + (t.gpuCount() > 0 ? " " + gpuName(t) : "") + ", " + String.join("/", t.architectures());
    }

    private static String gpuName(InstanceTypeFacts t) {
        String name = ((t.gpuManufacturer() == null ? "" : t.gpuManufacturer() + " ")
                + (t.gpuName() == null ? "" : t.gpuName())).strip();
        return name.isEmpty() ? "" : name;
    }

    private static List<String> append(List<String> list, String item) {
        list.add(item);
        return list;
    }
}
