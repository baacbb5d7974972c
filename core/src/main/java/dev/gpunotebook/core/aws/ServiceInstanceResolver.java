package dev.gpunotebook.core.aws;

import dev.gpunotebook.core.aws.AwsSnapshotCollector.Request;
import dev.gpunotebook.core.diagnose.snapshot.Fact;
import dev.gpunotebook.core.diagnose.snapshot.TargetHealthFacts;
import dev.gpunotebook.core.diagnose.snapshot.TaskFacts;
import dev.gpunotebook.core.model.InstanceFamilies;
import dev.gpunotebook.core.model.Tags;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * Decides which EC2 instance runs (or should run) a service, from the facts of the first phase
 * across ECS, EC2 and load balancing: the instance of its running task, else of its last stopped
 * one, else the one its {@code attribute:X == v} placement constraint selects, else the one tagged
 * with the notebook's name, else an instance target of its target group, else the cluster's only
 * container instance, else (a cluster without container instances: the agent never joined it) the
 * only running GPU instance in its target group's VPC. Makes no AWS call: every fact it needs was
 * read for all requests at once.
 */
final class ServiceInstanceResolver {

    private static final Pattern ATTRIBUTE_CONSTRAINT = Pattern.compile(
            "attribute:([A-Za-z0-9_.:-]+)\\s*==\\s*['\"]?([^'\"\\s)]+)['\"]?");
    private static final List<String> STATE_PREFERENCE = List.of("running", "pending", "stopping", "stopped",
            "shutting-down", "terminated");

    /**
     * The instance of one request, or why there is none; {@code foundBy} says in words how it was
     * found (null when it was not).
     */
    record Resolution(Fact<String> instanceId, String foundBy) {

        static Resolution found(String instanceId, String how) {
            return new Resolution(Fact.known(instanceId), how);
        }

        static Resolution notFound(Fact<String> why) {
            return new Resolution(why, null);
        }
    }

    private final ClusterFacts facts;

    ServiceInstanceResolver(ClusterFacts facts) {
        this.facts = facts;
    }

    /**
     * The instance of the service. Unavailable, not missing, when the cluster has several container
     * instances and none of the ways above names one.
     */
    Resolution resolve(Request r) {
        List<ContainerInstance> cis = facts.containerInstancesOf(r.cluster());
        Map<String, String> ec2ByArn = new HashMap<>();
        cis.forEach(ci -> ec2ByArn.put(ci.containerInstanceArn(), ci.ec2InstanceId()));
        List<TaskFacts> tasks = facts.tasksOf(r).toOptional().orElse(List.of());
        for (boolean running : List.of(true, false)) {
            Optional<String> fromTask = tasks.stream().filter(t -> t.isRunning() == running)
                    .map(TaskFacts::containerInstanceArn).filter(Objects::nonNull).map(ec2ByArn::get)
                    .filter(Objects::nonNull).findFirst();
            if (fromTask.isPresent()) {
                return Resolution.found(fromTask.get(), running ? "the instance of the service's running task"
                        : "the instance of the service's last stopped task");
            }
        }
        Optional<Service> service = facts.service(r);
        if (service.isPresent()) {
            for (var constraint : service.get().placementConstraints()) {
                Matcher m = ATTRIBUTE_CONSTRAINT.matcher(constraint.expression() == null ? "" : constraint.expression());
                if (m.find()) {
                    Optional<String> match = cis.stream().filter(ci -> ci.attributes().stream().anyMatch(
                            a -> m.group(1).equals(a.name()) && m.group(2).equals(a.value())))
                            .map(ContainerInstance::ec2InstanceId).findFirst();
                    if (match.isPresent()) {
                        return Resolution.found(match.get(), "the container instance that the service's placement "
                                + "constraint " + constraint.expression() + " selects");
                    }
                }
            }
        }
        if (r.notebook() != null) {
            Fact<List<Instance>> taggedInstances = facts.taggedInstances();
            if (!taggedInstances.isKnown()) {
                return Resolution.notFound(FactCalls.carry(taggedInstances, "the notebook's instance"));
            }
            Optional<Instance> tagged = taggedInstances.toOptional().orElseThrow().stream()
                    .filter(i -> r.notebook().equals(SnapshotMapping.tag(i, Tags.NOTEBOOK))
                            && r.environment().equals(SnapshotMapping.tag(i, Tags.ENV)))
                    .min(Comparator.comparingInt((Instance i) -> stateRank(i.state().nameAsString()))
                            .thenComparing(i -> i.launchTime() == null ? Instant.MIN : i.launchTime(),
                                    Comparator.reverseOrder()));
            if (tagged.isPresent()) {
                return Resolution.found(tagged.get().instanceId(), "the instance tagged " + Tags.NOTEBOOK + "="
                        + r.notebook());
            }
        }
        Optional<String> target = facts.targetGroupArn(r).flatMap(tg -> facts.targetHealth()
                .getOrDefault(tg, Fact.known(List.of())).toOptional()).orElse(List.of()).stream()
                .map(TargetHealthFacts::targetId).filter(id -> id.startsWith("i-")).findFirst();
        if (target.isPresent()) {
            return Resolution.found(target.get(), "an instance registered in the service's target group");
        }
        boolean serviceExists = service.filter(s -> !"INACTIVE".equals(s.status())).isPresent();
        if (r.notebook() == null && cis.size() == 1 && serviceExists) {
            return Resolution.found(cis.get(0).ec2InstanceId(), "the only container instance of cluster "
                    + r.cluster());
        }
        boolean noContainerInstance = facts.containerInstancesByCluster()
                .getOrDefault(r.cluster(), Fact.known(List.of())).toOptional().map(List::isEmpty).orElse(false);
        Optional<String> unregistered = r.notebook() == null && noContainerInstance ? loneGpuInstanceInVpc(r)
                : Optional.empty();
        if (unregistered.isPresent()) {
            return Resolution.found(unregistered.get(), "a guess: cluster " + r.cluster() + " has no container "
                    + "instance, and this is the only running GPU instance in the VPC of the service's target group");
        }
        if (r.notebook() == null && cis.size() > 1) {
            // Not missing: an instance exists, diagnose just cannot tell which one (service.placement still runs).
            return Resolution.notFound(Fact.unavailable("which of the " + cis.size() + " container instances of "
                    + "cluster " + r.cluster() + " should run service " + r.service() + " cannot be told: it runs no "
                    + "task, and no placement constraint or instance target names one"));
        }
        return Resolution.notFound(Fact.missing("an EC2 instance for service " + r.service() + " (no task, no "
                + "placement constraint match, " + (r.notebook() == null ? "" : "no instance tagged " + Tags.NOTEBOOK
                + "=" + r.notebook() + ", ") + "no instance target in its target group, " + cis.size()
                + " container instance(s) in the cluster)"));
    }

    /**
     * For a cluster without container instances: the only running GPU instance in the VPC of the service's
     * target group, whose agent never registered here (into {@code default}, or nowhere).
     */
    private Optional<String> loneGpuInstanceInVpc(Request r) {
        Optional<String> vpc = facts.targetGroupArn(r).flatMap(tg -> facts.loadBalancing().targetGroups().toOptional()
                .map(m -> m.get(tg))).map(TargetGroup::vpcId);
        if (vpc.isEmpty()) {
            return Optional.empty();
        }
        List<String> gpu = facts.runningInstances().toOptional().orElse(List.of()).stream()
                .filter(i -> vpc.get().equals(i.vpcId()))
                .filter(i -> !i.instanceTypeAsString().startsWith("vt")) // video transcoding: no GPU
                .filter(i -> InstanceFamilies.quotaFor(i.instanceTypeAsString())
                        .filter(q -> q.equals(InstanceFamilies.G_AND_VT) || q.equals(InstanceFamilies.P)).isPresent())
                .map(Instance::instanceId).toList();
        return gpu.size() == 1 ? Optional.of(gpu.get(0)) : Optional.empty();
    }

    private static int stateRank(String state) {
        int rank = STATE_PREFERENCE.indexOf(state);
        return rank < 0 ? STATE_PREFERENCE.size() : rank;
    }
}
