package dev.gpunotebook.core.cloud;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The instances of an EC2 account in memory, and the instance types core's lifecycle asks about. Instances
 * change state at once where EC2 takes a while: a stop leaves the instance {@code stopping}, a start
 * {@code pending}, as EC2's answers say. Each call is recorded as the EC2 operation it stands for; the network
 * operations of setup are not faked and fail if called.
 */
public final class FakeEc2 implements Ec2Gateway {

    private static final List<String> NOT_TERMINATED = List.of("pending", "running", "stopping", "stopped");
    private static final List<String> ACTIVE = List.of("pending", "running");

    private final List<String> calls;
    private final Map<String, InstanceInfo> instances = new ConcurrentHashMap<>();
    private final Map<String, InstanceTypeInfo> types = new ConcurrentHashMap<>();

    FakeEc2(List<String> calls) {
        this.calls = calls;
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
        throw FakeCloud.notFaked("DescribeAvailabilityZones");
    }

    @Override
    public Optional<String> findVpc(Map<String, String> tags) {
        throw FakeCloud.notFaked("DescribeVpcs");
    }

    @Override
    public String createVpc(String cidr, Map<String, String> tags) {
        throw FakeCloud.notFaked("CreateVpc");
    }

    @Override
    public List<SubnetInfo> subnets(String vpcId) {
        throw FakeCloud.notFaked("DescribeSubnets");
    }

    @Override
    public SubnetInfo createPublicSubnet(String vpcId, String cidr, String availabilityZone, Map<String, String> tags) {
        throw FakeCloud.notFaked("CreateSubnet");
    }

    @Override
    public Optional<String> findInternetGateway(String vpcId) {
        throw FakeCloud.notFaked("DescribeInternetGateways");
    }

    @Override
    public String createInternetGateway(String vpcId, Map<String, String> tags) {
        throw FakeCloud.notFaked("CreateInternetGateway");
    }

    @Override
    public Optional<String> findRouteTable(String vpcId, Map<String, String> tags) {
        throw FakeCloud.notFaked("DescribeRouteTables");
    }

    @Override
    public String createPublicRouteTable(String vpcId, String internetGatewayId, List<String> subnetIds,
            Map<String, String> tags) {
        throw FakeCloud.notFaked("CreateRouteTable");
    }

    @Override
    public Optional<SecurityGroupInfo> findSecurityGroup(String vpcId, String groupName) {
        throw FakeCloud.notFaked("DescribeSecurityGroups");
    }

    @Override
    public String createSecurityGroup(String vpcId, String groupName, String description, Map<String, String> tags) {
        throw FakeCloud.notFaked("CreateSecurityGroup");
    }

    @Override
    public void allowIngress(String groupId, IngressRule rule) {
        throw FakeCloud.notFaked("AuthorizeSecurityGroupIngress");
    }

    @Override
    public Set<String> zonesOffering(String instanceType, Set<String> availabilityZones) {
        throw FakeCloud.notFaked("DescribeInstanceTypeOfferings");
    }

    @Override
    public InstanceInfo launch(LaunchSpec spec) {
        throw FakeCloud.notFaked("RunInstances");
    }

    @Override
    public void delete(ResourceKind kind, String id) {
        throw FakeCloud.notFaked("Delete" + kind);
    }
}
