package dev.gpunotebook.core.diagnose.checks;

import dev.gpunotebook.core.diagnose.Area;
import dev.gpunotebook.core.diagnose.CheckIds;
import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.snapshot.ContainerInstanceFacts;
import dev.gpunotebook.core.diagnose.snapshot.ImageFacts;
import dev.gpunotebook.core.diagnose.snapshot.InstanceFacts;
import dev.gpunotebook.core.diagnose.snapshot.InstanceTypeFacts;
import dev.gpunotebook.core.diagnose.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Verifies that the instance's AMI has the ECS agent and, for a GPU task, the NVIDIA driver and
 * container runtime (the ECS GPU-optimized AMI, or Bottlerocket's ECS NVIDIA variant), and that
 * its architecture matches the instance type. An AMI it does not know (a Deep Learning AMI, a
 * custom one) is a WARN, unless the instance already registered with GPUs, which proves the
 * point.
 *
 * <p>Needs EC2 DescribeImages ({@code ec2:DescribeImages}), DescribeInstanceTypes and ECS
 * DescribeContainerInstances.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-optimized_AMI.html">https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-optimized_AMI.html</a>
 */
public final class InstanceAmiCheck extends BaseCheck {
    static final String DOCS = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-optimized_AMI.html";
    private static final String GPU_AMI_PARAMETER = "/aws/service/ecs/optimized-ami/amazon-linux-2023/gpu/recommended/image_id";

    public InstanceAmiCheck() {
        super(CheckIds.INSTANCE_AMI, Area.INSTANCE, DOCS, CheckIds.CREDENTIALS);
    }

    @Override
    CheckResult evaluate(Snapshot s) {
        InstanceFacts instance = need(s.instance(), "the instance",
                () -> skip(CheckIds.INSTANCE_STATE, "there is no instance whose AMI could be checked"));
        String useGpuAmi = "Launch from the ECS GPU-optimized AMI: aws ssm get-parameter --name " + GPU_AMI_PARAMETER
                + " --region " + s.target().region() + " --query Parameter.Value --output text; an instance cannot "
                + "change its AMI, so replace it (gpu-notebook start NAME, or update the launch template).";
        ImageFacts image = need(s.image(), "AMI " + instance.imageId(), () -> warn("AMI " + instance.imageId()
                + " no longer exists (deregistered), so what it contains cannot be checked.", List.of(), useGpuAmi));
        AmiCatalog kind = AmiCatalog.classify(image);
        List<String> evidence = new ArrayList<>();
        evidence.add(image.imageId() + " \"" + image.name() + "\" (" + image.architecture() + ", owner "
                + (image.ownerAlias() != null ? image.ownerAlias() : image.ownerId()) + ")");

        Optional<InstanceTypeFacts> type = s.instanceType().toOptional();
        if (type.isPresent() && !type.get().architectures().isEmpty()
                && !type.get().architectures().contains(image.architecture())) {
            return fail("AMI " + image.imageId() + " is " + image.architecture() + ", but " + type.get().instanceType()
                    + " runs " + String.join("/", type.get().architectures()) + ".", evidence,
                    "Use an AMI of the type's architecture. " + useGpuAmi);
        }
        boolean needsGpu = Stack.needsGpu(s);
        Optional<ContainerInstanceFacts> registered = s.containerInstance().toOptional();
        boolean provenWithGpus = registered.map(ci -> !ci.registered().gpuIds().isEmpty()).orElse(false);
        registered.ifPresent(ci -> evidence.add("registered as a container instance of " + ci.cluster() + " with "
                + ci.registered().gpuIds().size() + " GPU(s)"));

        if (kind == AmiCatalog.BOTTLEROCKET_OTHER) {
            return fail("AMI " + image.imageId() + " is a Bottlerocket variant without the ECS agent.", evidence,
                    "Use Bottlerocket's aws-ecs-*-nvidia variant or the ECS GPU-optimized AMI. " + useGpuAmi);
        }
        if (needsGpu && kind.hasEcsAgent() && !kind.hasNvidiaRuntime()) {
            return fail("AMI " + image.imageId() + " has the ECS agent but no NVIDIA driver or runtime: GPUs are never "
                    + "registered and GPU tasks never place.", evidence, useGpuAmi);
        }
        if (kind == AmiCatalog.DEEP_LEARNING || kind == AmiCatalog.UNKNOWN) {
            if (provenWithGpus || !needsGpu && registered.isPresent()) {
                return pass("AMI " + image.imageId() + " is not an ECS-optimized one, but the ECS agent runs on it"
                        + (provenWithGpus ? " and registered its GPUs." : "."), evidence);
            }
            if (registered.isPresent()) {
                return warn("The ECS agent runs on AMI " + image.imageId() + " but registered no GPU: the NVIDIA "
                        + "container runtime or GPU support may be missing on it.", evidence, useGpuAmi);
            }
            return warn("AMI " + image.imageId() + " is " + kind.description() + "; it needs the ECS agent"
                    + (needsGpu ? ", the NVIDIA driver and the NVIDIA container runtime" : "") + ".", evidence,
                    useGpuAmi + " Or install and enable the agent from the user data (Amazon Linux 2023: "
                            + "dnf install -y ecs-init && systemctl enable --now --no-block ecs).");
        }
        return pass("AMI " + image.imageId() + " is " + kind.description() + ".", evidence);
    }
}
