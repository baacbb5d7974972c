package dev.gpunotebook.core.provision.start;

import dev.gpunotebook.core.cloud.Cloud;
import dev.gpunotebook.core.cloud.InstanceInfo;
import dev.gpunotebook.core.cloud.InstanceTypeInfo;
import dev.gpunotebook.core.model.Environment;
import dev.gpunotebook.core.model.NotebookSpec;
import dev.gpunotebook.core.model.ResourceNames;
import dev.gpunotebook.core.model.Tags;
import dev.gpunotebook.core.provision.ProgressListener;
import java.util.Map;

/** What the start steps share; each step writes only its own fields. */
final class StartContext {

    final Cloud cloud;
    final Environment env;
    final NotebookSpec spec;
    final ResourceNames names;
    final ProgressListener listener;
    /** {@code --new-token}: replace an existing token; the task reads the new one when it (re)starts. */
    final boolean rotateToken;

    volatile InstanceTypeInfo instanceType;
    volatile Environment.Subnet subnet;
    volatile InstanceInfo existingInstance;
    volatile String amiId;
    volatile InstanceInfo instance;
    volatile String taskDefinitionArn;
    volatile String targetGroupArn;
    volatile String ruleArn;
    volatile String serviceArn;
    /** The instance was found stopped and started again by this start. */
    volatile boolean resumedInstance;
    /** The token was replaced by this start; {@link #previousToken} restores it on rollback (never shown). */
    volatile boolean tokenRotated;
    volatile String previousToken;
    /** The desired count the service had before this start changed it, or -1 if unchanged. */
    volatile int previousDesiredCount = -1;

    StartContext(Cloud cloud, Environment env, NotebookSpec spec, ProgressListener listener) {
        this(cloud, env, spec, false, listener);
    }

    StartContext(Cloud cloud, Environment env, NotebookSpec spec, boolean rotateToken, ProgressListener listener) {
        this.rotateToken = rotateToken;
        this.cloud = cloud;
        this.env = env;
        this.spec = spec;
        this.names = env.names();
        this.listener = listener;
    }

    Map<String, String> tags() {
        return Tags.notebook(env.env(), spec);
    }

    Map<String, String> selector() {
        return Tags.selector(env.env(), spec.name());
    }
}
