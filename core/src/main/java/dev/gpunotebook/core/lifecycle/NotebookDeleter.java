package dev.gpunotebook.core.lifecycle;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.cloud.Cloud;
import dev.gpunotebook.core.cloud.InstanceInfo;
import dev.gpunotebook.core.cloud.ServiceInfo;
import dev.gpunotebook.core.cloud.TargetGroupInfo;
import dev.gpunotebook.core.model.Environment;
import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.model.ResourceNames;
import dev.gpunotebook.core.model.Tags;
import dev.gpunotebook.core.provision.ProgressEvent;
import dev.gpunotebook.core.provision.ProgressEvent.Phase;
import dev.gpunotebook.core.provision.ProgressListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Deletes every resource of one notebook, found by its tags and derived names, in dependency
 * order: the service (so ECS deregisters its target), the listener rule, the target group, the task
 * definitions, the instance, the token. Resources already gone are skipped; the shared environment
 * is left alone.
 */
public final class NotebookDeleter {

    private final Cloud cloud;

    public NotebookDeleter(Cloud cloud) {
        this.cloud = cloud;
    }

    /** What was removed, one line per resource. */
    public record DeleteResult(NotebookName name, List<String> deleted) {
        public DeleteResult {
            deleted = List.copyOf(deleted);
        }
    }

    public DeleteResult delete(Environment env, NotebookName name, ProgressListener listener) {
        ResourceNames names = env.names();
        Map<String, String> selector = Tags.selector(env.env(), name);
        List<String> deleted = new ArrayList<>();

        Optional<ServiceInfo> service = cloud.ecs().findService(env.clusterName(), names.service(name))
                .filter(s -> name.value().equals(s.tags().get(Tags.NOTEBOOK)));
        service.ifPresent(s -> step(listener, "service", () -> cloud.ecs().deleteService(env.clusterName(), s.name()),
                s.arn(), deleted));

        String pathPattern = ResourceNames.baseUrl(name) + "*";
        cloud.elb().findRule(env.listenerArn(), pathPattern).ifPresent(rule ->
                step(listener, "listener-rule", () -> cloud.elb().deleteRule(rule), rule, deleted));

        for (TargetGroupInfo group : cloud.elb().findTargetGroups(selector)) {
            step(listener, "target-group", () -> cloud.elb().deleteTargetGroup(group.arn()), group.arn(), deleted);
        }

        String family = names.taskFamily(name);
        cloud.ecs().findTaskDefinition(family).ifPresent(arn ->
                step(listener, "task-definition", () -> cloud.ecs().deregisterTaskDefinitions(family), family, deleted));

        for (InstanceInfo instance : cloud.ec2().findInstances(selector)) {
            step(listener, "instance", () -> cloud.ec2().terminate(instance.id()), instance.id(), deleted);
        }

        String parameter = names.tokenParameter(name);
        cloud.ssm().findSecret(parameter).ifPresent(arn ->
                step(listener, "token", () -> cloud.ssm().deleteParameter(parameter), parameter, deleted));

        if (deleted.isEmpty()) {
            throw GpuNotebookException.of(GpuNotebookException.Reason.NOT_FOUND, "There is no notebook named '" + name
                    + "' in environment '" + env.env() + "' (" + cloud.region() + "); nothing was deleted. "
                    + "`list` shows the notebooks.");
        }
        return new DeleteResult(name, deleted);
    }

    private static void step(ProgressListener listener, String step, Runnable action, String what, List<String> deleted) {
        listener.onEvent(new ProgressEvent(step, Phase.RUNNING, what));
        action.run();
        deleted.add(step + " " + what);
        listener.onEvent(new ProgressEvent(step, Phase.DELETED, what));
    }
}
