package dev.gpunotebook.core.aws;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.diagnose.snapshot.CallerIdentity;
import dev.gpunotebook.core.diagnose.snapshot.ContainerInstanceFacts;
import dev.gpunotebook.core.diagnose.snapshot.DiagnosisTarget;
import dev.gpunotebook.core.diagnose.snapshot.Fact;
import dev.gpunotebook.core.diagnose.snapshot.GpuProbeFacts;
import dev.gpunotebook.core.diagnose.snapshot.GpuProbeLine;
import dev.gpunotebook.core.diagnose.snapshot.ImageFacts;
import dev.gpunotebook.core.diagnose.snapshot.InstanceFacts;
import dev.gpunotebook.core.diagnose.snapshot.InstanceTypeFacts;
import dev.gpunotebook.core.diagnose.snapshot.JupyterProbe;
import dev.gpunotebook.core.diagnose.snapshot.ListenerFacts;
import dev.gpunotebook.core.diagnose.snapshot.NatGatewayFacts;
import dev.gpunotebook.core.diagnose.snapshot.RoleFacts;
import dev.gpunotebook.core.diagnose.snapshot.RuleFacts;
import dev.gpunotebook.core.diagnose.snapshot.SecurityGroupFacts;
import dev.gpunotebook.core.diagnose.snapshot.ServiceFacts;
import dev.gpunotebook.core.diagnose.snapshot.Snapshot;
import dev.gpunotebook.core.diagnose.snapshot.SubnetFacts;
import dev.gpunotebook.core.diagnose.snapshot.TargetHealthFacts;
import dev.gpunotebook.core.diagnose.snapshot.TaskFacts;
import dev.gpunotebook.core.diagnose.snapshot.UserData;
import dev.gpunotebook.core.diagnose.snapshot.VcpuQuota;
import dev.gpunotebook.core.diagnose.snapshot.VpcEndpointFacts;
import dev.gpunotebook.core.model.InstanceFamilies;
import dev.gpunotebook.core.model.Tags;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ec2.model.LocationType;
import software.amazon.awssdk.services.ec2.model.NetworkAcl;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
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

    /** The probe in the notebook image logs this marker; FilterLogEvents matches it. */
    static final String GPU_PROBE_PATTERN = GpuProbeLine.MARKER;
    private static final int PARALLEL_CALLS = 16;
    private static final Pattern ATTRIBUTE_CONSTRAINT = Pattern.compile(
            "attribute:([A-Za-z0-9_.:-]+)\\s*==\\s*['\"]?([^'\"\\s)]+)['\"]?");
    private static final Pattern JUPYTER_VERSION = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"");
    private static final List<String> STATE_PREFERENCE = List.of("running", "pending", "stopping", "stopped",
            "shutting-down", "terminated");
    /** The states one DescribeInstances reads account-wide (for the quota); the other read takes the rest. */
    private static final List<String> RUNNING_STATES = List.of("pending", "running");
    private static final List<String> NOT_RUNNING_STATES = List.of("stopping", "stopped", "shutting-down", "terminated");

    /** What to diagnose: a service of a cluster; {@code notebook} and {@code environment} for a stack made by start. */
    public record Request(String cluster, String service, String notebook, String environment) {
        public Request {
            if (cluster == null || cluster.isBlank() || service == null || service.isBlank()) {
                throw new IllegalArgumentException("a diagnosis needs a cluster and a service");
            }
            cluster = shortName(cluster, "cluster/");
            service = shortName(service, "service/");
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
    private final HttpClient http;
    private final Duration httpTimeout;

    AwsSnapshotCollector(String region, Clients aws, ApiCallCounter counter, Duration httpTimeout) {
        this.region = region;
        this.aws = aws;
        this.counter = counter;
        this.httpTimeout = httpTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(httpTimeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * The notebook services of an environment's cluster: services named {@code notebook-NAME}
     * (ListServices). Empty when the cluster has none.
     */
    public List<String> notebookServices(String cluster) {
        try {
            List<String> names = new ArrayList<>();
            aws.ecs().listServicesPaginator(r -> r.cluster(cluster)).serviceArns()
                    .forEach(arn -> names.add(shortName(arn, "service/")));
            return names.stream().filter(n -> n.startsWith("notebook-")).sorted().toList();
        } catch (SdkException e) {
            Fact<List<String>> failed = FactCalls.failure("ecs:ListServices", "cluster " + cluster, e);
            throw GpuNotebookException.of(GpuNotebookException.Reason.AWS, "Could not list the notebooks of cluster "
                    + cluster + ": " + failed.describe() + ". Name the notebook: diagnose NAME.", e);
        }
    }

    /** One snapshot per request, in the same order. */
    public List<Snapshot> collect(List<Request> requests) {
        if (requests.isEmpty()) {
            return List.of();
        }
        long started = System.nanoTime();
        int callsBefore = counter.count();
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_CALLS, r -> {
            Thread t = new Thread(r, "gpu-notebook-diagnose-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ExecutorService batchPool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "gpu-notebook-diagnose-batch-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            Run run = new Run(requests, pool, batchPool);
            run.collect();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            int calls = counter.count() - callsBefore;
            return run.snapshots(calls, elapsed);
        } finally {
            pool.shutdownNow();
            batchPool.shutdownNow();
        }
    }

    /** One collection: the facts per kind of resource, read in phases. */
    private final class Run {
        private final List<Request> requests;
        private final ExecutorService pool;
        /** For the batches a leaf fans out (DescribeServices by 10): never the leaves' own pool, so no leaf waits on it. */
        private final ExecutorService batchPool;
        private final java.util.Queue<CompletableFuture<?>> pending = new java.util.concurrent.ConcurrentLinkedQueue<>();

        private Fact<CallerIdentity> caller;
        private final Map<String, Fact<Map<String, Service>>> servicesByCluster = new LinkedHashMap<>();
        private final Map<String, Fact<List<ContainerInstance>>> containerInstancesByCluster = new LinkedHashMap<>();
        private final Map<String, Fact<List<Task>>> tasksByCluster = new LinkedHashMap<>();
        private Fact<List<Instance>> taggedInstances = Fact.known(List.of());
        private Fact<List<Instance>> notRunningTagged = Fact.known(List.of());
        private Fact<List<Instance>> runningInstances;
        private final Map<String, Fact<TaskDefinition>> taskDefinitions = new HashMap<>();
        private Fact<Map<String, TargetGroup>> targetGroups = Fact.known(Map.of());
        private Fact<Map<String, LoadBalancer>> loadBalancers = Fact.known(Map.of());
        private final Map<String, Fact<List<ListenerFacts>>> listenersByLb = new HashMap<>();
        private final Map<String, Fact<List<TargetHealthFacts>>> healthByTg = new HashMap<>();
        private final Map<Request, Fact<String>> instanceIdByRequest = new HashMap<>();
        /** How each request's instance was found, in words (resolution runs on the collecting thread). */
        private final Map<Request, String> instanceFoundBy = new HashMap<>();
        private Fact<Map<String, Instance>> describedInstances = Fact.known(Map.of());
        private Fact<Map<String, ContainerInstanceFacts>> otherClusterInstances = Fact.known(Map.of());
        private final Map<String, Fact<UserData>> userData = new HashMap<>();
        private Fact<Map<String, InstanceTypeInfo>> instanceTypes = Fact.known(Map.of());
        private Fact<Map<String, List<String>>> offerings = Fact.known(Map.of());
        private final Map<String, Fact<ImageFacts>> images = new HashMap<>();
        private Fact<Map<String, SubnetFacts>> subnets = Fact.known(Map.of());
        private final Map<String, Fact<List<RouteTable>>> routeTablesByVpc = new HashMap<>();
        private final Map<String, Fact<List<NetworkAcl>>> aclsByVpc = new HashMap<>();
        private final Map<String, Fact<List<NatGatewayFacts>>> natsByVpc = new HashMap<>();
        private final Map<String, Fact<List<VpcEndpointFacts>>> endpointsByVpc = new HashMap<>();
        private Fact<Map<String, SecurityGroupFacts>> securityGroups = Fact.known(Map.of());
        private final Map<String, Fact<RoleFacts>> roles = new HashMap<>();
        private final Map<String, Fact<VcpuQuota>> quotas = new HashMap<>();
        private final Map<Request, Fact<GpuProbeFacts>> gpuProbes = new HashMap<>();
        private final Map<Request, Fact<JupyterProbe>> jupyterProbes = new HashMap<>();
        private final Set<String> startedReads = java.util.concurrent.ConcurrentHashMap.newKeySet();

        Run(List<Request> requests, ExecutorService pool, ExecutorService batchPool) {
            this.requests = List.copyOf(requests);
            this.pool = pool;
            this.batchPool = batchPool;
        }

        private void async(Runnable leaf) {
            pending.add(CompletableFuture.runAsync(leaf, pool));
        }

        /**
         * Waits for the calls of the phase, including those that calls of the phase started; a
         * refused credential ends the collection.
         */
        private void awaitPhase() {
            try {
                for (CompletableFuture<?> next = pending.poll(); next != null; next = pending.poll()) {
                    next.join();
                }
            } catch (CompletionException e) {
                pending.clear();
                Throwable cause = e.getCause() == null ? e : e.getCause();
                if (cause instanceof GpuNotebookException gne) {
                    throw gne;
                }
                throw FactCalls.unexpected("the AWS facts", cause);
            }
        }

        void collect() {
            Set<String> clusters = new LinkedHashSet<>();
            requests.forEach(r -> clusters.add(r.cluster()));

            // Phase 1: what the targets name directly.
            async(() -> caller = FactCalls.fact("sts:GetCallerIdentity", "the caller identity", () -> {
                var id = aws.sts().getCallerIdentity();
                return new CallerIdentity(id.account(), id.arn());
            }));
            AtomicInteger clustersToDescribe = new AtomicInteger(clusters.size());
            for (String cluster : clusters) {
                List<String> services = requests.stream().filter(r -> r.cluster().equals(cluster))
                        .map(Request::service).distinct().toList();
                async(() -> {
                    Fact<Map<String, Service>> described = describeServices(cluster, services);
                    put(servicesByCluster, cluster, described);
                    described.toOptional().ifPresent(found -> found.values().forEach(this::readWhatTheServiceNames));
                    if (clustersToDescribe.decrementAndGet() == 0) {
                        readTheLoadBalancers();
                    }
                });
                async(() -> put(containerInstancesByCluster, cluster, containerInstances(cluster)));
                async(() -> put(tasksByCluster, cluster, tasks(cluster)));
            }
            Set<String> environments = new LinkedHashSet<>();
            requests.stream().filter(r -> r.notebook() != null && r.environment() != null)
                    .forEach(r -> environments.add(r.environment()));
            // Two disjoint reads, so no instance is read twice: every running one (for the quota), and the
            // environment's others (a stopped or terminated notebook instance is explained, not lost).
            if (!environments.isEmpty()) {
                async(() -> notRunningTagged = describeInstances("ec2:DescribeInstances", List.of(
                        Filter.builder().name("tag:" + Tags.ENV).values(environments).build(),
                        Filter.builder().name("instance-state-name").values(NOT_RUNNING_STATES).build())));
            }
            async(() -> runningInstances = describeInstances("ec2:DescribeInstances",
                    List.of(Filter.builder().name("instance-state-name").values(RUNNING_STATES).build())));
            awaitPhase();
            taggedInstances = environments.isEmpty() ? Fact.known(List.of())
                    : taggedIn(environments, notRunningTagged, runningInstances);

            // Phase 2: which instance runs (or should run) each service; the instances themselves.
            for (Request r : requests) {
                instanceIdByRequest.put(r, resolveInstance(r));
            }
            Set<String> known = new LinkedHashSet<>();
            taggedInstances.toOptional().orElse(List.of()).forEach(i -> known.add(i.instanceId()));
            runningInstances.toOptional().orElse(List.of()).forEach(i -> known.add(i.instanceId()));
            Set<String> toDescribe = new LinkedHashSet<>();
            Set<String> unregistered = new LinkedHashSet<>();
            for (Request r : requests) {
                instanceIdByRequest.get(r).toOptional().ifPresent(id -> {
                    if (!known.contains(id)) {
                        toDescribe.add(id);
                    }
                    if (containerInstanceIn(r.cluster(), id).isEmpty()) {
                        unregistered.add(id);
                    }
                });
            }
            if (toDescribe.isEmpty()) {
                readWhatTheInstancesName();
            } else {
                // An instance that neither read had (a stopped one of a hand-built stack): what it names is read next.
                async(() -> {
                    describedInstances = describeInstances("ec2:DescribeInstances",
                            List.of(Filter.builder().name("instance-id").values(toDescribe).build()))
                            .map(AwsSnapshotCollector::byId);
                    readWhatTheInstancesName();
                });
            }
            if (!unregistered.isEmpty()) {
                async(() -> otherClusterInstances = findInOtherClusters(clusters, unregistered));
            }
            for (Request r : requests) {
                // Not on the pool: a load balancer that does not answer would hold a thread for the whole timeout.
                pending.add(jupyter(r).thenAccept(probe -> put(jupyterProbes, r, probe)));
                async(() -> put(gpuProbes, r, gpuProbe(r)));
            }
            awaitPhase();
        }

        /** Everything the instances, load balancers and services point at, each kind once. */
        private void readWhatTheInstancesName() {
            List<Instance> instances = requests.stream().map(this::instance).flatMap(Optional::stream).distinct().toList();
            // The pool takes reads in order: the role's chain of calls first, the one-per-instance reads last.
            Set<String> profiles = new LinkedHashSet<>();
            instances.forEach(i -> {
                if (i.iamInstanceProfile() != null && i.iamInstanceProfile().arn() != null) {
                    profiles.add(i.iamInstanceProfile().arn());
                }
            });
            for (String profile : profiles) {
                async(() -> put(roles, profile, role(profile)));
            }
            Set<String> types = new LinkedHashSet<>();
            instances.forEach(i -> types.add(i.instanceTypeAsString()));
            runningInstances.toOptional().orElse(List.of()).forEach(i -> types.add(i.instanceTypeAsString()));
            if (!types.isEmpty()) {
                async(() -> instanceTypes = describeInstanceTypes(types));
                Set<String> targetTypes = new LinkedHashSet<>();
                instances.forEach(i -> targetTypes.add(i.instanceTypeAsString()));
                async(() -> offerings = FactCalls.fact("ec2:DescribeInstanceTypeOfferings", "instance type offerings",
                        () -> {
                            Map<String, List<String>> zones = new HashMap<>();
                            aws.ec2().describeInstanceTypeOfferingsPaginator(x -> x.locationType(
                                    LocationType.AVAILABILITY_ZONE).filters(Filter.builder().name("instance-type")
                                            .values(targetTypes).build())).instanceTypeOfferings()
                                    .forEach(o -> zones.computeIfAbsent(o.instanceTypeAsString(), k -> new ArrayList<>())
                                            .add(o.location()));
                            return zones;
                        }));
            }
            Set<String> imageIds = new LinkedHashSet<>();
            instances.forEach(i -> imageIds.add(i.imageId()));
            if (!imageIds.isEmpty()) {
                async(() -> describeImages(imageIds));
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
            loadBalancers.toOptional().orElse(Map.of()).values().forEach(lb -> {
                lb.availabilityZones().stream().map(z -> z.subnetId()).filter(Objects::nonNull).forEach(subnetIds::add);
                groupIds.addAll(lb.securityGroups());
            });
            requests.forEach(r -> service(r).ifPresent(s -> {
                if (s.networkConfiguration() != null && s.networkConfiguration().awsvpcConfiguration() != null) {
                    groupIds.addAll(s.networkConfiguration().awsvpcConfiguration().securityGroups());
                }
            }));
            if (!subnetIds.isEmpty()) {
                async(() -> subnets = FactCalls.fact("ec2:DescribeSubnets", "subnets", () -> {
                    Map<String, SubnetFacts> found = new HashMap<>();
                    aws.ec2().describeSubnetsPaginator(x -> x.subnetIds(subnetIds)).subnets()
                            .forEach(s -> found.put(s.subnetId(), SnapshotMapping.subnet(s)));
                    return found;
                }));
            }
            if (!groupIds.isEmpty()) {
                async(() -> securityGroups = FactCalls.fact("ec2:DescribeSecurityGroups", "security groups", () -> {
                    Map<String, SecurityGroupFacts> found = new LinkedHashMap<>();
                    aws.ec2().describeSecurityGroupsPaginator(x -> x.groupIds(groupIds)).securityGroups()
                            .forEach(g -> found.put(g.groupId(), SnapshotMapping.securityGroup(g)));
                    return found;
                }));
            }
            for (String vpc : vpcIds) {
                List<Filter> byVpc = List.of(Filter.builder().name("vpc-id").values(vpc).build());
                async(() -> put(routeTablesByVpc, vpc, FactCalls.fact("ec2:DescribeRouteTables", "route tables of " + vpc,
                        () -> aws.ec2().describeRouteTablesPaginator(x -> x.filters(byVpc)).routeTables().stream()
                                .toList())));
                async(() -> put(aclsByVpc, vpc, FactCalls.fact("ec2:DescribeNetworkAcls", "network ACLs of " + vpc,
                        () -> aws.ec2().describeNetworkAclsPaginator(x -> x.filters(byVpc)).networkAcls().stream()
                                .toList())));
                async(() -> put(natsByVpc, vpc, FactCalls.fact("ec2:DescribeNatGateways", "NAT gateways of " + vpc,
                        () -> aws.ec2().describeNatGatewaysPaginator(x -> x.filter(byVpc)).natGateways().stream()
                                .map(SnapshotMapping::natGateway).toList())));
                async(() -> put(endpointsByVpc, vpc, FactCalls.fact("ec2:DescribeVpcEndpoints", "VPC endpoints of " + vpc,
                        () -> aws.ec2().describeVpcEndpointsPaginator(x -> x.filters(byVpc)).vpcEndpoints().stream()
                                .map(SnapshotMapping::vpcEndpoint).toList())));
            }
            Set<String> quotaCodes = new LinkedHashSet<>();
            instances.forEach(i -> InstanceFamilies.quotaFor(i.instanceTypeAsString())
                    .ifPresent(q -> quotaCodes.add(q.quotaCode())));
            for (String code : quotaCodes) {
                async(() -> put(quotas, code, FactCalls.fact("servicequotas:GetServiceQuota", "quota " + code, () -> {
                    var quota = aws.quotas().getServiceQuota(x -> x.serviceCode("ec2").quotaCode(code)).quota();
                    return new VcpuQuota(quota.quotaCode(), quota.quotaName(), quota.value());
                })));
            }
            for (Instance i : instances) {
                async(() -> put(userData, i.instanceId(), FactCalls.fact("ec2:DescribeInstanceAttribute",
                        "the user data of " + i.instanceId(), () -> {
                            var value = aws.ec2().describeInstanceAttribute(x -> x.instanceId(i.instanceId())
                                    .attribute(InstanceAttributeName.USER_DATA)).userData();
                            return value == null || value.value() == null ? UserData.of(new byte[0])
                                    : UserData.fromBase64(value.value());
                        })));
            }
        }

        // ---- phase helpers (each runs on the pool and waits for nothing but the unbounded batch pool) ----

        /**
         * Starts the chain of load balancer reads for the target groups of every service, once all
         * services are known: one DescribeTargetGroups for all of them, so it waits for the last cluster.
         */
        private void readTheLoadBalancers() {
            Set<String> targetGroupArns = new LinkedHashSet<>();
            synchronized (servicesByCluster) {
                for (Request r : requests) {
                    targetGroupArn(r).ifPresent(targetGroupArns::add);
                }
            }
            if (!targetGroupArns.isEmpty()) {
                // A chain of four calls on the critical path: not queued behind the per-notebook reads.
                pending.add(CompletableFuture.runAsync(() -> loadBalancerChain(targetGroupArns), batchPool));
            }
        }

        /** Starts the reads of a service's task definition and target health, once per ARN. */
        private void readWhatTheServiceNames(Service service) {
            String td = service.taskDefinition();
            if (td != null && startedReads.add("td:" + td)) {
                async(() -> put(taskDefinitions, td, FactCalls.fact("ecs:DescribeTaskDefinition", "task definition " + td,
                        () -> aws.ecs().describeTaskDefinition(x -> x.taskDefinition(td)).taskDefinition())));
            }
            service.loadBalancers().stream().map(lb -> lb.targetGroupArn()).filter(Objects::nonNull).findFirst()
                    .filter(tg -> startedReads.add("tg:" + tg))
                    .ifPresent(tg -> async(() -> put(healthByTg, tg, FactCalls.fact(
                            "elasticloadbalancing:DescribeTargetHealth", "target group " + tg,
                            () -> aws.elb().describeTargetHealth(x -> x.targetGroupArn(tg)).targetHealthDescriptions()
                                    .stream().map(SnapshotMapping::targetHealth).toList()))));
        }

        /** DescribeServices by 10, the batches in parallel (this runs on the pool: the batches use their own threads). */
        private Fact<Map<String, Service>> describeServices(String cluster, List<String> services) {
            List<CompletableFuture<Fact<List<Service>>>> batches = new ArrayList<>();
            for (int from = 0; from < services.size(); from += 10) {
                List<String> batch = services.subList(from, Math.min(services.size(), from + 10));
                batches.add(CompletableFuture.supplyAsync(() -> FactCalls.fact("ecs:DescribeServices", "cluster " + cluster,
                        () -> aws.ecs().describeServices(x -> x.cluster(cluster).services(batch)).services()), batchPool));
            }
            List<Fact<List<Service>>> answers = joinAll(batches);
            Map<String, Service> found = new LinkedHashMap<>();
            for (Fact<List<Service>> described : answers) {
                if (!described.isKnown()) {
                    return FactCalls.carry(described, "cluster " + cluster);
                }
                described.toOptional().orElseThrow().forEach(s -> found.put(s.serviceName(), s));
            }
            return Fact.known(found);
        }

        private Fact<List<ContainerInstance>> containerInstances(String cluster) {
            Fact<List<String>> arns = FactCalls.fact("ecs:ListContainerInstances", "cluster " + cluster, () -> {
                List<String> list = new ArrayList<>();
                aws.ecs().listContainerInstancesPaginator(x -> x.cluster(cluster)).containerInstanceArns()
                        .forEach(list::add);
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
            for (int from = 0; from < arns.size(); from += 100) {
                List<String> batch = arns.subList(from, Math.min(arns.size(), from + 100));
                Fact<List<ContainerInstance>> described = FactCalls.fact("ecs:DescribeContainerInstances",
                        "container instances of " + cluster, () -> aws.ecs().describeContainerInstances(
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
        private Fact<List<Task>> tasks(String cluster) {
            List<CompletableFuture<Fact<List<String>>>> lists = new ArrayList<>();
            for (DesiredStatus status : List.of(DesiredStatus.RUNNING, DesiredStatus.STOPPED)) {
                lists.add(CompletableFuture.supplyAsync(() -> FactCalls.fact("ecs:ListTasks", "cluster " + cluster, () -> {
                    List<String> list = new ArrayList<>();
                    aws.ecs().listTasksPaginator(x -> x.cluster(cluster).desiredStatus(status)).taskArns()
                            .forEach(list::add);
                    return list;
                }), batchPool));
            }
            List<String> arns = new ArrayList<>();
            for (Fact<List<String>> listed : joinAll(lists)) {
                if (!listed.isKnown()) {
                    return FactCalls.carry(listed, "cluster " + cluster);
                }
                listed.toOptional().orElseThrow().stream().filter(a -> !arns.contains(a)).forEach(arns::add);
            }
            List<Task> all = new ArrayList<>();
            for (int from = 0; from < arns.size(); from += 100) {
                List<String> batch = arns.subList(from, Math.min(arns.size(), from + 100));
                Fact<List<Task>> described = FactCalls.fact("ecs:DescribeTasks", "tasks of " + cluster,
                        () -> aws.ecs().describeTasks(x -> x.cluster(cluster).tasks(batch)).tasks());
                if (!described.isKnown()) {
                    return described;
                }
                all.addAll(described.toOptional().orElseThrow());
            }
            return Fact.known(all);
        }

        private Fact<List<Instance>> describeInstances(String action, List<Filter> filters) {
            return FactCalls.fact(action, "instances", () -> aws.ec2().describeInstancesPaginator(x -> x.filters(filters))
                    .reservations().stream().flatMap(r -> r.instances().stream()).toList());
        }

        /** Target groups, then their load balancers, then listeners and their rules: one chain of calls. */
        private void loadBalancerChain(Set<String> targetGroupArns) {
            Map<String, TargetGroup> tgs = new LinkedHashMap<>();
            Fact<List<TargetGroup>> batch = FactCalls.fact("elasticloadbalancing:DescribeTargetGroups", "target groups",
                    () -> aws.elb().describeTargetGroups(x -> x.targetGroupArns(targetGroupArns)).targetGroups());
            if (batch instanceof Fact.Missing<?> && targetGroupArns.size() > 1) {
                // One missing group fails the whole batch: ask for each so the others are still read.
                for (String arn : targetGroupArns) {
                    FactCalls.fact("elasticloadbalancing:DescribeTargetGroups", "target group " + arn,
                            () -> aws.elb().describeTargetGroups(x -> x.targetGroupArns(arn)).targetGroups())
                            .toOptional().ifPresent(list -> list.forEach(tg -> tgs.put(tg.targetGroupArn(), tg)));
                }
                targetGroups = Fact.known(tgs);
            } else if (!batch.isKnown()) {
                targetGroups = batch instanceof Fact.Missing<?> ? Fact.known(Map.of()) : FactCalls.carry(batch, "");
                return;
            } else {
                batch.toOptional().orElseThrow().forEach(tg -> tgs.put(tg.targetGroupArn(), tg));
                targetGroups = Fact.known(tgs);
            }
            Set<String> lbArns = new LinkedHashSet<>();
            tgs.values().forEach(tg -> lbArns.addAll(tg.loadBalancerArns()));
            if (lbArns.isEmpty()) {
                return;
            }
            Fact<List<LoadBalancer>> lbs = FactCalls.fact("elasticloadbalancing:DescribeLoadBalancers", "load balancers",
                    () -> aws.elb().describeLoadBalancers(x -> x.loadBalancerArns(lbArns)).loadBalancers());
            if (!lbs.isKnown()) {
                loadBalancers = lbs instanceof Fact.Missing<?> ? Fact.known(Map.of()) : FactCalls.carry(lbs, "");
                return;
            }
            Map<String, LoadBalancer> byArn = new LinkedHashMap<>();
            lbs.toOptional().orElseThrow().forEach(lb -> byArn.put(lb.loadBalancerArn(), lb));
            loadBalancers = Fact.known(byArn);
            for (String lbArn : byArn.keySet()) {
                Fact<List<Listener>> listeners = FactCalls.fact("elasticloadbalancing:DescribeListeners",
                        "listeners of " + lbArn, () -> aws.elb().describeListenersPaginator(x -> x.loadBalancerArn(lbArn))
                                .listeners().stream().toList());
                if (!listeners.isKnown()) {
                    put(listenersByLb, lbArn, FactCalls.carry(listeners, "listeners of " + lbArn));
                    continue;
                }
                List<ListenerFacts> withRules = new ArrayList<>();
                Fact<List<ListenerFacts>> result = null;
                for (Listener listener : listeners.toOptional().orElseThrow()) {
                    Fact<List<Rule>> rules = FactCalls.fact("elasticloadbalancing:DescribeRules",
                            "rules of " + listener.listenerArn(), () -> aws.elb().describeRules(
                                    x -> x.listenerArn(listener.listenerArn())).rules());
                    if (!rules.isKnown()) {
                        result = FactCalls.carry(rules, "rules");
                        break;
                    }
                    withRules.add(SnapshotMapping.listener(listener, rules.toOptional().orElseThrow()));
                }
                put(listenersByLb, lbArn, result != null ? result : Fact.known(withRules));
            }
        }

        /** Instances registered into a cluster other than their service's (e.g. {@code default}). */
        private Fact<Map<String, ContainerInstanceFacts>> findInOtherClusters(Set<String> targetClusters,
                Set<String> ec2Ids) {
            Fact<List<String>> clusters = FactCalls.fact("ecs:ListClusters", "clusters", () -> {
                List<String> list = new ArrayList<>();
                aws.ecs().listClustersPaginator(x -> { }).clusterArns().forEach(list::add);
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

        private Fact<Map<String, InstanceTypeInfo>> describeInstanceTypes(Set<String> types) {
            Fact<List<InstanceTypeInfo>> all = FactCalls.fact("ec2:DescribeInstanceTypes", "instance types",
                    () -> aws.ec2().describeInstanceTypesPaginator(x -> x.instanceTypesWithStrings(types)).instanceTypes()
                            .stream().toList());
            if (all.isKnown()) {
                return all.map(AwsSnapshotCollector::byType);
            }
            if (!(all instanceof Fact.Missing<?>) || types.size() == 1) {
                return all instanceof Fact.Missing<?> ? Fact.known(Map.of()) : FactCalls.carry(all, "instance types");
            }
            Map<String, InstanceTypeInfo> found = new HashMap<>();
            for (String type : types) {
                FactCalls.fact("ec2:DescribeInstanceTypes", "instance type " + type,
                        () -> aws.ec2().describeInstanceTypes(x -> x.instanceTypesWithStrings(type)).instanceTypes())
                        .toOptional().ifPresent(list -> list.forEach(t -> found.put(t.instanceTypeAsString(), t)));
            }
            return Fact.known(found);
        }

        private void describeImages(Set<String> imageIds) {
            Fact<List<Image>> all = FactCalls.fact("ec2:DescribeImages", "images",
                    () -> aws.ec2().describeImages(x -> x.imageIds(imageIds)).images());
            if (all.isKnown() || !(all instanceof Fact.Missing<?>) || imageIds.size() == 1) {
                for (String id : imageIds) {
                    Fact<ImageFacts> fact = all.isKnown() ? all.toOptional().orElseThrow().stream()
                            .filter(i -> id.equals(i.imageId())).findFirst().map(SnapshotMapping::image)
                            .<Fact<ImageFacts>>map(Fact::known).orElse(Fact.missing("AMI " + id))
                            : FactCalls.carry(all, "AMI " + id);
                    put(images, id, fact);
                }
                return;
            }
            for (String id : imageIds) {
                put(images, id, FactCalls.fact("ec2:DescribeImages", "AMI " + id,
                        () -> aws.ec2().describeImages(x -> x.imageIds(id)).images().stream().findFirst()
                                .map(SnapshotMapping::image).orElse(null)));
            }
        }

        private Fact<RoleFacts> role(String profileArn) {
            String profileName = profileArn.substring(profileArn.lastIndexOf('/') + 1);
            Fact<InstanceProfile> profile = FactCalls.fact("iam:GetInstanceProfile", "instance profile " + profileName,
                    () -> aws.iam().getInstanceProfile(x -> x.instanceProfileName(profileName)).instanceProfile());
            if (!profile.isKnown()) {
                return FactCalls.carry(profile, "instance profile " + profileName);
            }
            var roleList = profile.toOptional().orElseThrow().roles();
            if (roleList.isEmpty()) {
                return Fact.missing("a role in instance profile " + profileName);
            }
            var role = roleList.get(0);
            CompletableFuture<Fact<List<String>>> inlineNames = CompletableFuture.supplyAsync(() -> FactCalls.fact(
                    "iam:ListRolePolicies", "inline policies of " + role.roleName(), () -> aws.iam()
                            .listRolePoliciesPaginator(x -> x.roleName(role.roleName())).policyNames().stream()
                            .toList()), batchPool);
            Fact<List<String>> attached = FactCalls.fact("iam:ListAttachedRolePolicies", "policies of " + role.roleName(),
                    () -> aws.iam().listAttachedRolePoliciesPaginator(x -> x.roleName(role.roleName())).attachedPolicies()
                            .stream().map(p -> p.policyArn()).toList());
            Fact<List<String>> inline = inlineNames.join(); // even when not needed: no call outlives the collection
            if (!attached.isKnown()) {
                return FactCalls.carry(attached, "policies of " + role.roleName());
            }
            List<String> actions = new ArrayList<>();
            for (String name : inline.toOptional().orElse(List.of())) {
                FactCalls.fact("iam:GetRolePolicy", "policy " + name, () -> aws.iam().getRolePolicy(
                        x -> x.roleName(role.roleName()).policyName(name)).policyDocument())
                        .toOptional().ifPresent(doc -> actions.addAll(SnapshotMapping.allowedActions(doc)));
            }
            for (String policyArn : attached.toOptional().orElseThrow()) {
                if (policyArn.startsWith("arn:aws:iam::aws:") || policyArn.contains(":iam::aws:policy/")) {
                    continue; // AWS managed: the checks know them by ARN
                }
                FactCalls.fact("iam:GetPolicyVersion", "policy " + policyArn, () -> {
                    String version = aws.iam().getPolicy(x -> x.policyArn(policyArn)).policy().defaultVersionId();
                    return aws.iam().getPolicyVersion(x -> x.policyArn(policyArn).versionId(version)).policyVersion()
                            .document();
                }).toOptional().ifPresent(doc -> actions.addAll(SnapshotMapping.allowedActions(doc)));
            }
            return Fact.known(new RoleFacts(profileArn, role.arn(), attached.toOptional().orElseThrow(), actions));
        }

        /** GET {@code <url>api} of the notebook through its load balancer, with a short timeout; never fails. */
        private CompletableFuture<Fact<JupyterProbe>> jupyter(Request r) {
            Optional<Fact<List<ListenerFacts>>> unreadListeners = loadBalancer(r)
                    .map(lb -> listenersByLb.getOrDefault(lb.loadBalancerArn(), Fact.known(List.of())))
                    .filter(listeners -> !listeners.isKnown());
            if (unreadListeners.isPresent()) {
                return CompletableFuture.completedFuture(FactCalls.carry(unreadListeners.get(), "the listeners"));
            }
            Optional<String> url = notebookApiUrl(r);
            if (url.isEmpty()) {
                return CompletableFuture.completedFuture(Fact.unavailable("no load balancer URL leads to the service "
                        + "(no listener rule forwards to its target group, or each one that does also needs an HTTP "
                        + "header, a source address or a wildcard host that diagnose cannot supply)"));
            }
            HttpRequest request;
            try {
                request = HttpRequest.newBuilder(URI.create(url.get())).timeout(httpTimeout).GET().build();
            } catch (IllegalArgumentException e) {
                return CompletableFuture.completedFuture(Fact.known(new JupyterProbe(url.get(), null, null,
                        "not a URL: " + e.getMessage())));
            }
            // The request's timeout ends when the headers arrive; a body that never ends is bounded here.
            Duration bound = httpTimeout.multipliedBy(2);
            return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .orTimeout(bound.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                    .handle((response, failure) -> {
                        if (failure == null) {
                            Matcher version = JUPYTER_VERSION.matcher(response.body() == null ? "" : response.body());
                            return Fact.known(new JupyterProbe(url.get(), response.statusCode(),
                                    version.find() ? version.group(1) : null, null));
                        }
                        Throwable e = failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause() : failure;
                        String why = e instanceof java.net.http.HttpTimeoutException
                                ? "no answer within " + httpTimeout.toSeconds() + " s"
                                : e instanceof java.util.concurrent.TimeoutException
                                        ? "no complete answer within " + bound.toSeconds() + " s"
                                        : e.getClass().getSimpleName() + (e.getMessage() == null ? ""
                                                : ": " + e.getMessage());
                        return Fact.known(new JupyterProbe(url.get(), null, null, why));
                    });
        }

        private Optional<String> notebookApiUrl(Request r) {
            Optional<String> tg = targetGroupArn(r);
            Optional<LoadBalancer> lb = loadBalancer(r);
            if (tg.isEmpty() || lb.isEmpty()) {
                return Optional.empty();
            }
            List<ListenerFacts> listeners = listenersByLb.getOrDefault(lb.get().loadBalancerArn(),
                    Fact.known(List.of())).toOptional().orElse(List.of());
            for (ListenerFacts listener : listeners) {
                // A rule that only a named host reaches is probed at that host (as people open it); one that
                // needs another condition (a header, a source address) is not probed.
                Optional<RuleFacts> rule = listener.rules().stream()
                        .filter(x -> x.forwardTargetGroupArns().contains(tg.get()) && x.otherConditions().isEmpty()
                                && (x.hostHeaders().isEmpty() || literalHost(x).isPresent()))
                        .min(Comparator.comparingInt(RuleFacts::order));
                if (rule.isEmpty()) {
                    continue;
                }
                String path = rule.get().pathPatterns().stream().findFirst().map(p -> p.replaceAll("[*?].*$", ""))
                        .orElse("/");
                if (!path.endsWith("/")) {
                    path = path + "/";
                }
                boolean https = "HTTPS".equalsIgnoreCase(listener.protocol());
                int defaultPort = https ? 443 : 80;
                String port = listener.port() == defaultPort ? "" : ":" + listener.port();
                String host = literalHost(rule.get()).orElse(lb.get().dnsName());
                return Optional.of((https ? "https://" : "http://") + host + port + path + "api");
            }
            return Optional.empty();
        }

        /** The rule's first host-header value without wildcards, e.g. {@code jupyter.example.com}. */
        private static Optional<String> literalHost(RuleFacts rule) {
            return rule.hostHeaders().stream().filter(h -> h.matches("[A-Za-z0-9.-]+")).findFirst();
        }

        /** The newest GPU_PROBE line of the service's running task (awslogs stream of its container). */
        private Fact<GpuProbeFacts> gpuProbe(Request r) {
            Optional<Service> service = service(r);
            if (service.isEmpty()) {
                return Fact.unavailable("the service could not be read");
            }
            Fact<TaskDefinition> td = taskDefinitions.getOrDefault(service.get().taskDefinition(),
                    Fact.unavailable("no task definition"));
            if (!td.isKnown()) {
                return FactCalls.carry(td, "the task definition");
            }
            Fact<List<TaskFacts>> tasks = tasksOf(r);
            List<TaskFacts> running = tasks.toOptional().orElse(List.of()).stream().filter(TaskFacts::isRunning).toList();
            if (running.isEmpty()) {
                return Fact.missing("a running task, so no " + GPU_PROBE_PATTERN + " line");
            }
            Map<String, List<String>> streamsByGroup = new LinkedHashMap<>();
            for (var container : td.toOptional().orElseThrow().containerDefinitions()) {
                var log = container.logConfiguration();
                if (log == null || !"awslogs".equals(log.logDriverAsString())) {
                    continue;
                }
                String group = log.options().get("awslogs-group");
                String prefix = log.options().get("awslogs-stream-prefix");
                if (group == null || prefix == null) {
                    continue;
                }
                running.forEach(t -> streamsByGroup.computeIfAbsent(group, g -> new ArrayList<>())
                        .add(prefix + "/" + container.name() + "/" + t.id()));
            }
            if (streamsByGroup.isEmpty()) {
                return Fact.unavailable("the task definition sends no container log to CloudWatch Logs (awslogs with "
                        + "awslogs-group and awslogs-stream-prefix)");
            }
            GpuProbeFacts newest = null;
            for (var entry : streamsByGroup.entrySet()) {
                List<String> streams = entry.getValue().subList(0, Math.min(100, entry.getValue().size()));
                Fact<List<FilteredLogEvent>> events = FactCalls.fact("logs:FilterLogEvents", "log group " + entry.getKey(),
                        () -> aws.logs().filterLogEvents(x -> x.logGroupName(entry.getKey()).logStreamNames(streams)
                                .filterPattern(GPU_PROBE_PATTERN)).events());
                if (!events.isKnown()) {
                    return FactCalls.carry(events, "log group " + entry.getKey());
                }
                for (FilteredLogEvent event : events.toOptional().orElseThrow()) {
                    Instant at = event.timestamp() == null ? null : Instant.ofEpochMilli(event.timestamp());
                    Optional<GpuProbeFacts> probe = GpuProbeLine.parse(event.message(), at);
                    if (probe.isPresent() && (newest == null || newest.loggedAt() == null
                            || (at != null && at.isAfter(newest.loggedAt())))) {
                        newest = probe.get();
                    }
                }
            }
            return newest == null ? Fact.missing("a " + GPU_PROBE_PATTERN + " line in the task's log") : Fact.known(newest);
        }

        // ---- resolution: which facts belong to which target ----

        private Optional<Service> service(Request r) {
            return servicesByCluster.getOrDefault(r.cluster(), Fact.known(Map.of())).toOptional()
                    .map(m -> m.get(r.service()));
        }

        private Fact<ServiceFacts> serviceFact(Request r) {
            Fact<Map<String, Service>> all = servicesByCluster.get(r.cluster());
            if (!all.isKnown()) {
                return FactCalls.carry(all, "service " + r.service());
            }
            Service s = all.toOptional().orElseThrow().get(r.service());
            if (s == null || "INACTIVE".equals(s.status())) {
                return Fact.missing("service " + r.service() + " in cluster " + r.cluster());
            }
            return Fact.known(SnapshotMapping.service(s));
        }

        private Fact<List<TaskFacts>> tasksOf(Request r) {
            Fact<List<Task>> all = tasksByCluster.get(r.cluster());
            Optional<Service> service = service(r);
            return all.map(list -> list.stream().filter(t -> belongsTo(t, r, service))
                    .sorted(Comparator.comparing((Task t) -> t.stoppedAt() == null ? Instant.MAX : t.stoppedAt())
                            .reversed())
                    .map(SnapshotMapping::task).toList());
        }

        private boolean belongsTo(Task t, Request r, Optional<Service> service) {
            if (t.group() != null) {
                return t.group().equals("service:" + r.service());
            }
            String startedBy = t.startedBy() == null ? "" : t.startedBy();
            return service.isPresent() && startedBy.startsWith("ecs-svc/")
                    && service.get().deployments().stream().anyMatch(d -> startedBy.equals("ecs-svc/" + d.id()));
        }

        private Optional<ContainerInstance> containerInstanceIn(String cluster, String ec2Id) {
            return containerInstancesByCluster.getOrDefault(cluster, Fact.known(List.of())).toOptional()
                    .orElse(List.of()).stream().filter(ci -> ec2Id.equals(ci.ec2InstanceId())).findFirst();
        }

        /**
         * The instance of the service: of its running task, else of a stopped one, else the one its
         * {@code attribute:X == v} placement constraint selects, else the one tagged with the
         * notebook's name, else a registered instance target of its target group, else the cluster's
         * only container instance, else (no container instance at all) the only GPU instance in its
         * target group's VPC. Unavailable, not missing, when the cluster has several container
         * instances and none of these names one.
         */
        private Fact<String> resolveInstance(Request r) {
            List<ContainerInstance> cis = containerInstancesByCluster.getOrDefault(r.cluster(), Fact.known(List.of()))
                    .toOptional().orElse(List.of());
            Map<String, String> ec2ByArn = new HashMap<>();
            cis.forEach(ci -> ec2ByArn.put(ci.containerInstanceArn(), ci.ec2InstanceId()));
            List<TaskFacts> tasks = tasksOf(r).toOptional().orElse(List.of());
            for (boolean running : List.of(true, false)) {
                Optional<String> fromTask = tasks.stream().filter(t -> t.isRunning() == running)
                        .map(TaskFacts::containerInstanceArn).filter(Objects::nonNull).map(ec2ByArn::get)
                        .filter(Objects::nonNull).findFirst();
                if (fromTask.isPresent()) {
                    return found(r, fromTask.get(), running ? "the instance of the service's running task"
                            : "the instance of the service's last stopped task");
                }
            }
            Optional<Service> service = service(r);
            if (service.isPresent()) {
                for (var constraint : service.get().placementConstraints()) {
                    Matcher m = ATTRIBUTE_CONSTRAINT.matcher(constraint.expression() == null ? "" : constraint.expression());
                    if (m.find()) {
                        Optional<String> match = cis.stream().filter(ci -> ci.attributes().stream().anyMatch(
                                a -> m.group(1).equals(a.name()) && m.group(2).equals(a.value())))
                                .map(ContainerInstance::ec2InstanceId).findFirst();
                        if (match.isPresent()) {
                            return found(r, match.get(), "the container instance that the service's placement "
                                    + "constraint " + constraint.expression() + " selects");
                        }
                    }
                }
            }
            if (r.notebook() != null) {
                if (!taggedInstances.isKnown()) {
                    return FactCalls.carry(taggedInstances, "the notebook's instance");
                }
                Optional<Instance> tagged = taggedInstances.toOptional().orElseThrow().stream()
                        .filter(i -> r.notebook().equals(SnapshotMapping.tag(i, Tags.NOTEBOOK))
                                && r.environment().equals(SnapshotMapping.tag(i, Tags.ENV)))
                        .min(Comparator.comparingInt((Instance i) -> stateRank(i.state().nameAsString()))
                                .thenComparing(i -> i.launchTime() == null ? Instant.MIN : i.launchTime(),
                                        Comparator.reverseOrder()));
                if (tagged.isPresent()) {
                    return found(r, tagged.get().instanceId(), "the instance tagged " + Tags.NOTEBOOK + "="
                            + r.notebook());
                }
            }
            Optional<String> target = targetGroupArn(r).flatMap(tg -> healthByTg.getOrDefault(tg, Fact.known(List.of()))
                    .toOptional()).orElse(List.of()).stream().map(TargetHealthFacts::targetId)
                    .filter(id -> id.startsWith("i-")).findFirst();
            if (target.isPresent()) {
                return found(r, target.get(), "an instance registered in the service's target group");
            }
            boolean serviceExists = service.filter(s -> !"INACTIVE".equals(s.status())).isPresent();
            if (r.notebook() == null && cis.size() == 1 && serviceExists) {
                return found(r, cis.get(0).ec2InstanceId(), "the only container instance of cluster " + r.cluster());
            }
            boolean noContainerInstance = containerInstancesByCluster.getOrDefault(r.cluster(), Fact.known(List.of()))
                    .toOptional().map(List::isEmpty).orElse(false);
            Optional<String> unregistered = r.notebook() == null && noContainerInstance ? loneGpuInstanceInVpc(r)
                    : Optional.empty();
            if (unregistered.isPresent()) {
                return found(r, unregistered.get(), "a guess: cluster " + r.cluster() + " has no container instance, "
                        + "and this is the only running GPU instance in the VPC of the service's target group");
            }
            if (r.notebook() == null && cis.size() > 1) {
                // Not missing: an instance exists, diagnose just cannot tell which one (service.placement still runs).
                return Fact.unavailable("which of the " + cis.size() + " container instances of cluster " + r.cluster()
                        + " should run service " + r.service() + " cannot be told: it runs no task, and no placement "
                        + "constraint or instance target names one");
            }
            return Fact.missing("an EC2 instance for service " + r.service() + " (no task, no placement constraint "
                    + "match, " + (r.notebook() == null ? "" : "no instance tagged " + Tags.NOTEBOOK + "=" + r.notebook()
                    + ", ") + "no instance target in its target group, " + cis.size()
                    + " container instance(s) in the cluster)");
        }

        /**
         * For a cluster without container instances: the only running GPU instance in the VPC of the service's
         * target group, whose agent never registered here (into {@code default}, or nowhere).
         */
        private Optional<String> loneGpuInstanceInVpc(Request r) {
            Optional<String> vpc = targetGroupArn(r).flatMap(tg -> targetGroups.toOptional().map(m -> m.get(tg)))
                    .map(TargetGroup::vpcId);
            if (vpc.isEmpty()) {
                return Optional.empty();
            }
            List<String> gpu = runningInstances.toOptional().orElse(List.of()).stream()
                    .filter(i -> vpc.get().equals(i.vpcId()))
                    .filter(i -> !i.instanceTypeAsString().startsWith("vt")) // video transcoding: no GPU
                    .filter(i -> InstanceFamilies.quotaFor(i.instanceTypeAsString())
                            .filter(q -> q.equals(InstanceFamilies.G_AND_VT) || q.equals(InstanceFamilies.P)).isPresent())
                    .map(Instance::instanceId).toList();
            return gpu.size() == 1 ? Optional.of(gpu.get(0)) : Optional.empty();
        }

        private Fact<String> found(Request r, String instanceId, String how) {
            instanceFoundBy.put(r, how);
            return Fact.known(instanceId);
        }

        private Optional<Instance> instance(Request r) {
            Optional<String> id = instanceIdByRequest.get(r).toOptional();
            if (id.isEmpty()) {
                return Optional.empty();
            }
            return Stream2.concat(taggedInstances, runningInstances, describedInstances.map(m -> List.copyOf(m.values())))
                    .filter(i -> id.get().equals(i.instanceId())).findFirst();
        }

        private Fact<InstanceFacts> instanceFact(Request r) {
            Fact<String> id = instanceIdByRequest.get(r);
            if (!id.isKnown()) {
                return FactCalls.carry(id, "the instance");
            }
            Optional<Instance> found = instance(r);
            if (found.isPresent()) {
                return Fact.known(SnapshotMapping.instance(found.get()));
            }
            if (!describedInstances.isKnown()) {
                return FactCalls.carry(describedInstances, "instance " + id.toOptional().orElseThrow());
            }
            return Fact.missing("instance " + id.toOptional().orElseThrow());
        }

        private Optional<String> targetGroupArn(Request r) {
            return service(r).flatMap(s -> s.loadBalancers().stream().map(lb -> lb.targetGroupArn())
                    .filter(Objects::nonNull).findFirst());
        }

        private Optional<LoadBalancer> loadBalancer(Request r) {
            return targetGroupArn(r).flatMap(tg -> targetGroups.toOptional().map(m -> m.get(tg)))
                    .flatMap(tg -> tg.loadBalancerArns().stream().findFirst())
                    .flatMap(arn -> loadBalancers.toOptional().map(m -> m.get(arn)));
        }

        List<Snapshot> snapshots(int apiCalls, Duration elapsed) {
            return requests.stream().map(r -> snapshot(r, apiCalls, elapsed)).toList();
        }

        private Snapshot snapshot(Request r, int apiCalls, Duration elapsed) {
            Snapshot.Builder b = Snapshot.builder(new DiagnosisTarget(r.cluster(), r.service(), r.notebook(), region))
                    .caller(caller).apiCalls(apiCalls).elapsed(elapsed);
            Fact<ServiceFacts> service = serviceFact(r);
            b.service(service);
            Optional<Service> raw = service(r);
            if (service.isKnown() && raw.isPresent()) {
                String tdArn = raw.get().taskDefinition();
                b.taskDefinition(taskDefinitions.getOrDefault(tdArn, Fact.unavailable("not collected"))
                        .map(SnapshotMapping::taskDefinition));
            } else {
                b.taskDefinition(FactCalls.carry(service, "the task definition"));
            }
            b.tasks(service.isKnown() ? tasksOf(r) : FactCalls.carry(service, "the tasks"));
            loadBalancerFacts(r, b, service);

            Fact<InstanceFacts> instance = instanceFact(r);
            b.instance(instance).instanceFoundBy(instance.isKnown() ? instanceFoundBy.get(r) : null);
            Optional<Instance> raw2 = instance(r);
            List<String> lbGroups = loadBalancer(r).map(LoadBalancer::securityGroups).orElse(List.of());
            List<String> awsvpcGroups = service.toOptional().map(ServiceFacts::awsvpcSecurityGroupIds).orElse(List.of());
            if (raw2.isEmpty()) {
                Fact<Object> none = FactCalls.carry(instance.isKnown() ? Fact.missing("the instance") : instance,
                        "the instance");
                b.userData(cast(none)).instanceType(cast(none)).image(cast(none)).instanceRole(cast(none))
                        .containerInstance(cast(none)).instanceSubnet(cast(none)).instanceRouteTable(cast(none))
                        .instanceNetworkAcl(cast(none)).natGateways(cast(none)).vpcEndpoints(cast(none))
                        .vcpuQuota(cast(none)).runningVcpusInQuotaFamily(cast(none));
                b.securityGroups(groups(Stream2.union(lbGroups, awsvpcGroups)));
                return b.build();
            }
            Instance i = raw2.get();
            String type = i.instanceTypeAsString();
            b.userData(userData.getOrDefault(i.instanceId(), Fact.unavailable("not collected")));
            b.instanceType(typeFact(type));
            b.image(images.getOrDefault(i.imageId(), Fact.unavailable("not collected")));
            b.instanceRole(i.iamInstanceProfile() == null || i.iamInstanceProfile().arn() == null
                    ? Fact.missing("an instance profile on " + i.instanceId())
                    : roles.getOrDefault(i.iamInstanceProfile().arn(), Fact.unavailable("not collected")));
            b.containerInstance(containerInstanceFact(r, i.instanceId()));
            Fact<SubnetFacts> subnet = i.subnetId() == null ? Fact.missing("a subnet of " + i.instanceId())
                    : subnets.isKnown() ? Optional.ofNullable(subnets.toOptional().orElseThrow().get(i.subnetId()))
                            .<Fact<SubnetFacts>>map(Fact::known).orElse(Fact.missing("subnet " + i.subnetId()))
                            : FactCalls.carry(subnets, "subnet " + i.subnetId());
            b.instanceSubnet(subnet);
            String vpc = i.vpcId();
            if (vpc != null && i.subnetId() != null) {
                Fact<List<RouteTable>> tables = routeTablesByVpc.getOrDefault(vpc, Fact.unavailable("not collected"));
                b.instanceRouteTable(tables.isKnown() ? SnapshotMapping.routeTableOf(tables.toOptional().orElseThrow(),
                        i.subnetId(), vpc) : FactCalls.carry(tables, "route tables"));
                Fact<List<NetworkAcl>> acls = aclsByVpc.getOrDefault(vpc, Fact.unavailable("not collected"));
                b.instanceNetworkAcl(acls.isKnown() ? SnapshotMapping.networkAclOf(acls.toOptional().orElseThrow(),
                        i.subnetId(), vpc) : FactCalls.carry(acls, "network ACLs"));
                b.natGateways(natsByVpc.getOrDefault(vpc, Fact.unavailable("not collected")));
                b.vpcEndpoints(endpointsByVpc.getOrDefault(vpc, Fact.unavailable("not collected")));
            }
            List<String> instanceGroups = i.securityGroups().stream().map(g -> g.groupId()).toList();
            b.securityGroups(groups(Stream2.union(Stream2.union(instanceGroups, lbGroups), awsvpcGroups)));
            InstanceFamilies.quotaFor(type).ifPresent(q -> {
                b.vcpuQuota(quotas.getOrDefault(q.quotaCode(), Fact.unavailable("not collected")));
                b.runningVcpusInQuotaFamily(runningVcpus(type));
            });
            return b.build();
        }

        private void loadBalancerFacts(Request r, Snapshot.Builder b, Fact<ServiceFacts> service) {
            if (!service.isKnown()) {
                Fact<Object> none = FactCalls.carry(service, "the service's load balancer");
                b.targetGroup(cast(none)).targetHealth(cast(none)).loadBalancer(cast(none)).listeners(cast(none))
                        .loadBalancerSubnets(cast(none)).jupyter(cast(none)).gpuProbe(gpuProbes.get(r));
                return;
            }
            b.gpuProbe(gpuProbes.get(r));
            b.jupyter(jupyterProbes.get(r));
            Optional<String> tg = targetGroupArn(r);
            if (tg.isEmpty()) {
                Fact<Object> none = Fact.missing("a load balancer block in service " + r.service());
                b.targetGroup(cast(none)).targetHealth(cast(none)).loadBalancer(cast(none)).listeners(cast(none))
                        .loadBalancerSubnets(cast(none));
                return;
            }
            if (!targetGroups.isKnown()) {
                Fact<Object> none = FactCalls.carry(targetGroups, "the target group");
                b.targetGroup(cast(none)).loadBalancer(cast(none)).listeners(cast(none)).loadBalancerSubnets(cast(none));
            } else {
                TargetGroup group = targetGroups.toOptional().orElseThrow().get(tg.get());
                b.targetGroup(group == null ? Fact.missing("target group " + tg.get())
                        : Fact.known(SnapshotMapping.targetGroup(group)));
                Optional<LoadBalancer> lb = loadBalancer(r);
                if (lb.isPresent()) {
                    b.loadBalancer(Fact.known(SnapshotMapping.loadBalancer(lb.get())));
                    b.listeners(listenersByLb.getOrDefault(lb.get().loadBalancerArn(), Fact.unavailable("not collected")));
                    List<String> lbSubnets = lb.get().availabilityZones().stream().map(z -> z.subnetId())
                            .filter(Objects::nonNull).toList();
                    b.loadBalancerSubnets(subnets.map(m -> lbSubnets.stream().map(m::get).filter(Objects::nonNull)
                            .toList()));
                } else if (!loadBalancers.isKnown()) {
                    Fact<Object> none = FactCalls.carry(loadBalancers, "the load balancer");
                    b.loadBalancer(cast(none)).listeners(cast(none)).loadBalancerSubnets(cast(none));
                } else {
                    Fact<Object> none = Fact.missing("a load balancer for target group " + tg.get());
                    b.loadBalancer(cast(none)).listeners(cast(none)).loadBalancerSubnets(cast(none));
                }
            }
            b.targetHealth(healthByTg.getOrDefault(tg.get(), Fact.unavailable("not collected")));
        }

        private Fact<ContainerInstanceFacts> containerInstanceFact(Request r, String ec2Id) {
            Fact<List<ContainerInstance>> own = containerInstancesByCluster.get(r.cluster());
            if (own.isKnown()) {
                Optional<ContainerInstance> here = containerInstanceIn(r.cluster(), ec2Id);
                if (here.isPresent()) {
                    return Fact.known(SnapshotMapping.containerInstance(here.get(), r.cluster()));
                }
            } else if (!(own instanceof Fact.Missing<?>)) {
                return FactCalls.carry(own, "container instances");
            }
            if (!otherClusterInstances.isKnown()) {
                return FactCalls.carry(otherClusterInstances, "container instances");
            }
            ContainerInstanceFacts elsewhere = otherClusterInstances.toOptional().orElseThrow().get(ec2Id);
            return elsewhere == null ? Fact.missing("a container instance for " + ec2Id + " in any cluster")
                    : Fact.known(elsewhere);
        }

        private Fact<InstanceTypeFacts> typeFact(String type) {
            if (!instanceTypes.isKnown()) {
                return FactCalls.carry(instanceTypes, "instance type " + type);
            }
            InstanceTypeInfo info = instanceTypes.toOptional().orElseThrow().get(type);
            if (info == null) {
                return Fact.missing("instance type " + type);
            }
            Fact<List<String>> zones = offerings.map(m -> m.getOrDefault(type, List.of()));
            return Fact.known(SnapshotMapping.instanceType(info, zones));
        }

        private Fact<Integer> runningVcpus(String type) {
            if (!runningInstances.isKnown()) {
                return FactCalls.carry(runningInstances, "running instances");
            }
            if (!instanceTypes.isKnown()) {
                return FactCalls.carry(instanceTypes, "instance types");
            }
            Map<String, InstanceTypeInfo> types = instanceTypes.toOptional().orElseThrow();
            int sum = 0;
            for (Instance i : runningInstances.toOptional().orElseThrow()) {
                if (!InstanceFamilies.sameQuota(type, i.instanceTypeAsString())) {
                    continue;
                }
                InstanceTypeInfo info = types.get(i.instanceTypeAsString());
                if (info == null) {
                    return Fact.unavailable("the vCPUs of instance type " + i.instanceTypeAsString() + " are not known");
                }
                sum += info.vCpuInfo().defaultVCpus();
            }
            return Fact.known(sum);
        }

        private Fact<List<SecurityGroupFacts>> groups(Collection<String> ids) {
            return securityGroups.map(m -> ids.stream().map(m::get).filter(Objects::nonNull).toList());
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> Fact<T> cast(Fact<Object> fact) {
        return (Fact<T>) (Fact<?>) fact;
    }

    /** Waits for every future (so no call outlives its caller), then gives their results in order. */
    private static <T> List<T> joinAll(List<CompletableFuture<T>> futures) {
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        return futures.stream().map(CompletableFuture::join).toList();
    }

    private static <K, V> void put(Map<K, V> map, K key, V value) {
        synchronized (map) {
            map.put(key, value);
        }
    }

    /** The environments' instances: the running ones that carry the tag, and those read by tag in other states. */
    private static Fact<List<Instance>> taggedIn(Set<String> environments, Fact<List<Instance>> notRunningTagged,
            Fact<List<Instance>> running) {
        if (!notRunningTagged.isKnown()) {
            return notRunningTagged;
        }
        if (!running.isKnown()) {
            return running;
        }
        List<Instance> tagged = new ArrayList<>();
        running.toOptional().orElseThrow().stream()
                .filter(i -> environments.contains(SnapshotMapping.tag(i, Tags.ENV))).forEach(tagged::add);
        tagged.addAll(notRunningTagged.toOptional().orElseThrow());
        return Fact.known(tagged);
    }

    private static int stateRank(String state) {
        int rank = STATE_PREFERENCE.indexOf(state);
        return rank < 0 ? STATE_PREFERENCE.size() : rank;
    }

    private static Map<String, Instance> byId(List<Instance> instances) {
        Map<String, Instance> map = new LinkedHashMap<>();
        instances.forEach(i -> map.put(i.instanceId(), i));
        return map;
    }

    private static Map<String, InstanceTypeInfo> byType(List<InstanceTypeInfo> types) {
        Map<String, InstanceTypeInfo> map = new HashMap<>();
        types.forEach(t -> map.put(t.instanceTypeAsString(), t));
        return map;
    }

    static String shortName(String nameOrArn, String marker) {
        int at = nameOrArn.indexOf(marker);
        if (!nameOrArn.startsWith("arn:") || at < 0) {
            return nameOrArn;
        }
        String rest = nameOrArn.substring(at + marker.length());
        return rest.substring(rest.lastIndexOf('/') + 1);
    }

    /** Small stream helpers over facts that may not be known. */
    private static final class Stream2 {
        @SafeVarargs
        static java.util.stream.Stream<Instance> concat(Fact<List<Instance>>... facts) {
            return java.util.Arrays.stream(facts).flatMap(f -> f.toOptional().orElse(List.of()).stream());
        }

        static List<String> union(List<String> a, List<String> b) {
            LinkedHashSet<String> set = new LinkedHashSet<>(a);
            set.addAll(b);
            return List.copyOf(set);
        }
    }
}
