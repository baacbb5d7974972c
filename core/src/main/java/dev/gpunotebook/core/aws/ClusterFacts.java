package dev.gpunotebook.core.aws;

import dev.gpunotebook.core.aws.AwsSnapshotCollector.Request;
import dev.gpunotebook.core.aws.LoadBalancingFactsCollector.LoadBalancing;
import dev.gpunotebook.core.diagnose.snapshot.CallerIdentity;
import dev.gpunotebook.core.diagnose.snapshot.Fact;
import dev.gpunotebook.core.diagnose.snapshot.TargetHealthFacts;
import dev.gpunotebook.core.diagnose.snapshot.TaskFacts;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;

/**
 * What the first phase of a collection read, for all requests at once: each cluster's services,
 * tasks and container instances, what the services name (task definitions, target health, the
 * load balancer chain), the caller, and the instances known without asking for an id (every
 * running one, and the environments' others); with the lookups that tie them to one request.
 * Immutable once the phase is over; the maps are keyed by cluster name or ARN.
 */
record ClusterFacts(Fact<CallerIdentity> caller,
        Map<String, Fact<Map<String, Service>>> servicesByCluster,
        Map<String, Fact<List<ContainerInstance>>> containerInstancesByCluster,
        Map<String, Fact<List<Task>>> tasksByCluster,
        Map<String, Fact<TaskDefinition>> taskDefinitions,
        Map<String, Fact<List<TargetHealthFacts>>> targetHealth,
        LoadBalancing loadBalancing,
        Fact<List<Instance>> runningInstances,
        Fact<List<Instance>> taggedInstances) {

    ClusterFacts {
        servicesByCluster = Collections.unmodifiableMap(servicesByCluster);
        containerInstancesByCluster = Collections.unmodifiableMap(containerInstancesByCluster);
        tasksByCluster = Collections.unmodifiableMap(tasksByCluster);
        taskDefinitions = Collections.unmodifiableMap(taskDefinitions);
        targetHealth = Collections.unmodifiableMap(targetHealth);
    }

    /** The target group of a service's load balancer block (the first one that names one). */
    static Optional<String> targetGroupOf(Service service) {
        return service.loadBalancers().stream().map(lb -> lb.targetGroupArn()).filter(Objects::nonNull).findFirst();
    }

    Optional<Service> service(Request r) {
        return serviceOf(r, servicesByCluster);
    }

    /** The request's service among those described so far (also while the first phase still runs). */
    static Optional<Service> serviceOf(Request r, Map<String, Fact<Map<String, Service>>> servicesByCluster) {
        return servicesByCluster.getOrDefault(r.cluster(), Fact.known(Map.of())).toOptional()
                .map(m -> m.get(r.service()));
    }

    /** The service's tasks, the running ones first, then the stopped ones, newest first. */
    Fact<List<TaskFacts>> tasksOf(Request r) {
        Fact<List<Task>> all = tasksByCluster.get(r.cluster());
        Optional<Service> service = service(r);
        return all.map(list -> list.stream().filter(t -> belongsTo(t, r, service))
                .sorted(Comparator.comparing((Task t) -> t.stoppedAt() == null ? Instant.MAX : t.stoppedAt())
                        .reversed())
                .map(SnapshotMapping::task).toList());
    }

    private static boolean belongsTo(Task t, Request r, Optional<Service> service) {
        if (t.group() != null) {
            return t.group().equals("service:" + r.service());
        }
        String startedBy = t.startedBy() == null ? "" : t.startedBy();
        return service.isPresent() && startedBy.startsWith("ecs-svc/")
                && service.get().deployments().stream().anyMatch(d -> startedBy.equals("ecs-svc/" + d.id()));
    }

    /** The cluster's container instances; none when they could not be read. */
    List<ContainerInstance> containerInstancesOf(String cluster) {
        return containerInstancesByCluster.getOrDefault(cluster, Fact.known(List.of())).toOptional().orElse(List.of());
    }

    Optional<ContainerInstance> containerInstanceIn(String cluster, String ec2Id) {
        return containerInstancesOf(cluster).stream().filter(ci -> ec2Id.equals(ci.ec2InstanceId())).findFirst();
    }

    Optional<String> targetGroupArn(Request r) {
        return service(r).flatMap(ClusterFacts::targetGroupOf);
    }

    Optional<LoadBalancer> loadBalancer(Request r) {
        return targetGroupArn(r).flatMap(tg -> loadBalancing.targetGroups().toOptional().map(m -> m.get(tg)))
                .flatMap(tg -> tg.loadBalancerArns().stream().findFirst())
                .flatMap(arn -> loadBalancing.loadBalancers().toOptional().map(m -> m.get(arn)));
    }

    /** The instance with this id among those read: running, tagged, or (second phase) described by id. */
    Optional<Instance> instance(String instanceId, Fact<Map<String, Instance>> describedById) {
        return Stream.of(taggedInstances, runningInstances, describedById.map(m -> List.copyOf(m.values())))
                .flatMap(f -> f.toOptional().orElse(List.<Instance>of()).stream())
                .filter(i -> instanceId.equals(i.instanceId())).findFirst();
    }
}
