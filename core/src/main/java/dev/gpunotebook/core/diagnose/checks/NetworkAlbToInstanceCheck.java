package dev.gpunotebook.core.diagnose.checks;

import dev.gpunotebook.core.diagnose.Area;
import dev.gpunotebook.core.diagnose.CheckIds;
import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.snapshot.InstanceFacts;
import dev.gpunotebook.core.diagnose.snapshot.LoadBalancerFacts;
import dev.gpunotebook.core.diagnose.snapshot.SecurityGroupFacts;
import dev.gpunotebook.core.diagnose.snapshot.SecurityGroupFacts.Permission;
import dev.gpunotebook.core.diagnose.snapshot.ServiceFacts;
import dev.gpunotebook.core.diagnose.snapshot.Snapshot;
import dev.gpunotebook.core.diagnose.snapshot.SubnetFacts;
import dev.gpunotebook.core.diagnose.snapshot.TaskDefinitionFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Verifies that the security groups in front of the task (the instance's, or the task's own with
 * awsvpc) admit the load balancer on every port the task may use: the fixed {@code hostPort}, or
 * the whole ECS dynamic range (32768-65535, or ECS_DYNAMIC_HOST_PORT_RANGE) when {@code hostPort}
 * is 0 or absent. A source counts when it is the ALB's security group or a CIDR that holds the
 * ALB's subnets. Several rules may cover the range together. The same ports open to 0.0.0.0/0 on
 * an instance with a public IP are a WARN: Jupyter is reachable around the load balancer (not so
 * for an awsvpc task: on EC2 its ENI has no public IP).
 *
 * <p>Needs EC2 DescribeSecurityGroups and DescribeSubnets, ELBv2 DescribeLoadBalancers, ECS
 * DescribeServices and DescribeTaskDefinition.
 *
 * @see <a href="https://repost.aws/knowledge-center/dynamic-port-mapping-ecs">https://repost.aws/knowledge-center/dynamic-port-mapping-ecs</a>
 */
public final class NetworkAlbToInstanceCheck extends BaseCheck {
    static final String DOCS = "https://repost.aws/knowledge-center/dynamic-port-mapping-ecs";

    public NetworkAlbToInstanceCheck() {
        super(CheckIds.NETWORK_ALB_TO_INSTANCE, Area.NETWORK, DOCS, CheckIds.CREDENTIALS);
    }

    @Override
    CheckResult evaluate(Snapshot s) {
        InstanceFacts instance = need(s.instance(), "the instance",
                () -> skip(CheckIds.INSTANCE_STATE, "there is no instance to reach"));
        ServiceFacts service = need(s.service(), "service " + s.target().service(),
                () -> skip(CheckIds.SERVICE_PLACEMENT, "the service does not exist"));
        if (service.loadBalancers().isEmpty()) {
            return skip(CheckIds.ALB_LISTENER, "the service has no load balancer");
        }
        TaskDefinitionFacts td = need(s.taskDefinition(), "task definition " + service.taskDefinitionArn());
        LoadBalancerFacts lb = need(s.loadBalancer(), "the load balancer",
                () -> skip(CheckIds.ALB_LISTENER, "the load balancer does not exist"));
        Optional<Stack.TrafficPorts> ports = Stack.trafficPorts(s, Stack.agentConfig(s));
        if (ports.isEmpty()) {
            return skip(CheckIds.TASK_PORTS, "the load balancer's container port matches no port mapping");
        }
        boolean awsvpc = td.networkMode().equals("awsvpc");
        List<String> groupIds = awsvpc ? service.awsvpcSecurityGroupIds() : instance.securityGroupIds();
        List<SecurityGroupFacts> all = need(s.securityGroups(), "the security groups");
        List<SecurityGroupFacts> groups = all.stream().filter(g -> groupIds.contains(g.groupId())).toList();
        if (lb.securityGroupIds().isEmpty()) {
            return warn("Load balancer " + lb.name() + " has no security group: its traffic comes from client "
                    + "addresses, which diagnose cannot check against " + String.join(", ", groupIds) + ".",
                    List.of(lb.arn()), null);
        }
        List<Cidr> albSubnets = s.loadBalancerSubnets().toOptional().orElse(List.of()).stream()
                .map(SubnetFacts::cidrBlock).map(Cidr::parse).flatMap(Optional::stream).toList();

        Stack.TrafficPorts traffic = ports.get();
        List<String> evidence = new ArrayList<>();
        evidence.add("the load balancer must reach tcp " + traffic.range() + " (" + traffic.why() + ")");
        evidence.add("ALB security groups: " + String.join(", ", lb.securityGroupIds()));
        PortSet admitted = new PortSet();
        PortSet openToWorld = new PortSet();
        for (SecurityGroupFacts group : groups) {
            for (Permission p : group.ingress()) {
                if (!p.coversTcp()) {
                    continue;
                }
                int[] range = p.tcpRange();
                boolean fromAlb = p.groupIds().stream().anyMatch(lb.securityGroupIds()::contains)
                        || !albSubnets.isEmpty() && albSubnets.stream().allMatch(subnet -> p.ipv4Ranges().stream()
                                .anyMatch(c -> Cidr.covers(c, subnet)));
                if (fromAlb) {
                    admitted.add(range[0], range[1]);
                    evidence.add(group.groupId() + " ingress: " + p);
                }
                if (p.ipv4Ranges().stream().anyMatch(c -> Cidr.covers(c, Cidr.ANYWHERE))) {
                    openToWorld.add(range[0], range[1]);
                }
            }
        }
        PortSet missing = PortSet.of(traffic.from(), traffic.to()).minus(admitted);
        String where = String.join(", ", groupIds);
        if (!missing.isEmpty()) {
            groups.forEach(g -> evidence.add(g.groupId() + " ingress: " + (g.ingress().isEmpty() ? "none"
                    : String.join("; ", g.ingress().stream().map(Permission::toString).toList()))));
            return fail("Security group " + where + " does not admit the load balancer (" + lb.securityGroupIds().get(0)
                    + ") on tcp " + missing + ": health checks time out and targets stay unhealthy.", evidence,
                    "aws ec2 authorize-security-group-ingress --group-id " + (groupIds.isEmpty() ? "sg-..." : groupIds.get(0))
                            + " --protocol tcp --port " + traffic.range() + " --source-group " + lb.securityGroupIds().get(0)
                            + " --region " + s.target().region());
        }
        // With the EC2 launch type an awsvpc task's ENI never gets a public IP: only the instance's own can be reached.
        boolean publicTask = !awsvpc && instance.publicIp() != null;
        if (publicTask && !openToWorld.intersect(traffic.from(), traffic.to()).isEmpty()) {
            return warn("Security group " + where + " also admits 0.0.0.0/0 on tcp "
                    + openToWorld.intersect(traffic.from(), traffic.to()) + ": Jupyter is reachable from the internet "
                    + "around the load balancer.", evidence, "Remove the 0.0.0.0/0 rule and keep only the load "
                    + "balancer's security group as a source (aws ec2 revoke-security-group-ingress).");
        }
        return pass("Security group " + where + " admits the load balancer on tcp " + traffic.range() + ".", evidence);
    }
}
