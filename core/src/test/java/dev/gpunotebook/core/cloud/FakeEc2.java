package dev.gpunotebook.core.cloud;

import dev.gpunotebook.core.GpuNotebookException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The instances of an EC2 account in memory, and the instance types core's lifecycle asks about. Instances
 * change state at once where EC2 takes a while: a stop leaves the instance {@code stopping}, a start
 * {@code pending}, as EC2's answers say. Each call is recorded as the EC2 operation it stands for; the network
 * operations of setup are answered by {@link #network}.
 */
public final class FakeEc2 implements Ec2Gateway {

    private static final List<String> NOT_TERMINATED = List.of("pending", "running", "stopping", "stopped");
    private static final List<String> ACTIVE = List.of("pending", "running");

    private final List<String> calls;
    private final Map<String, InstanceInfo> instances = new ConcurrentHashMap<>();
    private final Map<String, InstanceTypeInfo> types = new ConcurrentHashMap<>();
    /** VPCs, subnets, gateways, route tables and security groups: what setup makes. */
    public final FakeEc2Network network;
    private final Map<String, Set<String>> offerings = new ConcurrentHashMap<>();
    private final Set<String> withoutCapacity = ConcurrentHashMap.newKeySet();
    private final Map<String, LaunchSpec> launched = new ConcurrentHashMap<>();
    private final AtomicInteger launches = new AtomicInteger();

    FakeEc2(List<String> calls) {
        this.calls = calls;
        this.network = new FakeEc2Network(calls);
        add(FakeCloud.G4DN_XLARGE);
    }

    public void add(InstanceInfo instance) {
        instances.put(instance.id(), instance);
    }

    public void add(InstanceTypeInfo type) {
        types.put(type.type(), type);
    }

    public InstanceInfo instance(String id) {
        return instances.get(id);
    }

    /** The instance changes state without a call of ours: EC2 finished a change, or another process made one. */
    public void changesStateTo(String instanceId, String state) {
        changeState(instanceId, state);
    }

    @Override
    public Optional<InstanceTypeInfo> describeInstanceType(String instanceType) {
        calls.add("DescribeInstanceTypes " + instanceType);
        return Optional.ofNullable(types.get(instanceType));
    }

    @Override
    public List<InstanceInfo> activeInstances() {
        calls.add("DescribeInstances (pending, running)");
        return instances.values().stream().filter(i -> ACTIVE.contains(i.state())).toList();
    }

    @Override
    public List<InstanceInfo> findInstances(Map<String, String> tags) {
        calls.add("DescribeInstances " + tags.values().stream().sorted().toList());
        return instances.values().stream().filter(i -> NOT_TERMINATED.contains(i.state()))
                .filter(i -> i.tags().entrySet().containsAll(tags.entrySet())).toList();
    }

    @Override
    public String stopInstance(String instanceId) {
        calls.add("StopInstances " + instanceId);
        InstanceInfo instance = instances.get(instanceId);
        if (instance != null && "stopped".equals(instance.state())) {
            // EC2 answers a stop of a stopped instance with its state as it is.
            return "stopped";
        }
        return changeState(instanceId, "stopping");
    }

    @Override
    public String startInstance(String instanceId) {
        calls.add("StartInstances " + instanceId);
        return changeState(instanceId, "pending");
    }

    @Override
    public void terminate(String instanceId) {
        calls.add("TerminateInstances " + instanceId);
        changeState(instanceId, "shutting-down");
    }

    @Override
    public void tag(String resourceId, Map<String, String> tags) {
        calls.add("CreateTags " + resourceId + " " + tags.keySet().stream().sorted().toList());
        instances.computeIfPresent(resourceId, (id, i) -> {
            Map<String, String> merged = new ConcurrentHashMap<>(i.tags());
            merged.putAll(tags);
            return new InstanceInfo(id, i.type(), i.state(), i.stateReason(), i.availabilityZone(), i.subnetId(),
                    i.imageId(), i.publicIp(), i.launchTime(), merged);
        });
    }

    private String changeState(String instanceId, String state) {
        InstanceInfo changed = instances.computeIfPresent(instanceId, (id, i) -> new InstanceInfo(id, i.type(), state,
                i.stateReason(), i.availabilityZone(), i.subnetId(), i.imageId(), i.publicIp(), i.launchTime(),
                i.tags()));
        if (changed == null) {
            throw new IllegalArgumentException("no instance " + instanceId + " in this fake account");
        }
        return state;
    }

    @Override
    public List<String> availabilityZones() {
        return network.availabilityZones();
    }

    @Override
    public Optional<String> findVpc(Map<String, String> tags) {
        return network.findVpc(tags);
    }

    @Override
    public String createVpc(String cidr, Map<String, String> tags) {
        return network.createVpc(cidr, tags);
    }

    @Override
    public List<SubnetInfo> subnets(String vpcId) {
        return network.subnets(vpcId);
    }

    @Override
    public SubnetInfo createPublicSubnet(String vpcId, String cidr, String availabilityZone, Map<String, String> tags) {
        return network.createPublicSubnet(vpcId, cidr, availabilityZone, tags);
    }

    @Override
    public Optional<String> findInternetGateway(String vpcId) {
        return network.findInternetGateway(vpcId);
    }

    @Override
    public String createInternetGateway(String vpcId, Map<String, String> tags) {
        return network.createInternetGateway(vpcId, tags);
    }

    @Override
    public Optional<String> findRouteTable(String vpcId, Map<String, String> tags) {
        return network.findRouteTable(vpcId, tags);
    }

    @Override
    public String createPublicRouteTable(String vpcId, String internetGatewayId, List<String> subnetIds,
            Map<String, String> tags) {
        return network.createPublicRouteTable(vpcId, internetGatewayId, subnetIds, tags);
    }

    @Override
    public Optional<SecurityGroupInfo> findSecurityGroup(String vpcId, String groupName) {
        return network.findSecurityGroup(vpcId, groupName);
    }

    @Override
    public String createSecurityGroup(String vpcId, String groupName, String description, Map<String, String> tags) {
        return network.createSecurityGroup(vpcId, groupName, description, tags);
    }

    @Override
    public void allowIngress(String groupId, IngressRule rule) {
        network.allowIngress(groupId, rule);
    }

    /** Narrows where the instance type is offered; without this a known type is offered in every zone. */
    public void offerOnlyIn(String instanceType, String... availabilityZones) {
        offerings.put(instanceType, Set.of(availabilityZones));
    }

    /** From now on RunInstances of this type fails as EC2 fails when a zone has no capacity left. */
    public void noCapacityFor(String instanceType) {
        withoutCapacity.add(instanceType);
    }

    /** What RunInstances was asked for each instance this fake launched, by instance id. */
    public LaunchSpec launchSpec(String instanceId) {
        return launched.get(instanceId);
    }

    @Override
    public Set<String> zonesOffering(String instanceType, Set<String> availabilityZones) {
        calls.add("DescribeInstanceTypeOfferings " + instanceType);
        if (!types.containsKey(instanceType)) {
            return Set.of();
        }
        Set<String> offered = offerings.get(instanceType);
        return availabilityZones.stream().filter(z -> offered == null || offered.contains(z))
                .collect(Collectors.toSet());
    }

    /** A new instance, {@code pending} as RunInstances answers, in the zone of its subnet, carrying the spec's tags. */
    @Override
    public InstanceInfo launch(LaunchSpec spec) {
        calls.add("RunInstances " + spec.instanceType());
        SubnetInfo subnet = network.subnet(spec.subnetId()).orElseThrow(() -> FakeCloud.awsError(
                "InvalidSubnetID.NotFound", "The subnet ID '" + spec.subnetId() + "' does not exist"));
        if (withoutCapacity.contains(spec.instanceType())) {
            throw GpuNotebookException.of(GpuNotebookException.Reason.CAPACITY, "InsufficientInstanceCapacity: We"
                    + " currently do not have sufficient " + spec.instanceType() + " capacity in the Availability Zone"
                    + " you requested (" + subnet.availabilityZone() + ").");
        }
        String id = "i-" + String.format("%017x", launches.incrementAndGet());
        InstanceInfo instance = new InstanceInfo(id, spec.instanceType(), "pending", "", subnet.availabilityZone(),
                subnet.id(), spec.imageId(), "", Instant.EPOCH, spec.tags());
        launched.put(id, spec);
        add(instance);
        return instance;
    }

    @Override
    public void delete(ResourceKind kind, String id) {
        network.delete(kind, id);
    }
}
