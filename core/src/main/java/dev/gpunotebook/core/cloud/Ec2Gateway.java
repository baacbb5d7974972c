package dev.gpunotebook.core.cloud;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** EC2: networking for setup, GPU instances for start. */
public interface Ec2Gateway {

    List<String> availabilityZones();

    Optional<String> findVpc(Map<String, String> tags);

    String createVpc(String cidr, Map<String, String> tags);

    List<SubnetInfo> subnets(String vpcId);

    SubnetInfo createPublicSubnet(String vpcId, String cidr, String availabilityZone, Map<String, String> tags);

    /** The internet gateway attached to the VPC, if any. */
    Optional<String> findInternetGateway(String vpcId);

    String createInternetGateway(String vpcId, Map<String, String> tags);

    /** A route table of the VPC carrying the given tags. */
    Optional<String> findRouteTable(String vpcId, Map<String, String> tags);

    /** A route table with 0.0.0.0/0 to the internet gateway, associated with the subnets. */
    String createPublicRouteTable(String vpcId, String internetGatewayId, List<String> subnetIds,
            Map<String, String> tags);

    Optional<SecurityGroupInfo> findSecurityGroup(String vpcId, String groupName);

    String createSecurityGroup(String vpcId, String groupName, String description, Map<String, String> tags);

    /** Adds the TCP ingress rule unless an identical one exists. */
    void allowIngress(String groupId, IngressRule rule);

    Optional<InstanceTypeInfo> describeInstanceType(String instanceType);

    /** The subset of the zones where the instance type is offered. */
    Set<String> zonesOffering(String instanceType, Set<String> availabilityZones);

    /** Pending and running instances of the account in this region (vCPU quota counts these). */
    List<InstanceInfo> activeInstances();

    /** Instances (not terminated) carrying all the given tags. */
    List<InstanceInfo> findInstances(Map<String, String> tags);

    InstanceInfo launch(LaunchSpec spec);

    void terminate(String instanceId);

    /** Stops an instance (its EBS volumes are kept); returns its state after the call. */
    String stopInstance(String instanceId);

    /** Starts a stopped instance again; returns its state after the call. */
    String startInstance(String instanceId);

    /** Adds or replaces tags on an EC2 resource. */
    void tag(String resourceId, Map<String, String> tags);

    void delete(ResourceKind kind, String id);

    /** Shared EC2 resources {@link #delete} can remove (for setup's rollback). */
    enum ResourceKind { VPC, SUBNET, INTERNET_GATEWAY, ROUTE_TABLE, SECURITY_GROUP }
}
