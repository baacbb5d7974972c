package dev.gpunotebook.core.aws;

import static dev.gpunotebook.core.aws.AwsErrors.call;
import static dev.gpunotebook.core.aws.AwsErrors.run;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.cloud.Ec2Gateway;
import dev.gpunotebook.core.cloud.IngressRule;
import dev.gpunotebook.core.cloud.InstanceInfo;
import dev.gpunotebook.core.cloud.InstanceTypeInfo;
import dev.gpunotebook.core.cloud.LaunchSpec;
import dev.gpunotebook.core.cloud.SecurityGroupInfo;
import dev.gpunotebook.core.cloud.SubnetInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.GpuDeviceInfo;
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.LocationType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.VolumeType;

/** {@link Ec2Gateway} with the AWS SDK's EC2 client. */
final class AwsEc2Gateway implements Ec2Gateway {

    private static final List<String> NOT_TERMINATED = List.of("pending", "running", "stopping", "stopped");
    /** A new instance profile takes seconds to be usable by EC2 (IAM is eventually consistent). */
    private static final int PROFILE_PROPAGATION_TRIES = 8;
    private static final long PROFILE_PROPAGATION_WAIT_MS = 4000;

    private final Ec2Client ec2;

    AwsEc2Gateway(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    @Override
    public List<String> availabilityZones() {
        return call("ec2:DescribeAvailabilityZones", () -> ec2.describeAvailabilityZones(r -> r
                .filters(filter("state", "available")))).availabilityZones().stream()
                .map(z -> z.zoneName()).sorted().toList();
    }

    @Override
    public Optional<String> findVpc(Map<String, String> tags) {
        return call("ec2:DescribeVpcs", () -> ec2.describeVpcs(r -> r.filters(tagFilters(tags)))).vpcs().stream()
                .map(v -> v.vpcId()).sorted().findFirst();
    }

    @Override
    public String createVpc(String cidr, Map<String, String> tags) {
        String id = call("ec2:CreateVpc", () -> ec2.createVpc(r -> r.cidrBlock(cidr)
                .tagSpecifications(tagSpec(ResourceType.VPC, tags)))).vpc().vpcId();
        // DNS hostnames let instances resolve VPC endpoints and the ECS endpoints by name.
        run("ec2:ModifyVpcAttribute", () -> ec2.modifyVpcAttribute(r -> r.vpcId(id)
                .enableDnsHostnames(AttributeBooleanValue.builder().value(true).build())));
        return id;
    }

    @Override
    public List<SubnetInfo> subnets(String vpcId) {
        return call("ec2:DescribeSubnets", () -> ec2.describeSubnets(r -> r.filters(filter("vpc-id", vpcId))))
                .subnets().stream().map(AwsEc2Gateway::subnet).toList();
    }

    @Override
    public SubnetInfo createPublicSubnet(String vpcId, String cidr, String availabilityZone, Map<String, String> tags) {
        Subnet subnet = call("ec2:CreateSubnet", () -> ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock(cidr)
                .availabilityZone(availabilityZone).tagSpecifications(tagSpec(ResourceType.SUBNET, tags)))).subnet();
        run("ec2:ModifySubnetAttribute", () -> ec2.modifySubnetAttribute(r -> r.subnetId(subnet.subnetId())
                .mapPublicIpOnLaunch(AttributeBooleanValue.builder().value(true).build())));
        return new SubnetInfo(subnet.subnetId(), vpcId, cidr, availabilityZone, true, tags);
    }

    @Override
    public Optional<String> findInternetGateway(String vpcId) {
        return call("ec2:DescribeInternetGateways", () -> ec2.describeInternetGateways(r -> r
                .filters(filter("attachment.vpc-id", vpcId)))).internetGateways().stream()
                .map(g -> g.internetGatewayId()).findFirst();
    }

    @Override
    public String createInternetGateway(String vpcId, Map<String, String> tags) {
        String id = call("ec2:CreateInternetGateway", () -> ec2.createInternetGateway(r -> r
                .tagSpecifications(tagSpec(ResourceType.INTERNET_GATEWAY, tags)))).internetGateway().internetGatewayId();
        run("ec2:AttachInternetGateway", () -> ec2.attachInternetGateway(r -> r.internetGatewayId(id).vpcId(vpcId)));
        return id;
    }

    @Override
    public Optional<String> findRouteTable(String vpcId, Map<String, String> tags) {
        List<Filter> filters = new ArrayList<>(tagFilters(tags));
        filters.add(filter("vpc-id", vpcId));
        return call("ec2:DescribeRouteTables", () -> ec2.describeRouteTables(r -> r.filters(filters))).routeTables()
                .stream().map(t -> t.routeTableId()).sorted().findFirst();
    }

    @Override
    public String createPublicRouteTable(String vpcId, String internetGatewayId, List<String> subnetIds,
            Map<String, String> tags) {
        String id = call("ec2:CreateRouteTable", () -> ec2.createRouteTable(r -> r.vpcId(vpcId)
                .tagSpecifications(tagSpec(ResourceType.ROUTE_TABLE, tags)))).routeTable().routeTableId();
        run("ec2:CreateRoute", () -> ec2.createRoute(r -> r.routeTableId(id).destinationCidrBlock("0.0.0.0/0")
                .gatewayId(internetGatewayId)));
        for (String subnetId : subnetIds) {
            run("ec2:AssociateRouteTable", () -> ec2.associateRouteTable(r -> r.routeTableId(id).subnetId(subnetId)));
        }
        return id;
    }

    @Override
    public Optional<SecurityGroupInfo> findSecurityGroup(String vpcId, String groupName) {
        return call("ec2:DescribeSecurityGroups", () -> ec2.describeSecurityGroups(r -> r
                .filters(filter("vpc-id", vpcId), filter("group-name", groupName)))).securityGroups().stream()
                .map(AwsEc2Gateway::securityGroup).findFirst();
    }

    @Override
    public String createSecurityGroup(String vpcId, String groupName, String description, Map<String, String> tags) {
        return call("ec2:CreateSecurityGroup", () -> ec2.createSecurityGroup(r -> r.vpcId(vpcId).groupName(groupName)
                .description(description).tagSpecifications(tagSpec(ResourceType.SECURITY_GROUP, tags)))).groupId();
    }

    @Override
    public void allowIngress(String groupId, IngressRule rule) {
        SecurityGroup group = call("ec2:DescribeSecurityGroups", () -> ec2.describeSecurityGroups(r -> r
                .groupIds(groupId))).securityGroups().get(0);
        if (securityGroup(group).ingress().stream().anyMatch(rule::sameAs)) {
            return;
        }
        IpPermission.Builder permission = IpPermission.builder().ipProtocol("tcp").fromPort(rule.fromPort())
                .toPort(rule.toPort());
        if (!rule.cidr().isEmpty()) {
            permission.ipRanges(r -> r.cidrIp(rule.cidr()).description(rule.description()));
        } else {
            permission.userIdGroupPairs(p -> p.groupId(rule.sourceGroupId()).description(rule.description()));
        }
        try {
            ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(permission.build()));
        } catch (SdkException e) {
            if (!"InvalidPermission.Duplicate".equals(AwsErrors.code(e))) {
                throw AwsErrors.translate("ec2:AuthorizeSecurityGroupIngress", e);
            }
        }
    }

    @Override
    public Optional<InstanceTypeInfo> describeInstanceType(String instanceType) {
        try {
            return ec2.describeInstanceTypes(r -> r.instanceTypesWithStrings(instanceType)).instanceTypes().stream()
                    .findFirst().map(AwsEc2Gateway::instanceType);
        } catch (SdkException e) {
            if (AwsErrors.code(e).startsWith("InvalidInstanceType")) {
                return Optional.empty();
            }
            throw AwsErrors.translate("ec2:DescribeInstanceTypes", e);
        }
    }

    @Override
    public Set<String> zonesOffering(String instanceType, Set<String> availabilityZones) {
        return call("ec2:DescribeInstanceTypeOfferings", () -> ec2.describeInstanceTypeOfferings(r -> r
                .locationType(LocationType.AVAILABILITY_ZONE)
                .filters(filter("instance-type", instanceType), filter("location", availabilityZones))))
                .instanceTypeOfferings().stream().map(o -> o.location()).filter(availabilityZones::contains)
                .collect(Collectors.toSet());
    }

    @Override
    public List<InstanceInfo> activeInstances() {
        return describeInstances(List.of(filter("instance-state-name", List.of("pending", "running"))));
    }

    @Override
    public List<InstanceInfo> findInstances(Map<String, String> tags) {
        List<Filter> filters = new ArrayList<>(tagFilters(tags));
        filters.add(filter("instance-state-name", NOT_TERMINATED));
        return describeInstances(filters);
    }

    private List<InstanceInfo> describeInstances(List<Filter> filters) {
        List<InstanceInfo> instances = new ArrayList<>();
        call("ec2:DescribeInstances", () -> {
            ec2.describeInstancesPaginator(r -> r.filters(filters)).reservations()
                    .forEach(reservation -> reservation.instances().forEach(i -> instances.add(instance(i))));
            return null;
        });
        return instances;
    }

    @Override
    public InstanceInfo launch(LaunchSpec spec) {
        String userData = Base64.getEncoder().encodeToString(spec.userData().getBytes(StandardCharsets.UTF_8));
        // One client token per launch: retries of this call cannot start a second instance.
        String clientToken = UUID.randomUUID().toString();
        for (int attempt = 1; ; attempt++) {
            try {
                Instance instance = ec2.runInstances(r -> r.imageId(spec.imageId()).instanceType(spec.instanceType())
                        .minCount(1).maxCount(1).subnetId(spec.subnetId()).securityGroupIds(spec.securityGroupIds())
                        .iamInstanceProfile(p -> p.name(spec.instanceProfileName())).userData(userData)
                        .clientToken(clientToken)
                        .metadataOptions(m -> m.httpTokens(HttpTokensState.REQUIRED).httpPutResponseHopLimit(2))
                        .blockDeviceMappings(b -> b.deviceName("/dev/xvda").ebs(e -> e.volumeSize(spec.rootVolumeGib())
                                .volumeType(VolumeType.GP3).encrypted(true).deleteOnTermination(true)))
                        .tagSpecifications(tagSpec(ResourceType.INSTANCE, spec.tags()),
                                tagSpec(ResourceType.VOLUME, spec.tags()))).instances().get(0);
                return instance(instance);
            } catch (SdkException e) {
                if (!profileNotYetVisible(e) || attempt >= PROFILE_PROPAGATION_TRIES) {
                    throw AwsErrors.translate("ec2:RunInstances", e);
                }
                sleep(PROFILE_PROPAGATION_WAIT_MS);
            }
        }
    }

    private static boolean profileNotYetVisible(SdkException e) {
        return "InvalidParameterValue".equals(AwsErrors.code(e))
                && AwsErrors.message(e).toLowerCase(java.util.Locale.ROOT).contains("iaminstanceprofile");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw GpuNotebookException.of(GpuNotebookException.Reason.AWS, "Interrupted while launching.", e);
        }
    }

    @Override
    public void terminate(String instanceId) {
        ignoringNotFound("ec2:TerminateInstances", () -> ec2.terminateInstances(r -> r.instanceIds(instanceId)));
    }

    @Override
    public String stopInstance(String instanceId) {
        var changes = call("ec2:StopInstances", () -> ec2.stopInstances(r -> r.instanceIds(instanceId)))
                .stoppingInstances();
        return changes.isEmpty() || changes.get(0).currentState() == null ? ""
                : changes.get(0).currentState().nameAsString();
    }

    @Override
    public String startInstance(String instanceId) {
        var changes = call("ec2:StartInstances", () -> ec2.startInstances(r -> r.instanceIds(instanceId)))
                .startingInstances();
        return changes.isEmpty() || changes.get(0).currentState() == null ? ""
                : changes.get(0).currentState().nameAsString();
    }

    @Override
    public void tag(String resourceId, Map<String, String> tags) {
        run("ec2:CreateTags", () -> ec2.createTags(r -> r.resources(resourceId).tags(tags(tags))));
    }

    @Override
    public void delete(ResourceKind kind, String id) {
        switch (kind) {
            case VPC -> ignoringNotFound("ec2:DeleteVpc", () -> ec2.deleteVpc(r -> r.vpcId(id)));
            case SUBNET -> ignoringNotFound("ec2:DeleteSubnet", () -> ec2.deleteSubnet(r -> r.subnetId(id)));
            case SECURITY_GROUP -> ignoringNotFound("ec2:DeleteSecurityGroup", () -> ec2.deleteSecurityGroup(r -> r.groupId(id)));
            case INTERNET_GATEWAY -> {
                ec2.describeInternetGateways(r -> r.internetGatewayIds(id)).internetGateways().forEach(g ->
                        g.attachments().forEach(a -> ignoringNotFound("ec2:DetachInternetGateway", () ->
                                ec2.detachInternetGateway(r -> r.internetGatewayId(id).vpcId(a.vpcId())))));
                ignoringNotFound("ec2:DeleteInternetGateway", () -> ec2.deleteInternetGateway(r -> r.internetGatewayId(id)));
            }
            case ROUTE_TABLE -> {
                ec2.describeRouteTables(r -> r.routeTableIds(id)).routeTables().forEach(t ->
                        t.associations().forEach(a -> ignoringNotFound("ec2:DisassociateRouteTable", () ->
                                ec2.disassociateRouteTable(r -> r.associationId(a.routeTableAssociationId())))));
                ignoringNotFound("ec2:DeleteRouteTable", () -> ec2.deleteRouteTable(r -> r.routeTableId(id)));
            }
            default -> throw new IllegalArgumentException("cannot delete " + kind);
        }
    }

    private static void ignoringNotFound(String iamAction, Runnable call) {
        try {
            call.run();
        } catch (SdkException e) {
            String code = AwsErrors.code(e);
            if (!(code.endsWith(".NotFound") || code.endsWith("NotFound"))) {
                throw AwsErrors.translate(iamAction, e);
            }
        }
    }

    static Filter filter(String name, String value) {
        return Filter.builder().name(name).values(value).build();
    }

    static Filter filter(String name, Collection<String> values) {
        return Filter.builder().name(name).values(values).build();
    }

    static List<Filter> tagFilters(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> filter("tag:" + e.getKey(), e.getValue())).toList();
    }

    static TagSpecification tagSpec(ResourceType type, Map<String, String> tags) {
        return TagSpecification.builder().resourceType(type).tags(tags(tags)).build();
    }

    static List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    static Map<String, String> tagMap(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, t -> t.value() == null ? "" : t.value(), (a, b) -> b));
    }

    private static SubnetInfo subnet(Subnet s) {
        return new SubnetInfo(s.subnetId(), s.vpcId(), s.cidrBlock(), s.availabilityZone(),
                Boolean.TRUE.equals(s.mapPublicIpOnLaunch()), tagMap(s.tags()));
    }

    private static SecurityGroupInfo securityGroup(SecurityGroup g) {
        List<IngressRule> rules = new ArrayList<>();
        for (IpPermission p : g.ipPermissions()) {
            if (!"tcp".equals(p.ipProtocol()) || p.fromPort() == null || p.toPort() == null) {
                continue;
            }
            p.ipRanges().forEach(r -> rules.add(new IngressRule(p.fromPort(), p.toPort(), r.cidrIp(), "", r.description())));
            p.userIdGroupPairs().forEach(pair -> rules.add(new IngressRule(p.fromPort(), p.toPort(), "", pair.groupId(),
                    pair.description())));
        }
        return new SecurityGroupInfo(g.groupId(), g.groupName(), g.vpcId(), rules);
    }

    private static InstanceTypeInfo instanceType(software.amazon.awssdk.services.ec2.model.InstanceTypeInfo t) {
        int gpus = 0;
        String gpuName = "";
        if (t.gpuInfo() != null) {
            for (GpuDeviceInfo gpu : t.gpuInfo().gpus()) {
                gpus += gpu.count() == null ? 0 : gpu.count();
                gpuName = (gpu.manufacturer() == null ? "" : gpu.manufacturer() + " ") + (gpu.name() == null ? "" : gpu.name());
            }
        }
        List<String> architectures = t.processorInfo() == null ? List.of()
                : t.processorInfo().supportedArchitecturesAsStrings();
        return new InstanceTypeInfo(t.instanceTypeAsString(), t.vCpuInfo() == null ? 0 : t.vCpuInfo().defaultVCpus(),
                t.memoryInfo() == null ? 0 : t.memoryInfo().sizeInMiB(), gpus, gpuName.trim(), architectures);
    }

    private static InstanceInfo instance(Instance i) {
        return new InstanceInfo(i.instanceId(), i.instanceTypeAsString(), i.state() == null ? "" : i.state().nameAsString(),
                i.stateReason() == null ? "" : i.stateReason().message(),
                i.placement() == null ? "" : i.placement().availabilityZone(), i.subnetId(), i.imageId(),
                i.publicIpAddress(), i.launchTime(), tagMap(i.tags()));
    }

}
