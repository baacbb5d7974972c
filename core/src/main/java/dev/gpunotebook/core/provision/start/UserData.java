package dev.gpunotebook.core.provision.start;

import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.model.ResourceNames;

/**
 * The instance's user data: configures the ECS agent that the GPU-optimized AMI already has, and
 * prepares the work folder on the instance's EBS volume (kept across stop and start).
 */
final class UserData {

    /** Jupyter Docker Stacks run as jovyan, uid 1000, group users (gid 100). */
    static final String WORK_FOLDER_OWNER = "1000:100";

    private UserData() {
    }

    static String workFolder(NotebookName name) {
        return "/home/gpu-notebook/" + name;
    }

    static String render(String clusterName, NotebookName name) {
        return """
                #!/bin/bash
                # Written by gpu-notebook. The ECS agent reads /etc/ecs/ecs.config when it starts.
                cat <<'EOF' >> /etc/ecs/ecs.config
                ECS_CLUSTER=%s
                ECS_ENABLE_GPU_SUPPORT=true
                ECS_INSTANCE_ATTRIBUTES={"%s":"%s"}
                ECS_ENABLE_CONTAINER_METADATA=true
                EOF
                mkdir -p %s
                chown %s %s
                """.formatted(clusterName, ResourceNames.INSTANCE_ATTRIBUTE, name, workFolder(name), WORK_FOLDER_OWNER,
                workFolder(name));
    }
}
