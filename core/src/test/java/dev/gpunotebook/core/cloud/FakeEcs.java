package dev.gpunotebook.core.cloud;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The services of one ECS cluster in memory. There is no scheduler: scaling up places no task. Scaling down
 * stops the service's task at once, unless {@link #taskStopsAfterLooks} says ECS takes a while, as it does on
 * AWS (the task's stop timeout, 30 s by default). Task definitions are only ARNs by family. Each call is recorded
 * as the ECS operation it stands for; the cluster operations, registering a task definition and creating a service
 * are not faked and fail if called.
 */
public final class FakeEcs implements EcsGateway {

    /** {@link #taskStopsAfterLooks}: the task outlives any wait. */
    public static final int NEVER = Integer.MAX_VALUE;

    private final List<String> calls;
    private final Map<String, ServiceInfo> services = new ConcurrentHashMap<>();
    /** Service -> how many more DescribeServices still see its stopping task running. */
    private final Map<String, Integer> stoppingTasks = new ConcurrentHashMap<>();
    private volatile int looksWhileATaskStops;
    /** Task definition family -> the ARNs of its ACTIVE revisions, oldest first. */
    private final Map<String, List<String>> taskDefinitions = new ConcurrentHashMap<>();

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

    /** Registers the next revision of {@code family}, as RegisterTaskDefinition would; returns its ARN. */
    public String addTaskDefinition(String family) {
        List<String> revisions = taskDefinitions.computeIfAbsent(family, f -> new CopyOnWriteArrayList<>());
        String arn = "arn:aws:ecs:us-east-1:123456789012:task-definition/" + family + ":" + (revisions.size() + 1);
        revisions.add(arn);
        return arn;
    }

    /** The ACTIVE revisions of {@code family}, oldest first. */
    public List<String> taskDefinitions(String family) {
        return List.copyOf(taskDefinitions.getOrDefault(family, List.of()));
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

    @Override
    public Optional<String> findCluster(String clusterName) {
        throw FakeCloud.notFaked("DescribeClusters");
    }

    @Override
    public String createCluster(String clusterName, Map<String, String> tags) {
        throw FakeCloud.notFaked("CreateCluster");
    }

    @Override
    public void deleteCluster(String clusterName) {
        throw FakeCloud.notFaked("DeleteCluster");
    }

    @Override
    public Optional<String> findTaskDefinition(String family) {
        calls.add("ListTaskDefinitions " + family);
        List<String> revisions = taskDefinitions.getOrDefault(family, List.of());
        return revisions.isEmpty() ? Optional.empty() : Optional.of(revisions.get(revisions.size() - 1));
    }

    @Override
    public String registerTaskDefinition(TaskDefinitionSpec spec) {
        throw FakeCloud.notFaked("RegisterTaskDefinition");
    }

    @Override
    public void deregisterTaskDefinitions(String family) {
        calls.add("DeregisterTaskDefinition " + family);
        taskDefinitions.remove(family);
    }

    @Override
    public ServiceInfo createService(ServiceSpec spec) {
        throw FakeCloud.notFaked("CreateService");
    }

    @Override
    public void deleteService(String clusterName, String serviceName) {
        // Like the AWS gateway: scale to 0, then delete; a service already gone is no error.
        calls.add("DeleteService " + serviceName);
        services.remove(serviceName);
        stoppingTasks.remove(serviceName);
    }
}
