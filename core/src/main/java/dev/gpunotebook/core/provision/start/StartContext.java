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

    volatile InstanceTypeInfo instanceType;
    volatile Environment.Subnet subnet;
    volatile InstanceInfo existingInstance;
    volatile String amiId;
    volatile String tokenParameterArn;
    volatile InstanceInfo instance;
    volatile String taskDefinitionArn;
    volatile String targetGroupArn;
    volatile String ruleArn;
    volatile String serviceArn;

    StartContext(Cloud cloud, Environment env, NotebookSpec spec, ProgressListener listener) {
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
