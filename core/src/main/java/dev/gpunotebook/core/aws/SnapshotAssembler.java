package dev.gpunotebook.core.aws;

import dev.gpunotebook.core.aws.AwsSnapshotCollector.Request;
import dev.gpunotebook.core.aws.Ec2FactsCollector.VpcFacts;
import dev.gpunotebook.core.aws.ServiceInstanceResolver.Resolution;
import dev.gpunotebook.core.diagnose.snapshot.ContainerInstanceFacts;
import dev.gpunotebook.core.diagnose.snapshot.DiagnosisTarget;
import dev.gpunotebook.core.diagnose.snapshot.Fact;
import dev.gpunotebook.core.diagnose.snapshot.GpuProbeFacts;
import dev.gpunotebook.core.diagnose.snapshot.InstanceFacts;
import dev.gpunotebook.core.diagnose.snapshot.InstanceTypeFacts;
import dev.gpunotebook.core.diagnose.snapshot.JupyterProbe;
import dev.gpunotebook.core.diagnose.snapshot.SecurityGroupFacts;
import dev.gpunotebook.core.diagnose.snapshot.ServiceFacts;
import dev.gpunotebook.core.diagnose.snapshot.Snapshot;
import dev.gpunotebook.core.diagnose.snapshot.SubnetFacts;
import dev.gpunotebook.core.model.InstanceFamilies;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * Builds each request's {@link Snapshot} from the facts a collection read for all requests at
 * once: picks the facts that belong to the request's service and instance, and carries a failed
 * fact over to what depends on it (the image of an instance that could not be read is not known
 * either). Makes no call; every value comes from the phases before.
 */
final class SnapshotAssembler {

    private final String region;
    private final ClusterFacts clusters;
    private final Map<Request, Resolution> instances;
    private final InstanceResourceFacts resources;
    private final Map<Request, Fact<JupyterProbe>> jupyterProbes;
    private final Map<Request, Fact<GpuProbeFacts>> gpuProbes;

    SnapshotAssembler(String region, ClusterFacts clusters, Map<Request, Resolution> instances,
            InstanceResourceFacts resources, Map<Request, Fact<JupyterProbe>> jupyterProbes,
            Map<Request, Fact<GpuProbeFacts>> gpuProbes) {
        this.region = region;
        this.clusters = clusters;
        this.instances = Map.copyOf(instances);
        this.resources = resources;
        this.jupyterProbes = Map.copyOf(jupyterProbes);
        this.gpuProbes = Map.copyOf(gpuProbes);
    }

    /** One snapshot per request, in the same order. */
    List<Snapshot> snapshots(List<Request> requests, int apiCalls, Duration elapsed) {
        return requests.stream().map(r -> snapshot(r, apiCalls, elapsed)).toList();
    }

    private Snapshot snapshot(Request r, int apiCalls, Duration elapsed) {
        Snapshot.Builder b = Snapshot.builder(new DiagnosisTarget(r.cluster(), r.service(), r.notebook(), region))
                .caller(clusters.caller()).apiCalls(apiCalls).elapsed(elapsed);
        Fact<ServiceFacts> service = serviceFact(r);
        b.service(service);
        Optional<Service> raw = clusters.service(r);
        if (service.isKnown() && raw.isPresent()) {
            String tdArn = raw.get().taskDefinition();
            b.taskDefinition(clusters.taskDefinitions().getOrDefault(tdArn, Fact.unavailable("not collected"))
                    .map(SnapshotMapping::taskDefinition));
        } else {
            b.taskDefinition(FactCalls.carry(service, "the task definition"));
        }
        b.tasks(service.isKnown() ? clusters.tasksOf(r) : FactCalls.carry(service, "the tasks"));
        loadBalancerFacts(r, b, service);

        Fact<InstanceFacts> instance = instanceFact(r);
        b.instance(instance).instanceFoundBy(instance.isKnown() ? instances.get(r).foundBy() : null);
        Optional<Instance> raw2 = instance(r);
        List<String> lbGroups = clusters.loadBalancer(r).map(LoadBalancer::securityGroups).orElse(List.of());
        List<String> awsvpcGroups = service.toOptional().map(ServiceFacts::awsvpcSecurityGroupIds).orElse(List.of());
        if (raw2.isEmpty()) {
            Fact<Object> none = FactCalls.carry(instance.isKnown() ? Fact.missing("the instance") : instance,
                    "the instance");
            b.userData(cast(none)).instanceType(cast(none)).image(cast(none)).instanceRole(cast(none))
                    .containerInstance(cast(none)).instanceSubnet(cast(none)).instanceRouteTable(cast(none))
                    .instanceNetworkAcl(cast(none)).natGateways(cast(none)).vpcEndpoints(cast(none))
                    .vcpuQuota(cast(none)).runningVcpusInQuotaFamily(cast(none));
            b.securityGroups(groups(union(lbGroups, awsvpcGroups)));
            return b.build();
        }
        Instance i = raw2.get();
        String type = i.instanceTypeAsString();
        b.userData(resources.userData().getOrDefault(i.instanceId(), Fact.unavailable("not collected")));
        b.instanceType(typeFact(type));
        b.image(resources.images().getOrDefault(i.imageId(), Fact.unavailable("not collected")));
        b.instanceRole(i.iamInstanceProfile() == null || i.iamInstanceProfile().arn() == null
                ? Fact.missing("an instance profile on " + i.instanceId())
                : resources.rolesByProfile().getOrDefault(i.iamInstanceProfile().arn(),
                        Fact.unavailable("not collected")));
        b.containerInstance(containerInstanceFact(r, i.instanceId()));
        Fact<Map<String, SubnetFacts>> subnets = resources.subnets();
        Fact<SubnetFacts> subnet = i.subnetId() == null ? Fact.missing("a subnet of " + i.instanceId())
                : subnets.isKnown() ? Optional.ofNullable(subnets.toOptional().orElseThrow().get(i.subnetId()))
                        .<Fact<SubnetFacts>>map(Fact::known).orElse(Fact.missing("subnet " + i.subnetId()))
                        : FactCalls.carry(subnets, "subnet " + i.subnetId());
        b.instanceSubnet(subnet);
        String vpc = i.vpcId();
        if (vpc != null && i.subnetId() != null) {
            VpcFacts network = resources.vpcs().getOrDefault(vpc, VpcFacts.NOT_COLLECTED);
            b.instanceRouteTable(network.routeTables().isKnown() ? SnapshotMapping.routeTableOf(
                    network.routeTables().toOptional().orElseThrow(), i.subnetId(), vpc)
                    : FactCalls.carry(network.routeTables(), "route tables"));
            b.instanceNetworkAcl(network.networkAcls().isKnown() ? SnapshotMapping.networkAclOf(
                    network.networkAcls().toOptional().orElseThrow(), i.subnetId(), vpc)
                    : FactCalls.carry(network.networkAcls(), "network ACLs"));
            b.natGateways(network.natGateways());
            b.vpcEndpoints(network.vpcEndpoints());
        }
        List<String> instanceGroups = i.securityGroups().stream().map(g -> g.groupId()).toList();
        b.securityGroups(groups(union(union(instanceGroups, lbGroups), awsvpcGroups)));
        InstanceFamilies.quotaFor(type).ifPresent(q -> {
            b.vcpuQuota(resources.vcpuQuotas().getOrDefault(q.quotaCode(), Fact.unavailable("not collected")));
            b.runningVcpusInQuotaFamily(QuotaFactsCollector.runningVcpus(type, clusters.runningInstances(),
                    resources.instanceTypes()));
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
        Optional<String> tg = clusters.targetGroupArn(r);
        if (tg.isEmpty()) {
            Fact<Object> none = Fact.missing("a load balancer block in service " + r.service());
            b.targetGroup(cast(none)).targetHealth(cast(none)).loadBalancer(cast(none)).listeners(cast(none))
                    .loadBalancerSubnets(cast(none));
            return;
        }
        Fact<Map<String, TargetGroup>> targetGroups = clusters.loadBalancing().targetGroups();
        if (!targetGroups.isKnown()) {
            Fact<Object> none = FactCalls.carry(targetGroups, "the target group");
            b.targetGroup(cast(none)).loadBalancer(cast(none)).listeners(cast(none)).loadBalancerSubnets(cast(none));
        } else {
            TargetGroup group = targetGroups.toOptional().orElseThrow().get(tg.get());
            b.targetGroup(group == null ? Fact.missing("target group " + tg.get())
                    : Fact.known(SnapshotMapping.targetGroup(group)));
            Optional<LoadBalancer> lb = clusters.loadBalancer(r);
            Fact<Map<String, LoadBalancer>> loadBalancers = clusters.loadBalancing().loadBalancers();
            if (lb.isPresent()) {
                b.loadBalancer(Fact.known(SnapshotMapping.loadBalancer(lb.get())));
                b.listeners(clusters.loadBalancing().listenersByLoadBalancer().getOrDefault(
                        lb.get().loadBalancerArn(), Fact.unavailable("not collected")));
                List<String> lbSubnets = lb.get().availabilityZones().stream().map(z -> z.subnetId())
                        .filter(Objects::nonNull).toList();
                b.loadBalancerSubnets(resources.subnets().map(m -> lbSubnets.stream().map(m::get)
                        .filter(Objects::nonNull).toList()));
            } else if (!loadBalancers.isKnown()) {
                Fact<Object> none = FactCalls.carry(loadBalancers, "the load balancer");
                b.loadBalancer(cast(none)).listeners(cast(none)).loadBalancerSubnets(cast(none));
            } else {
                Fact<Object> none = Fact.missing("a load balancer for target group " + tg.get());
                b.loadBalancer(cast(none)).listeners(cast(none)).loadBalancerSubnets(cast(none));
            }
        }
        b.targetHealth(clusters.targetHealth().getOrDefault(tg.get(), Fact.unavailable("not collected")));
    }

    private Fact<ServiceFacts> serviceFact(Request r) {
        Fact<Map<String, Service>> all = clusters.servicesByCluster().get(r.cluster());
        if (!all.isKnown()) {
            return FactCalls.carry(all, "service " + r.service());
        }
        Service s = all.toOptional().orElseThrow().get(r.service());
        if (s == null || "INACTIVE".equals(s.status())) {
            return Fact.missing("service " + r.service() + " in cluster " + r.cluster());
        }
        return Fact.known(SnapshotMapping.service(s));
    }

    private Optional<Instance> instance(Request r) {
        return instances.get(r).instanceId().toOptional()
                .flatMap(id -> clusters.instance(id, resources.describedById()));
    }

    private Fact<InstanceFacts> instanceFact(Request r) {
        Fact<String> id = instances.get(r).instanceId();
        if (!id.isKnown()) {
            return FactCalls.carry(id, "the instance");
        }
        Optional<Instance> found = instance(r);
        if (found.isPresent()) {
            return Fact.known(SnapshotMapping.instance(found.get()));
        }
        Fact<Map<String, Instance>> described = resources.describedById();
        if (!described.isKnown()) {
            return FactCalls.carry(described, "instance " + id.toOptional().orElseThrow());
        }
        return Fact.missing("instance " + id.toOptional().orElseThrow());
    }

    private Fact<ContainerInstanceFacts> containerInstanceFact(Request r, String ec2Id) {
        Fact<List<ContainerInstance>> own = clusters.containerInstancesByCluster().get(r.cluster());
        if (own.isKnown()) {
            Optional<ContainerInstance> here = clusters.containerInstanceIn(r.cluster(), ec2Id);
            if (here.isPresent()) {
                return Fact.known(SnapshotMapping.containerInstance(here.get(), r.cluster()));
            }
        } else if (!(own instanceof Fact.Missing<?>)) {
            return FactCalls.carry(own, "container instances");
        }
        Fact<Map<String, ContainerInstanceFacts>> elsewhere = resources.otherClusterInstances();
        if (!elsewhere.isKnown()) {
            return FactCalls.carry(elsewhere, "container instances");
        }
        ContainerInstanceFacts found = elsewhere.toOptional().orElseThrow().get(ec2Id);
        return found == null ? Fact.missing("a container instance for " + ec2Id + " in any cluster")
                : Fact.known(found);
    }

    private Fact<InstanceTypeFacts> typeFact(String type) {
        Fact<Map<String, InstanceTypeInfo>> types = resources.instanceTypes();
        if (!types.isKnown()) {
            return FactCalls.carry(types, "instance type " + type);
        }
        InstanceTypeInfo info = types.toOptional().orElseThrow().get(type);
        if (info == null) {
            return Fact.missing("instance type " + type);
        }
        Fact<List<String>> zones = resources.offerings().map(m -> m.getOrDefault(type, List.of()));
        return Fact.known(SnapshotMapping.instanceType(info, zones));
    }

    private Fact<List<SecurityGroupFacts>> groups(Collection<String> ids) {
        return resources.securityGroups().map(m -> ids.stream().map(m::get).filter(Objects::nonNull).toList());
    }

    private static List<String> union(List<String> a, List<String> b) {
        LinkedHashSet<String> set = new LinkedHashSet<>(a);
        set.addAll(b);
        return List.copyOf(set);
    }

    @SuppressWarnings("unchecked")
    private static <T> Fact<T> cast(Fact<Object> fact) {
        return (Fact<T>) (Fact<?>) fact;
    }
}
