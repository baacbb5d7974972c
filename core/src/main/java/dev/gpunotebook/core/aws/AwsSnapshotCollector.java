package dev.gpunotebook.core.aws;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.aws.Ec2FactsCollector.VpcFacts;
import dev.gpunotebook.core.aws.LoadBalancingFactsCollector.LoadBalancing;
import dev.gpunotebook.core.aws.ServiceInstanceResolver.Resolution;
import dev.gpunotebook.core.diagnose.snapshot.CallerIdentity;
import dev.gpunotebook.core.diagnose.snapshot.ContainerInstanceFacts;
import dev.gpunotebook.core.diagnose.snapshot.Fact;
import dev.gpunotebook.core.diagnose.snapshot.GpuProbeFacts;
import dev.gpunotebook.core.diagnose.snapshot.ImageFacts;
import dev.gpunotebook.core.diagnose.snapshot.JupyterProbe;
import dev.gpunotebook.core.diagnose.snapshot.ListenerFacts;
import dev.gpunotebook.core.diagnose.snapshot.NatGatewayFacts;
import dev.gpunotebook.core.diagnose.snapshot.RoleFacts;
import dev.gpunotebook.core.diagnose.snapshot.SecurityGroupFacts;
import dev.gpunotebook.core.diagnose.snapshot.Snapshot;
import dev.gpunotebook.core.diagnose.snapshot.SubnetFacts;
import dev.gpunotebook.core.diagnose.snapshot.TargetHealthFacts;
import dev.gpunotebook.core.diagnose.snapshot.UserData;
import dev.gpunotebook.core.diagnose.snapshot.VcpuQuota;
import dev.gpunotebook.core.diagnose.snapshot.VpcEndpointFacts;
import dev.gpunotebook.core.model.InstanceFamilies;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ec2.model.NetworkAcl;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.servicequotas.ServiceQuotasClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Reads every AWS fact that {@code diagnose} needs, for one or many targets at once, into
 * {@link Snapshot}s. Each kind of resource is read once for all targets, with batched describe
 * calls (DescribeServices by 10, DescribeTasks and DescribeContainerInstances by 100, one
 * DescribeInstances for all instance ids, one DescribeSecurityGroups for all groups...), and the
 * calls of one phase run in parallel. So N notebooks of one cluster cost a fixed number of calls
 * per kind of resource plus a few per notebook where AWS has no batch API (DescribeTaskDefinition,
 * DescribeTargetHealth, DescribeInstanceAttribute userData), never one call per check.
 *
 * <p>This class is the coordinator: it decides what to read in which phase, runs the reads in
 * parallel and waits for every one of them; one collector per AWS service family makes the calls
 * ({@link Ec2FactsCollector}, {@link EcsFactsCollector}, {@link LoadBalancingFactsCollector},
 * {@link IamFactsCollector}, {@link LogsFactsCollector}, {@link QuotaFactsCollector}; their Javadoc
 * lists the IAM actions), {@link JupyterHttpProbe} GETs the notebooks, {@link ServiceInstanceResolver}
 * finds each service's instance, and {@link SnapshotAssembler} builds the snapshots. The
 * coordinator makes no call itself, and only it holds state that changes during a collection.
 *
 * <p>No AWS error ends a collection: access denied becomes {@link Fact#denied} naming the IAM
 * action, not found becomes {@link Fact#missing}, an API the region does not offer becomes
 * {@link Fact#unavailable}. Only credentials that AWS rejects throw a
 * {@link GpuNotebookException} with reason CREDENTIALS.
 *
 * <pre>{@code
 * List<Snapshot> snapshots = aws.snapshotCollector().collect(List.of(
 *         Request.notebook("gpu-notebook-dev", "notebook-alice", "alice", "dev"),
 *         Request.service("my-cluster", "my-service")));
 * }</pre>
 */
public final class AwsSnapshotCollector {

    private static final int PARALLEL_CALLS = 16;

    /** What to diagnose: a service of a cluster; {@code notebook} and {@code environment} for a stack made by start. */
    public record Request(String cluster, String service, String notebook, String environment) {
        public Request {
            if (cluster == null || cluster.isBlank() || service == null || service.isBlank()) {
                throw new IllegalArgumentException("a diagnosis needs a cluster and a service");
            }
            cluster = EcsFactsCollector.shortName(cluster, "cluster/");
            service = EcsFactsCollector.shortName(service, "service/");
        }

        public static Request notebook(String cluster, String service, String notebook, String environment) {
            return new Request(cluster, service, notebook, environment);
        }

        public static Request service(String cluster, String service) {
            return new Request(cluster, service, null, null);
        }
    }

    /** The SDK clients the collector reads with; package-private: only {@link AwsCloud} builds them. */
    record Clients(Ec2Client ec2, EcsClient ecs, ElasticLoadBalancingV2Client elb, IamClient iam,
            ServiceQuotasClient quotas, CloudWatchLogsClient logs, StsClient sts) {
    }

    private final String region;
    private final Clients aws;
    private final ApiCallCounter counter;
    private final JupyterHttpProbe jupyter;

    AwsSnapshotCollector(String region, Clients aws, ApiCallCounter counter, Duration httpTimeout) {
        this.region = region;
        this.aws = aws;
        this.counter = counter;
        this.jupyter = new JupyterHttpProbe(httpTimeout);
    }

    /**
     * The notebook services of an environment's cluster: services named {@code notebook-NAME}
     * (ListServices). Empty when the cluster has none.
     */
    public List<String> notebookServices(String cluster) {
        return EcsFactsCollector.notebookServices(aws.ecs(), cluster);
    }

    /** One snapshot per request, in the same order. */
    public List<Snapshot> collect(List<Request> requests) {
        if (requests.isEmpty()) {
            return List.of();
        }
        long started = System.nanoTime();
        int callsBefore = counter.count();
        try (ParallelCalls calls = new ParallelCalls(PARALLEL_CALLS)) {
            SnapshotAssembler assembler = new Run(requests, calls).collect();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            int apiCalls = counter.count() - callsBefore;
            return assembler.snapshots(requests, apiCalls, elapsed);
        }
    }

    /**
     * One collection, in two phases: first what the requests name (services, tasks, container
     * instances, the instances known without an id, and what the services name as soon as they
     * are known), then which instance runs each service and what those instances name.
     */
    private final class Run {
        private final List<Request> requests;
        private final ParallelCalls calls;
        private final Ec2FactsCollector ec2;
        private final EcsFactsCollector ecs;
        private final LoadBalancingFactsCollector elb;
        private final IamFactsCollector iam;
        private final QuotaFactsCollector quotas;
        private final LogsFactsCollector logs;

        // Written by the first phase's leaves as the services become known; read once the phase is over.
        private final Map<String, Fact<Map<String, Service>>> servicesByCluster = new ConcurrentHashMap<>();
        private final Map<String, CompletableFuture<Fact<TaskDefinition>>> taskDefinitions = new ConcurrentHashMap<>();
        private final Map<String, CompletableFuture<Fact<List<TargetHealthFacts>>>> targetHealth =
                new ConcurrentHashMap<>();
        private volatile CompletableFuture<LoadBalancing> loadBalancing =
                CompletableFuture.completedFuture(LoadBalancing.NONE);

        Run(List<Request> requests, ParallelCalls calls) {
            this.requests = List.copyOf(requests);
            this.calls = calls;
            this.ec2 = new Ec2FactsCollector(aws.ec2());
            this.ecs = new EcsFactsCollector(aws.ecs(), calls);
            this.elb = new LoadBalancingFactsCollector(aws.elb());
            this.iam = new IamFactsCollector(aws.iam(), aws.sts(), calls);
            this.quotas = new QuotaFactsCollector(aws.quotas());
            this.logs = new LogsFactsCollector(aws.logs());
        }

        SnapshotAssembler collect() {
            Set<String> clusters = new LinkedHashSet<>();
            requests.forEach(r -> clusters.add(r.cluster()));
            ClusterFacts first = readWhatTheRequestsName(clusters);
            return readTheInstances(clusters, first);
        }

        /** Phase 1: what the targets name directly. */
        private ClusterFacts readWhatTheRequestsName(Set<String> clusters) {
            CompletableFuture<Fact<CallerIdentity>> caller = calls.leaf(iam::caller);
            Map<String, CompletableFuture<Fact<List<ContainerInstance>>>> containerInstances = new LinkedHashMap<>();
            Map<String, CompletableFuture<Fact<List<Task>>>> tasks = new LinkedHashMap<>();
            AtomicInteger clustersToDescribe = new AtomicInteger(clusters.size());
            for (String cluster : clusters) {
                List<String> services = requests.stream().filter(r -> r.cluster().equals(cluster))
                        .map(Request::service).distinct().toList();
                calls.leaf(() -> {
                    Fact<Map<String, Service>> described = ecs.services(cluster, services);
                    servicesByCluster.put(cluster, described);
                    described.toOptional().ifPresent(found -> found.values().forEach(this::readWhatTheServiceNames));
                    if (clustersToDescribe.decrementAndGet() == 0) {
                        readTheLoadBalancers();
                    }
                    return described;
                });
                containerInstances.put(cluster, calls.leaf(() -> ecs.containerInstances(cluster)));
                tasks.put(cluster, calls.leaf(() -> ecs.tasks(cluster)));
            }
            Set<String> environments = new LinkedHashSet<>();
            requests.stream().filter(r -> r.notebook() != null && r.environment() != null)
                    .forEach(r -> environments.add(r.environment()));
            // Two disjoint reads, so no instance is read twice: every running one (for the quota), and the
            // environment's others (a stopped or terminated notebook instance is explained, not lost).
            CompletableFuture<Fact<List<Instance>>> notRunningTagged = environments.isEmpty()
                    ? CompletableFuture.completedFuture(Fact.known(List.of()))
                    : calls.leaf(() -> ec2.notRunningIn(environments));
            CompletableFuture<Fact<List<Instance>>> running = calls.leaf(ec2::runningInstances);
            calls.awaitPhase();
            Fact<List<Instance>> tagged = environments.isEmpty() ? Fact.known(List.of())
                    : Ec2FactsCollector.taggedIn(environments, notRunningTagged.join(), running.join());
            return new ClusterFacts(caller.join(), new HashMap<>(servicesByCluster),
                    ParallelCalls.joined(containerInstances), ParallelCalls.joined(tasks),
                    ParallelCalls.joined(taskDefinitions), ParallelCalls.joined(targetHealth), loadBalancing.join(),
                    running.join(), tagged);
        }

        /** Starts the reads of a service's task definition and target health, once per ARN. */
        private void readWhatTheServiceNames(Service service) {
            String td = service.taskDefinition();
            if (td != null) {
                taskDefinitions.computeIfAbsent(td, arn -> calls.leaf(() -> ecs.taskDefinition(arn)));
            }
            ClusterFacts.targetGroupOf(service).ifPresent(tg -> targetHealth.computeIfAbsent(tg,
                    arn -> calls.leaf(() -> elb.targetHealth(arn))));
        }

        /**
         * Starts the chain of load balancer reads for the target groups of every service, once all
         * services are known: one DescribeTargetGroups for all of them, so it waits for the last cluster.
         */
        private void readTheLoadBalancers() {
            Set<String> targetGroupArns = new LinkedHashSet<>();
            for (Request r : requests) {
                ClusterFacts.serviceOf(r, servicesByCluster).flatMap(ClusterFacts::targetGroupOf)
                        .ifPresent(targetGroupArns::add);
            }
            if (!targetGroupArns.isEmpty()) {
                // A chain of four calls on the critical path: not queued behind the per-notebook reads.
                loadBalancing = calls.chain(() -> elb.read(targetGroupArns));
            }
        }

        /** Phase 2: which instance runs (or should run) each service; the instances themselves; the probes. */
        private SnapshotAssembler readTheInstances(Set<String> clusters, ClusterFacts first) {
            ServiceInstanceResolver resolver = new ServiceInstanceResolver(first);
            Map<Request, Resolution> resolutions = new HashMap<>();
            for (Request r : requests) {
                resolutions.put(r, resolver.resolve(r));
            }
            Set<String> known = new LinkedHashSet<>();
            first.taggedInstances().toOptional().orElse(List.of()).forEach(i -> known.add(i.instanceId()));
            first.runningInstances().toOptional().orElse(List.of()).forEach(i -> known.add(i.instanceId()));
            Set<String> toDescribe = new LinkedHashSet<>();
            Set<String> unregistered = new LinkedHashSet<>();
            for (Request r : requests) {
                resolutions.get(r).instanceId().toOptional().ifPresent(id -> {
                    if (!known.contains(id)) {
                        toDescribe.add(id);
                    }
                    if (first.containerInstanceIn(r.cluster(), id).isEmpty()) {
                        unregistered.add(id);
                    }
                });
            }
            CompletableFuture<InstanceReads> instanceReads;
            if (toDescribe.isEmpty()) {
                instanceReads = CompletableFuture.completedFuture(readWhatTheInstancesName(first, resolutions,
                        Fact.known(Map.of())));
            } else {
                // An instance that neither read had (a stopped one of a hand-built stack): what it names is read next.
                instanceReads = calls.leaf(() -> readWhatTheInstancesName(first, resolutions,
                        ec2.instancesById(toDescribe)));
            }
            CompletableFuture<Fact<Map<String, ContainerInstanceFacts>>> otherClusters = unregistered.isEmpty()
                    ? CompletableFuture.completedFuture(Fact.known(Map.of()))
                    : calls.leaf(() -> ecs.inOtherClusters(clusters, unregistered));
            Map<Request, CompletableFuture<Fact<JupyterProbe>>> jupyterProbes = new HashMap<>();
            Map<Request, CompletableFuture<Fact<GpuProbeFacts>>> gpuProbes = new HashMap<>();
            for (Request r : requests) {
                // Not on the pool: a load balancer that does not answer would hold a thread for the whole timeout.
                Optional<LoadBalancer> lb = first.loadBalancer(r);
                Fact<List<ListenerFacts>> listeners = lb.map(l -> first.loadBalancing().listenersByLoadBalancer()
                        .getOrDefault(l.loadBalancerArn(), Fact.known(List.of()))).orElse(Fact.known(List.of()));
                jupyterProbes.put(r, calls.track(jupyter.probe(first.targetGroupArn(r), lb, listeners)));
                gpuProbes.put(r, calls.leaf(() -> logs.gpuProbe(taskDefinitionOf(first, r), first.tasksOf(r))));
            }
            calls.awaitPhase();
            return new SnapshotAssembler(region, first, resolutions, instanceReads.join().facts(otherClusters.join()),
                    ParallelCalls.joined(jupyterProbes), ParallelCalls.joined(gpuProbes));
        }

        /** The revision the request's service runs, whose log configuration names the GPU probe's streams. */
        private Fact<TaskDefinition> taskDefinitionOf(ClusterFacts first, Request r) {
            return first.service(r).map(s -> first.taskDefinitions().getOrDefault(s.taskDefinition(),
                    Fact.<TaskDefinition>unavailable("no task definition")))
                    .orElse(Fact.unavailable("the service could not be read"));
        }

        /** Everything the instances, load balancers and services point at, each kind once. */
        private InstanceReads readWhatTheInstancesName(ClusterFacts first, Map<Request, Resolution> resolutions,
                Fact<Map<String, Instance>> describedById) {
            List<Instance> instances = requests.stream().map(r -> resolutions.get(r).instanceId().toOptional()
                    .flatMap(id -> first.instance(id, describedById))).flatMap(Optional::stream).distinct().toList();
            InstanceReads reads = new InstanceReads(describedById);
            // The pool takes reads in order: the role's chain of calls first, the one-per-instance reads last.
            Set<String> profiles = new LinkedHashSet<>();
            instances.forEach(i -> {
                if (i.iamInstanceProfile() != null && i.iamInstanceProfile().arn() != null) {
                    profiles.add(i.iamInstanceProfile().arn());
                }
            });
            for (String profile : profiles) {
                reads.roles.put(profile, calls.leaf(() -> iam.role(profile)));
            }
            Set<String> types = new LinkedHashSet<>();
            instances.forEach(i -> types.add(i.instanceTypeAsString()));
            first.runningInstances().toOptional().orElse(List.of()).forEach(i -> types.add(i.instanceTypeAsString()));
            if (!types.isEmpty()) {
                reads.instanceTypes = calls.leaf(() -> ec2.instanceTypes(types));
                Set<String> targetTypes = new LinkedHashSet<>();
                instances.forEach(i -> targetTypes.add(i.instanceTypeAsString()));
                reads.offerings = calls.leaf(() -> ec2.offerings(targetTypes));
            }
            Set<String> imageIds = new LinkedHashSet<>();
            instances.forEach(i -> imageIds.add(i.imageId()));
            if (!imageIds.isEmpty()) {
                reads.images = calls.leaf(() -> ec2.images(imageIds));
            }
            Set<String> subnetIds = new LinkedHashSet<>();
            Set<String> vpcIds = new LinkedHashSet<>();
            Set<String> groupIds = new LinkedHashSet<>();
            for (Instance i : instances) {
                if (i.subnetId() != null) {
                    subnetIds.add(i.subnetId());
                }
                if (i.vpcId() != null) {
                    vpcIds.add(i.vpcId());
                }
                i.securityGroups().forEach(g -> groupIds.add(g.groupId()));
            }
            first.loadBalancing().loadBalancers().toOptional().orElse(Map.of()).values().forEach(lb -> {
                lb.availabilityZones().stream().map(z -> z.subnetId()).filter(Objects::nonNull).forEach(subnetIds::add);
                groupIds.addAll(lb.securityGroups());
            });
            requests.forEach(r -> first.service(r).ifPresent(s -> {
                if (s.networkConfiguration() != null && s.networkConfiguration().awsvpcConfiguration() != null) {
                    groupIds.addAll(s.networkConfiguration().awsvpcConfiguration().securityGroups());
                }
            }));
            if (!subnetIds.isEmpty()) {
                reads.subnets = calls.leaf(() -> ec2.subnets(subnetIds));
            }
            if (!groupIds.isEmpty()) {
                reads.securityGroups = calls.leaf(() -> ec2.securityGroups(groupIds));
            }
            for (String vpc : vpcIds) {
                reads.vpcs.put(vpc, new VpcReads(calls.leaf(() -> ec2.routeTables(vpc)),
                        calls.leaf(() -> ec2.networkAcls(vpc)), calls.leaf(() -> ec2.natGateways(vpc)),
                        calls.leaf(() -> ec2.vpcEndpoints(vpc))));
            }
            Set<String> quotaCodes = new LinkedHashSet<>();
            instances.forEach(i -> InstanceFamilies.quotaFor(i.instanceTypeAsString())
                    .ifPresent(q -> quotaCodes.add(q.quotaCode())));
            for (String code : quotaCodes) {
                reads.vcpuQuotas.put(code, calls.leaf(() -> quotas.vcpuQuota(code)));
            }
            for (Instance i : instances) {
                reads.userData.put(i.instanceId(), calls.leaf(() -> ec2.userData(i.instanceId())));
            }
            return reads;
        }
    }

    /**
     * The reads of the second phase as they were started (by one thread); their facts once the
     * phase has awaited them. What was not started stays as today's default: nothing to read.
     */
    private static final class InstanceReads {
        private final Fact<Map<String, Instance>> describedById;
        private final Map<String, CompletableFuture<Fact<RoleFacts>>> roles = new LinkedHashMap<>();
        private CompletableFuture<Fact<Map<String, InstanceTypeInfo>>> instanceTypes = nothing(Map.of());
        private CompletableFuture<Fact<Map<String, List<String>>>> offerings = nothing(Map.of());
        private CompletableFuture<Map<String, Fact<ImageFacts>>> images = CompletableFuture.completedFuture(Map.of());
        private CompletableFuture<Fact<Map<String, SubnetFacts>>> subnets = nothing(Map.of());
        private CompletableFuture<Fact<Map<String, SecurityGroupFacts>>> securityGroups = nothing(Map.of());
        private final Map<String, VpcReads> vpcs = new LinkedHashMap<>();
        private final Map<String, CompletableFuture<Fact<VcpuQuota>>> vcpuQuotas = new LinkedHashMap<>();
        private final Map<String, CompletableFuture<Fact<UserData>>> userData = new LinkedHashMap<>();

        InstanceReads(Fact<Map<String, Instance>> describedById) {
            this.describedById = describedById;
        }

        private static <T> CompletableFuture<Fact<T>> nothing(T empty) {
            return CompletableFuture.completedFuture(Fact.known(empty));
        }

        InstanceResourceFacts facts(Fact<Map<String, ContainerInstanceFacts>> otherClusterInstances) {
            Map<String, VpcFacts> vpcFacts = new LinkedHashMap<>();
            vpcs.forEach((vpc, reads) -> vpcFacts.put(vpc, reads.facts()));
            return new InstanceResourceFacts(describedById, otherClusterInstances, ParallelCalls.joined(roles),
                    instanceTypes.join(), offerings.join(), images.join(), subnets.join(), securityGroups.join(),
                    vpcFacts, ParallelCalls.joined(vcpuQuotas), ParallelCalls.joined(userData));
        }
    }

    /** The four network reads of one VPC. */
    private record VpcReads(CompletableFuture<Fact<List<RouteTable>>> routeTables,
            CompletableFuture<Fact<List<NetworkAcl>>> networkAcls,
            CompletableFuture<Fact<List<NatGatewayFacts>>> natGateways,
            CompletableFuture<Fact<List<VpcEndpointFacts>>> vpcEndpoints) {

        VpcFacts facts() {
            return new VpcFacts(routeTables.join(), networkAcls.join(), natGateways.join(), vpcEndpoints.join());
        }
    }
}
