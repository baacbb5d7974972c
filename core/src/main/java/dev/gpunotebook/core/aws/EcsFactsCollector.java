package dev.gpunotebook.core.aws;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.diagnose.snapshot.ContainerInstanceFacts;
import dev.gpunotebook.core.diagnose.snapshot.Fact;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * Reads the ECS facts of a diagnosis: the services (by 10), each cluster's running and recently
 * stopped tasks and its container instances (by 100), the task definition revisions the services
 * run, and the container instances of the clusters other than the diagnosed ones, where an
 * instance whose agent was configured wrongly registered instead (e.g. {@code default}). Each
 * method turns AWS errors into facts (see {@link FactCalls}).
 *
 * <p>Calls, each needing the IAM action of the same name: ecs:ListServices, ecs:DescribeServices,
 * ecs:ListTasks, ecs:DescribeTasks, ecs:ListContainerInstances, ecs:DescribeContainerInstances,
 * ecs:DescribeTaskDefinition (AWS has no batch form: one call per revision) and ecs:ListClusters.
 */
final class EcsFactsCollector {

    private static final int SERVICES_PER_CALL = 10;
    private static final int TASKS_PER_CALL = 100;
    private static final int CONTAINER_INSTANCES_PER_CALL = 100;

    private final EcsClient ecs;
    private final ParallelCalls calls;

    EcsFactsCollector(EcsClient ecs, ParallelCalls calls) {
        this.ecs = ecs;
        this.calls = calls;
    }

    /**
     * The notebook services of an environment's cluster: services named {@code notebook-NAME}
     * (ListServices). Empty when the cluster has none.
     */
    static List<String> notebookServices(EcsClient ecs, String cluster) {
        try {
            List<String> names = new ArrayList<>();
            ecs.listServicesPaginator(r -> r.cluster(cluster)).serviceArns()
                    .forEach(arn -> names.add(shortName(arn, "service/")));
            return names.stream().filter(n -> n.startsWith("notebook-")).sorted().toList();
        } catch (SdkException e) {
            Fact<List<String>> failed = FactCalls.failure("ecs:ListServices", "cluster " + cluster, e);
            throw GpuNotebookException.of(GpuNotebookException.Reason.AWS, "Could not list the notebooks of cluster "
                    + cluster + ": " + failed.describe() + ". Name the notebook: diagnose NAME.", e);
        }
    }

    /** DescribeServices by 10, the batches in parallel (this runs on the pool: the batches use their own threads). */
    Fact<Map<String, Service>> services(String cluster, List<String> services) {
        List<CompletableFuture<Fact<List<Service>>>> batches = new ArrayList<>();
        for (int from = 0; from < services.size(); from += SERVICES_PER_CALL) {
            List<String> batch = services.subList(from, Math.min(services.size(), from + SERVICES_PER_CALL));
            batches.add(calls.fanOut(() -> FactCalls.fact("ecs:DescribeServices", "cluster " + cluster,
                    () -> ecs.describeServices(x -> x.cluster(cluster).services(batch)).services())));
        }
        List<Fact<List<Service>>> answers = ParallelCalls.joinAll(batches);
        Map<String, Service> found = new LinkedHashMap<>();
        for (Fact<List<Service>> described : answers) {
            if (!described.isKnown()) {
                return FactCalls.carry(described, "cluster " + cluster);
            }
            described.toOptional().orElseThrow().forEach(s -> found.put(s.serviceName(), s));
        }
        return Fact.known(found);
    }

    Fact<List<ContainerInstance>> containerInstances(String cluster) {
        Fact<List<String>> arns = FactCalls.fact("ecs:ListContainerInstances", "cluster " + cluster, () -> {
            List<String> list = new ArrayList<>();
            ecs.listContainerInstancesPaginator(x -> x.cluster(cluster)).containerInstanceArns().forEach(list::add);
            return list;
        });
        if (!arns.isKnown()) {
            return FactCalls.carry(arns, "cluster " + cluster);
        }
        return describeContainerInstances(cluster, arns.toOptional().orElseThrow());
    }

    private Fact<List<ContainerInstance>> describeContainerInstances(String cluster, List<String> arns) {
        List<ContainerInstance> all = new ArrayList<>();
        Set<String> wanted = new LinkedHashSet<>(arns);
        for (int from = 0; from < arns.size(); from += CONTAINER_INSTANCES_PER_CALL) {
            List<String> batch = arns.subList(from, Math.min(arns.size(), from + CONTAINER_INSTANCES_PER_CALL));
            Fact<List<ContainerInstance>> described = FactCalls.fact("ecs:DescribeContainerInstances",
                    "container instances of " + cluster, () -> ecs.describeContainerInstances(
                            x -> x.cluster(cluster).containerInstances(batch)).containerInstances());
            if (!described.isKnown()) {
                return described;
            }
            described.toOptional().orElseThrow().stream()
                    .filter(ci -> wanted.contains(ci.containerInstanceArn())).forEach(all::add);
        }
        return Fact.known(all);
    }

    /** The running and the recently stopped tasks of a cluster: two ListTasks in parallel, then DescribeTasks by 100. */
    Fact<List<Task>> tasks(String cluster) {
        List<CompletableFuture<Fact<List<String>>>> lists = new ArrayList<>();
        for (DesiredStatus status : List.of(DesiredStatus.RUNNING, DesiredStatus.STOPPED)) {
            lists.add(calls.fanOut(() -> FactCalls.fact("ecs:ListTasks", "cluster " + cluster, () -> {
                List<String> list = new ArrayList<>();
                ecs.listTasksPaginator(x -> x.cluster(cluster).desiredStatus(status)).taskArns().forEach(list::add);
                return list;
            })));
        }
        List<String> arns = new ArrayList<>();
        for (Fact<List<String>> listed : ParallelCalls.joinAll(lists)) {
            if (!listed.isKnown()) {
                return FactCalls.carry(listed, "cluster " + cluster);
            }
            listed.toOptional().orElseThrow().stream().filter(a -> !arns.contains(a)).forEach(arns::add);
        }
        List<Task> all = new ArrayList<>();
        for (int from = 0; from < arns.size(); from += TASKS_PER_CALL) {
            List<String> batch = arns.subList(from, Math.min(arns.size(), from + TASKS_PER_CALL));
            Fact<List<Task>> described = FactCalls.fact("ecs:DescribeTasks", "tasks of " + cluster,
                    () -> ecs.describeTasks(x -> x.cluster(cluster).tasks(batch)).tasks());
            if (!described.isKnown()) {
                return described;
            }
            all.addAll(described.toOptional().orElseThrow());
        }
        return Fact.known(all);
    }

    Fact<TaskDefinition> taskDefinition(String arn) {
        return FactCalls.fact("ecs:DescribeTaskDefinition", "task definition " + arn,
                () -> ecs.describeTaskDefinition(x -> x.taskDefinition(arn)).taskDefinition());
    }

    /** Instances registered into a cluster other than their service's (e.g. {@code default}). */
    Fact<Map<String, ContainerInstanceFacts>> inOtherClusters(Set<String> targetClusters, Set<String> ec2Ids) {
        Fact<List<String>> clusters = FactCalls.fact("ecs:ListClusters", "clusters", () -> {
            List<String> list = new ArrayList<>();
            ecs.listClustersPaginator(x -> { }).clusterArns().forEach(list::add);
            return list;
        });
        if (!clusters.isKnown()) {
            return FactCalls.carry(clusters, "clusters");
        }
        Map<String, ContainerInstanceFacts> found = new HashMap<>();
        for (String arn : clusters.toOptional().orElseThrow()) {
            String cluster = shortName(arn, "cluster/");
            if (targetClusters.contains(cluster)) {
                continue;
            }
            Fact<List<ContainerInstance>> cis = containerInstances(cluster);
            if (cis instanceof Fact.Denied<?>) {
                return FactCalls.carry(cis, "container instances");
            }
            cis.toOptional().orElse(List.of()).stream().filter(ci -> ec2Ids.contains(ci.ec2InstanceId()))
                    .forEach(ci -> found.put(ci.ec2InstanceId(), SnapshotMapping.containerInstance(ci, cluster)));
        }
        return Fact.known(found);
    }

    /** The name in an ECS ARN ({@code arn:...:service/cluster/name} gives {@code name}); a name stays as it is. */
    static String shortName(String nameOrArn, String marker) {
        int at = nameOrArn.indexOf(marker);
        if (!nameOrArn.startsWith("arn:") || at < 0) {
            return nameOrArn;
        }
        String rest = nameOrArn.substring(at + marker.length());
        return rest.substring(rest.lastIndexOf('/') + 1);
    }
}
