package dev.gpunotebook.core.cloud;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The services of one ECS cluster in memory. There is no scheduler: scaling up places no task. Scaling down
 * stops the service's task at once, unless {@link #taskStopsAfterLooks} says ECS takes a while, as it does on
 * AWS (the task's stop timeout, 30 s by default). Each call is recorded as the ECS operation it stands for. The
 * clusters, task definitions and created services are kept too, for setup, start and delete.
 */
public final class FakeEcs implements EcsGateway {

    /** {@link #taskStopsAfterLooks}: the task outlives any wait. */
    public static final int NEVER = Integer.MAX_VALUE;

    private final List<String> calls;
    private final Map<String, ServiceInfo> services = new ConcurrentHashMap<>();
    /** Service -> how many more DescribeServices still see its stopping task running. */
    private final Map<String, Integer> stoppingTasks = new ConcurrentHashMap<>();
    private volatile int looksWhileATaskStops;
    /** Cluster name -> ARN, ACTIVE clusters only. */
    private final Map<String, String> clusters = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> clusterTags = new ConcurrentHashMap<>();
    /** Family -> its ACTIVE revisions, oldest first. */
    private final Map<String, List<TaskDefinitionSpec>> taskDefinitions = new ConcurrentHashMap<>();
    /** Family -> how many revisions were ever registered. */
    private final Map<String, Integer> registeredRevisions = new ConcurrentHashMap<>();
    private final Map<String, ServiceSpec> createdServices = new ConcurrentHashMap<>();

    FakeEcs(List<String> calls) {
        this.calls = calls;
    }

    public void add(ServiceInfo service) {
        services.put(service.name(), service);
    }

    /** After a scale-down, the next {@code looks} DescribeServices still report the task running ({@link #NEVER}: always). */
    public void taskStopsAfterLooks(int looks) {
        looksWhileATaskStops = looks;
    }

    public ServiceInfo service(String name) {
        return services.get(name);
    }

    @Override
    public Optional<ServiceInfo> findService(String clusterName, String serviceName) {
        calls.add("DescribeServices " + serviceName);
        Integer looksLeft = stoppingTasks.get(serviceName);
        if (looksLeft != null) {
            if (looksLeft > 0) {
                stoppingTasks.put(serviceName, looksLeft == NEVER ? NEVER : looksLeft - 1);
            } else {
                stoppingTasks.remove(serviceName);
                services.computeIfPresent(serviceName, (name, s) -> withRunning(s, s.desiredCount()));
            }
        }
        return Optional.ofNullable(services.get(serviceName));
    }

    @Override
    public ServiceInfo scaleService(String clusterName, String serviceName, int desiredCount, boolean restartTasks) {
        calls.add("UpdateService " + serviceName + " desiredCount=" + desiredCount
                + (restartTasks ? " forceNewDeployment" : ""));
        ServiceInfo scaled = services.computeIfPresent(serviceName, (name, s) -> {
            ServiceInfo desired = new ServiceInfo(s.arn(), name, s.status(), desiredCount, s.runningCount(),
                    s.pendingCount(), s.taskDefinitionArn(), s.tags());
            return desiredCount < s.runningCount() && looksWhileATaskStops == 0
                    ? withRunning(desired, desiredCount) : desired;
        });
        if (scaled == null) {
            throw new IllegalArgumentException("no service " + serviceName + " in this fake cluster");
        }
        if (desiredCount < scaled.runningCount()) {
            stoppingTasks.put(serviceName, looksWhileATaskStops);
        }
        return scaled;
    }

    @Override
    public List<ServiceInfo> services(String clusterName) {
        calls.add("ListServices");
        return List.copyOf(services.values());
    }

    private static ServiceInfo withRunning(ServiceInfo s, int running) {
        return new ServiceInfo(s.arn(), s.name(), s.status(), s.desiredCount(), running, s.pendingCount(),
                s.taskDefinitionArn(), s.tags());
    }

    /** A cluster made outside this test's steps, ACTIVE. */
    public void addCluster(String clusterName) {
        clusters.put(clusterName, clusterArn(clusterName));
    }

    /** Names of the ACTIVE clusters. */
    public Set<String> clusters() {
        return Set.copyOf(clusters.keySet());
    }

    /** The tags a cluster was created with. */
    public Map<String, String> clusterTags(String clusterName) {
        return clusterTags.getOrDefault(clusterName, Map.of());
    }

    /** The latest ACTIVE revision registered in the family, as it was asked for; empty when none is. */
    public Optional<TaskDefinitionSpec> taskDefinition(String family) {
        List<TaskDefinitionSpec> revisions = taskDefinitions.getOrDefault(family, List.of());
        return revisions.isEmpty() ? Optional.empty() : Optional.of(revisions.get(revisions.size() - 1));
    }

    /** What CreateService was asked for, by service name. */
    public ServiceSpec serviceSpec(String serviceName) {
        return createdServices.get(serviceName);
    }

    @Override
    public Optional<String> findCluster(String clusterName) {
        calls.add("DescribeClusters " + clusterName);
        return Optional.ofNullable(clusters.get(clusterName));
    }

    @Override
    public String createCluster(String clusterName, Map<String, String> tags) {
        calls.add("CreateCluster " + clusterName);
        // CreateCluster of an existing cluster answers with that cluster, as ECS does.
        clusterTags.putIfAbsent(clusterName, Map.copyOf(tags));
        return clusters.computeIfAbsent(clusterName, FakeEcs::clusterArn);
    }

    @Override
    public void deleteCluster(String clusterName) {
        calls.add("DeleteCluster " + clusterName);
        clusters.remove(clusterName);
        clusterTags.remove(clusterName);
    }

    /** Registers the next revision of its family without a call, as a start outside this test would; its ARN. */
    public String addTaskDefinition(TaskDefinitionSpec spec) {
        int revision = registeredRevisions.merge(spec.family(), 1, Integer::sum);
        taskDefinitions.merge(spec.family(), List.of(spec),
                (active, added) -> Stream.concat(active.stream(), added.stream()).toList());
        return taskDefinitionArn(spec.family(), revision);
    }

    /** The ACTIVE revisions of {@code family}, oldest first. */
    public List<TaskDefinitionSpec> taskDefinitions(String family) {
        return taskDefinitions.getOrDefault(family, List.of());
    }

    @Override
    public Optional<String> findTaskDefinition(String family) {
        calls.add("ListTaskDefinitions " + family);
        // Deregistering removes every ACTIVE revision at once, so the latest ACTIVE one is the last registered.
        return taskDefinitions.containsKey(family)
                ? Optional.of(taskDefinitionArn(family, registeredRevisions.get(family))) : Optional.empty();
    }

    /** A new revision of the family; revisions count on from the last, deregistered ones included, as in ECS. */
    @Override
    public String registerTaskDefinition(TaskDefinitionSpec spec) {
        calls.add("RegisterTaskDefinition " + spec.family());
        return addTaskDefinition(spec);
    }

    @Override
    public void deregisterTaskDefinitions(String family) {
        calls.add("DeregisterTaskDefinition " + family);
        taskDefinitions.remove(family);
    }

    /** A service of one task wanted, none running yet (there is no scheduler); fails if the cluster is not ACTIVE. */
    @Override
    public ServiceInfo createService(ServiceSpec spec) {
        calls.add("CreateService " + spec.serviceName());
        if (!clusters.containsKey(spec.clusterName())) {
            throw FakeCloud.awsError("ClusterNotFoundException", "Cluster not found: " + spec.clusterName());
        }
        if (services.containsKey(spec.serviceName())) {
            throw FakeCloud.awsError("InvalidParameterException", "Creation of service was not idempotent.");
        }
        ServiceInfo service = new ServiceInfo("arn:aws:ecs:us-east-1:123456789012:service/" + spec.clusterName() + "/"
                + spec.serviceName(), spec.serviceName(), "ACTIVE", 1, 0, 1, spec.taskDefinitionArn(), spec.tags());
        createdServices.put(spec.serviceName(), spec);
        add(service);
        return service;
    }

    @Override
    public void deleteService(String clusterName, String serviceName) {
        // Like the AWS gateway: scale to 0, then delete; a service already gone is no error.
        calls.add("DeleteService " + serviceName);
        services.remove(serviceName);
        stoppingTasks.remove(serviceName);
    }

    private static String clusterArn(String clusterName) {
        return "arn:aws:ecs:us-east-1:123456789012:cluster/" + clusterName;
    }

    private static String taskDefinitionArn(String family, int revision) {
        return "arn:aws:ecs:us-east-1:123456789012:task-definition/" + family + ":" + revision;
    }
}
