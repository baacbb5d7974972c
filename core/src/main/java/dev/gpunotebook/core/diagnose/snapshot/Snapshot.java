package dev.gpunotebook.core.diagnose.snapshot;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every AWS fact a diagnosis needs, read once. The checks are pure functions of a snapshot, so a
 * diagnosis can be reproduced from a literal one in a test.
 *
 * <p>"The instance" is the EC2 instance that runs, or should run, the service's task: the
 * instance of the service's running task, else the instance its placement constraint selects,
 * else the instance tagged {@code gpu-notebook:notebook=<name>}; {@link Fact.Missing} when none
 * exists. {@code instanceFoundBy} says in words how it was tied to the service (null when no
 * instance was), so a person can judge a guess. {@code intendedInstanceType} is the type a start would launch (the notebook's setting,
 * a launch template); it lets {@code quota.vcpu} and {@code instance.type} speak when no
 * instance exists, typically because RunInstances was refused. Null when not known.
 *
 * <p>{@code securityGroups} holds every group a check may look at: the instance's, the load
 * balancer's and the awsvpc task's. {@code targetGroup}, {@code targetHealth},
 * {@code loadBalancer} and {@code listeners} follow the service's first load balancer entry.
 * {@code tasks} are the service's running and recently stopped tasks.
 *
 * <p>Use {@link #builder(DiagnosisTarget)}: every fact starts as {@link Fact.Unavailable}
 * ("not collected") so that a collector that cannot read something yet still yields UNKNOWN,
 * never a false PASS.
 */
public record Snapshot(
        DiagnosisTarget target,
        Fact<CallerIdentity> caller,
        Fact<InstanceFacts> instance,
        String instanceFoundBy,
        String intendedInstanceType,
        Fact<UserData> userData,
        Fact<InstanceTypeFacts> instanceType,
        Fact<VcpuQuota> vcpuQuota,
        Fact<Integer> runningVcpusInQuotaFamily,
        Fact<ImageFacts> image,
        Fact<RoleFacts> instanceRole,
        Fact<ContainerInstanceFacts> containerInstance,
        Fact<SubnetFacts> instanceSubnet,
        Fact<RouteTableFacts> instanceRouteTable,
        Fact<NetworkAclFacts> instanceNetworkAcl,
        Fact<List<NatGatewayFacts>> natGateways,
        Fact<List<VpcEndpointFacts>> vpcEndpoints,
        Fact<List<SecurityGroupFacts>> securityGroups,
        Fact<List<SubnetFacts>> loadBalancerSubnets,
        Fact<TaskDefinitionFacts> taskDefinition,
        Fact<ServiceFacts> service,
        Fact<List<TaskFacts>> tasks,
        Fact<LoadBalancerFacts> loadBalancer,
        Fact<List<ListenerFacts>> listeners,
        Fact<TargetGroupFacts> targetGroup,
        Fact<List<TargetHealthFacts>> targetHealth,
        Fact<JupyterProbe> jupyter,
        Fact<GpuProbeFacts> gpuProbe,
        int apiCalls,
        Duration elapsed) {

    public Snapshot {
        Validate.nonNull(target, "target");
        Validate.nonNull(caller, "caller");
        Validate.nonNull(instance, "instance");
        if (intendedInstanceType != null && intendedInstanceType.isBlank()) {
            intendedInstanceType = null;
        }
        Validate.nonNull(userData, "userData");
        Validate.nonNull(instanceType, "instanceType");
        Validate.nonNull(vcpuQuota, "vcpuQuota");
        Validate.nonNull(runningVcpusInQuotaFamily, "runningVcpusInQuotaFamily");
        Validate.nonNull(image, "image");
        Validate.nonNull(instanceRole, "instanceRole");
        Validate.nonNull(containerInstance, "containerInstance");
        Validate.nonNull(instanceSubnet, "instanceSubnet");
        Validate.nonNull(instanceRouteTable, "instanceRouteTable");
        Validate.nonNull(instanceNetworkAcl, "instanceNetworkAcl");
        natGateways = Validate.nonNull(natGateways, "natGateways").map(List::copyOf);
        vpcEndpoints = Validate.nonNull(vpcEndpoints, "vpcEndpoints").map(List::copyOf);
        securityGroups = Validate.nonNull(securityGroups, "securityGroups").map(List::copyOf);
        loadBalancerSubnets = Validate.nonNull(loadBalancerSubnets, "loadBalancerSubnets").map(List::copyOf);
        Validate.nonNull(taskDefinition, "taskDefinition");
        Validate.nonNull(service, "service");
        tasks = Validate.nonNull(tasks, "tasks").map(List::copyOf);
        Validate.nonNull(loadBalancer, "loadBalancer");
        listeners = Validate.nonNull(listeners, "listeners").map(List::copyOf);
        Validate.nonNull(targetGroup, "targetGroup");
        targetHealth = Validate.nonNull(targetHealth, "targetHealth").map(List::copyOf);
        Validate.nonNull(jupyter, "jupyter");
        Validate.nonNull(gpuProbe, "gpuProbe");
        Validate.nonNegative(apiCalls, "apiCalls");
        Validate.nonNull(elapsed, "elapsed");
        if (elapsed.isNegative()) {
            throw new IllegalArgumentException("elapsed must not be negative");
        }
    }

    /** The instance type to reason about: the instance's own, else the one a start would launch. */
    public Optional<String> effectiveInstanceType() {
        return instance.toOptional().map(InstanceFacts::instanceType).or(() -> Optional.ofNullable(intendedInstanceType));
    }

    /** A security group of {@link #securityGroups()} by id. */
    public Optional<SecurityGroupFacts> securityGroup(String groupId) {
        return securityGroups.toOptional().orElse(List.of()).stream().filter(g -> g.groupId().equals(groupId)).findFirst();
    }

    public static Builder builder(DiagnosisTarget target) {
        return new Builder(target);
    }

    /** A builder that starts from this snapshot, to change a few facts. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Fills a snapshot one fact at a time; facts not set stay "not collected". */
    public static final class Builder {
        private static final Fact<?> NOT_COLLECTED = Fact.unavailable("not collected");

        private DiagnosisTarget target;
        private Fact<CallerIdentity> caller = notCollected();
        private Fact<InstanceFacts> instance = notCollected();
        private String instanceFoundBy;
        private String intendedInstanceType;
        private Fact<UserData> userData = notCollected();
        private Fact<InstanceTypeFacts> instanceType = notCollected();
        private Fact<VcpuQuota> vcpuQuota = notCollected();
        private Fact<Integer> runningVcpusInQuotaFamily = notCollected();
        private Fact<ImageFacts> image = notCollected();
        private Fact<RoleFacts> instanceRole = notCollected();
        private Fact<ContainerInstanceFacts> containerInstance = notCollected();
        private Fact<SubnetFacts> instanceSubnet = notCollected();
        private Fact<RouteTableFacts> instanceRouteTable = notCollected();
        private Fact<NetworkAclFacts> instanceNetworkAcl = notCollected();
        private Fact<List<NatGatewayFacts>> natGateways = notCollected();
        private Fact<List<VpcEndpointFacts>> vpcEndpoints = notCollected();
        private Fact<List<SecurityGroupFacts>> securityGroups = notCollected();
        private Fact<List<SubnetFacts>> loadBalancerSubnets = notCollected();
        private Fact<TaskDefinitionFacts> taskDefinition = notCollected();
        private Fact<ServiceFacts> service = notCollected();
        private Fact<List<TaskFacts>> tasks = notCollected();
        private Fact<LoadBalancerFacts> loadBalancer = notCollected();
        private Fact<List<ListenerFacts>> listeners = notCollected();
        private Fact<TargetGroupFacts> targetGroup = notCollected();
        private Fact<List<TargetHealthFacts>> targetHealth = notCollected();
        private Fact<JupyterProbe> jupyter = notCollected();
        private Fact<GpuProbeFacts> gpuProbe = notCollected();
        private int apiCalls;
        private Duration elapsed = Duration.ZERO;

        private Builder(DiagnosisTarget target) {
            this.target = target;
        }

        private Builder(Snapshot s) {
            target = s.target;
            caller = s.caller;
            instance = s.instance;
            instanceFoundBy = s.instanceFoundBy;
            intendedInstanceType = s.intendedInstanceType;
            userData = s.userData;
            instanceType = s.instanceType;
            vcpuQuota = s.vcpuQuota;
            runningVcpusInQuotaFamily = s.runningVcpusInQuotaFamily;
            image = s.image;
            instanceRole = s.instanceRole;
            containerInstance = s.containerInstance;
            instanceSubnet = s.instanceSubnet;
            instanceRouteTable = s.instanceRouteTable;
            instanceNetworkAcl = s.instanceNetworkAcl;
            natGateways = s.natGateways;
            vpcEndpoints = s.vpcEndpoints;
            securityGroups = s.securityGroups;
            loadBalancerSubnets = s.loadBalancerSubnets;
            taskDefinition = s.taskDefinition;
            service = s.service;
            tasks = s.tasks;
            loadBalancer = s.loadBalancer;
            listeners = s.listeners;
            targetGroup = s.targetGroup;
            targetHealth = s.targetHealth;
            jupyter = s.jupyter;
            gpuProbe = s.gpuProbe;
            apiCalls = s.apiCalls;
            elapsed = s.elapsed;
        }

        @SuppressWarnings("unchecked")
        private static <T> Fact<T> notCollected() {
            return (Fact<T>) NOT_COLLECTED;
        }

        public Builder target(DiagnosisTarget v) { target = v; return this; }
        public Builder caller(Fact<CallerIdentity> v) { caller = v; return this; }
        public Builder instance(Fact<InstanceFacts> v) { instance = v; return this; }
        public Builder instanceFoundBy(String v) { instanceFoundBy = v; return this; }
        public Builder intendedInstanceType(String v) { intendedInstanceType = v; return this; }
        public Builder userData(Fact<UserData> v) { userData = v; return this; }
        public Builder instanceType(Fact<InstanceTypeFacts> v) { instanceType = v; return this; }
        public Builder vcpuQuota(Fact<VcpuQuota> v) { vcpuQuota = v; return this; }
        public Builder runningVcpusInQuotaFamily(Fact<Integer> v) { runningVcpusInQuotaFamily = v; return this; }
        public Builder image(Fact<ImageFacts> v) { image = v; return this; }
        public Builder instanceRole(Fact<RoleFacts> v) { instanceRole = v; return this; }
        public Builder containerInstance(Fact<ContainerInstanceFacts> v) { containerInstance = v; return this; }
        public Builder instanceSubnet(Fact<SubnetFacts> v) { instanceSubnet = v; return this; }
        public Builder instanceRouteTable(Fact<RouteTableFacts> v) { instanceRouteTable = v; return this; }
        public Builder instanceNetworkAcl(Fact<NetworkAclFacts> v) { instanceNetworkAcl = v; return this; }
        public Builder natGateways(Fact<List<NatGatewayFacts>> v) { natGateways = v; return this; }
        public Builder vpcEndpoints(Fact<List<VpcEndpointFacts>> v) { vpcEndpoints = v; return this; }
        public Builder securityGroups(Fact<List<SecurityGroupFacts>> v) { securityGroups = v; return this; }
        public Builder loadBalancerSubnets(Fact<List<SubnetFacts>> v) { loadBalancerSubnets = v; return this; }
        public Builder taskDefinition(Fact<TaskDefinitionFacts> v) { taskDefinition = v; return this; }
        public Builder service(Fact<ServiceFacts> v) { service = v; return this; }
        public Builder tasks(Fact<List<TaskFacts>> v) { tasks = v; return this; }
        public Builder loadBalancer(Fact<LoadBalancerFacts> v) { loadBalancer = v; return this; }
        public Builder listeners(Fact<List<ListenerFacts>> v) { listeners = v; return this; }
        public Builder targetGroup(Fact<TargetGroupFacts> v) { targetGroup = v; return this; }
        public Builder targetHealth(Fact<List<TargetHealthFacts>> v) { targetHealth = v; return this; }
        public Builder jupyter(Fact<JupyterProbe> v) { jupyter = v; return this; }
        public Builder gpuProbe(Fact<GpuProbeFacts> v) { gpuProbe = v; return this; }
        public Builder apiCalls(int v) { apiCalls = v; return this; }
        public Builder elapsed(Duration v) { elapsed = v; return this; }

        public Snapshot build() {
            return new Snapshot(target, caller, instance, instanceFoundBy, intendedInstanceType, userData, instanceType, vcpuQuota,
                    runningVcpusInQuotaFamily, image, instanceRole, containerInstance, instanceSubnet,
                    instanceRouteTable, instanceNetworkAcl, natGateways, vpcEndpoints, securityGroups,
                    loadBalancerSubnets, taskDefinition, service, tasks, loadBalancer, listeners, targetGroup,
                    targetHealth, jupyter, gpuProbe, apiCalls, elapsed);
        }
    }
}
