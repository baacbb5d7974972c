package dev.gpunotebook.core.diagnose.checks;

import dev.gpunotebook.core.diagnose.snapshot.ImageFacts;
import java.util.Locale;

/**
 * What is known about an AMI from its name: AWS publishes its ECS-optimized AMIs under stable
 * name prefixes ({@code amzn2-ami-ecs-gpu-hvm-...}, {@code al2023-ami-ecs-gpu-hvm-...},
 * {@code bottlerocket-aws-ecs-2-nvidia-...}), so the name tells whether the ECS agent and the
 * NVIDIA container runtime are on it. The ECS GPU-optimized AMIs also write
 * {@code ECS_ENABLE_GPU_SUPPORT=true} into {@code /var/lib/ecs/ecs.config} (see the amazon-ecs-ami
 * build scripts), so user data need not repeat it there.
 */
enum AmiCatalog {
    ECS_GPU("an ECS GPU-optimized AMI (ECS agent, NVIDIA driver and container runtime)", true, true),
    ECS_STANDARD("an ECS-optimized AMI without NVIDIA driver (the standard, non-GPU variant)", true, false),
    ECS_NEURON("an ECS-optimized Neuron/Inferentia AMI, without NVIDIA driver", true, false),
    BOTTLEROCKET_ECS_NVIDIA("Bottlerocket's ECS NVIDIA variant (agent, driver and runtime built in)", true, true),
    BOTTLEROCKET_ECS("Bottlerocket's ECS variant without NVIDIA support", true, false),
    BOTTLEROCKET_OTHER("a Bottlerocket variant without the ECS agent (e.g. the Kubernetes one)", false, false),
    DEEP_LEARNING("a Deep Learning AMI: NVIDIA driver and Docker, but no ECS agent unless you install it", false, true),
    UNKNOWN("an AMI diagnose does not know", false, false);

    private final String description;
    private final boolean ecsAgent;
    private final boolean nvidia;

    AmiCatalog(String description, boolean ecsAgent, boolean nvidia) {
        this.description = description;
        this.ecsAgent = ecsAgent;
        this.nvidia = nvidia;
    }

    static AmiCatalog classify(ImageFacts image) {
        String name = image.name().toLowerCase(Locale.ROOT);
        String description = image.description().toLowerCase(Locale.ROOT);
        if (name.startsWith("amzn2-ami-ecs-") || name.startsWith("al2023-ami-ecs-") || name.startsWith("al2022-ami-ecs-")
                || name.matches("amzn-ami-.*amazon-ecs-optimized.*")) {
            if (name.contains("-gpu-")) {
                return ECS_GPU;
            }
            return name.contains("-inf-") || name.contains("-neu-") || name.contains("neuron") ? ECS_NEURON : ECS_STANDARD;
        }
        if (name.startsWith("bottlerocket-aws-ecs-")) {
            return name.contains("nvidia") ? BOTTLEROCKET_ECS_NVIDIA : BOTTLEROCKET_ECS;
        }
        if (name.startsWith("bottlerocket-")) {
            return BOTTLEROCKET_OTHER;
        }
        if (name.contains("deep learning") || description.contains("deep learning")) {
            return DEEP_LEARNING;
        }
        return UNKNOWN;
    }

    String description() {
        return description;
    }

    boolean hasEcsAgent() {
        return ecsAgent;
    }

    boolean hasNvidiaRuntime() {
        return nvidia;
    }

    /** GPU support on without ECS_ENABLE_GPU_SUPPORT in user data. */
    boolean enablesGpuSupportByItself() {
        return this == ECS_GPU || this == BOTTLEROCKET_ECS_NVIDIA;
    }
}
