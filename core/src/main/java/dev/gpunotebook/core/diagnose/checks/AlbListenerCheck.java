package dev.gpunotebook.core.diagnose.checks;

import dev.gpunotebook.core.diagnose.Area;
import dev.gpunotebook.core.diagnose.CheckIds;
import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.snapshot.InstanceFacts;
import dev.gpunotebook.core.diagnose.snapshot.ListenerFacts;
import dev.gpunotebook.core.diagnose.snapshot.LoadBalancerFacts;
import dev.gpunotebook.core.diagnose.snapshot.LoadBalancerFacts.ZoneSubnet;
import dev.gpunotebook.core.diagnose.snapshot.RuleFacts;
import dev.gpunotebook.core.diagnose.snapshot.SecurityGroupFacts;
import dev.gpunotebook.core.diagnose.snapshot.SecurityGroupFacts.Permission;
import dev.gpunotebook.core.diagnose.snapshot.ServiceFacts;
import dev.gpunotebook.core.diagnose.snapshot.Snapshot;
import dev.gpunotebook.core.diagnose.snapshot.TargetGroupFacts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Verifies the way in: the service has a load balancer block, its target group exists and a
 * load balancer uses it, the ALB is active in at least two Availability Zones (including the
 * instance's, else its target is never used), a listener rule forwards Jupyter's path to the
 * target group (rules are taken in priority order, so an earlier rule that catches the path and
 * sends it elsewhere is a FAIL), and the ALB's security group admits clients on the listener port.
 * Plain HTTP open to 0.0.0.0/0 (or ::/0) on any listener that forwards to the notebook is a WARN,
 * also beside an HTTPS listener: the Jupyter token would cross the internet in clear.
 * A service given by --cluster/--service without any load balancer block is a WARN (it may be
 * reached another way); a notebook's service without one is a FAIL.
 *
 * <p>Needs ECS DescribeServices, ELBv2 DescribeTargetGroups, DescribeLoadBalancers,
 * DescribeListeners, DescribeRules ({@code elasticloadbalancing:Describe*}) and EC2
 * DescribeSecurityGroups.
 *
 * @see <a href="https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html">https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html</a>
 */
public final class AlbListenerCheck extends BaseCheck {
    static final String DOCS = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html";

    public AlbListenerCheck() {
        super(CheckIds.ALB_LISTENER, Area.LOAD_BALANCER, DOCS, CheckIds.CREDENTIALS);
    }

    private record Forwarding(ListenerFacts listener, RuleFacts rule) {
    }

    @Override
    CheckResult evaluate(Snapshot s) {
        String region = s.target().region();
        ServiceFacts service = need(s.service(), "service " + s.target().service(),
                () -> skip(CheckIds.SERVICE_PLACEMENT, "the service does not exist"));
        if (service.loadBalancers().isEmpty()) {
            String attach = "aws ecs update-service --cluster " + s.target().cluster() + " --service " + service.name()
                    + " --load-balancers targetGroupArn=TARGET_GROUP_ARN,containerName=CONTAINER,containerPort=8888"
                    + " --region " + region;
            List<String> evidence = List.of("service " + service.arn() + ": loadBalancers []");
            if (s.target().notebook() == null) {
                // A service of one's own may be reached another way (SSM port forwarding, a VPN): not broken.
                return warn("Service " + service.name() + " has no load balancer: no ALB reaches Jupyter, so only a "
                        + "way around it (SSM port forwarding, the instance's own address) does; the load balancer "
                        + "checks are skipped.", evidence, "To publish it through an ALB: " + attach);
            }
            return fail("Service " + service.name() + " has no load balancer: ECS never registers its tasks as targets.",
                    evidence, attach);
        }
        String groupArn = service.loadBalancers().get(0).targetGroupArn();
        TargetGroupFacts group = need(s.targetGroup(), "target group " + groupArn, () -> fail(
                "Target group " + RuleFacts.shortArn(groupArn) + " of the service does not exist.", List.of(groupArn),
                "Create a target group (HTTP, target type instance, health check path BASE_URL/api) and point the "
                        + "service at it (aws ecs update-service --load-balancers ...)."));
        String createRule = "aws elbv2 create-rule --listener-arn LISTENER_ARN --priority 10 --conditions "
                + "Field=path-pattern,Values='" + Stack.basePath(s).orElse("/") + "*' --actions Type=forward,"
                + "TargetGroupArn=" + group.arn() + " --region " + region;
        LoadBalancerFacts lb = need(s.loadBalancer(), "the load balancer of " + group.name(), () -> fail(
                "No load balancer uses target group " + group.name() + ": no listener rule forwards to it.",
                List.of(group.arn() + ": LoadBalancerArns []"), createRule));
        List<ListenerFacts> listeners = need(s.listeners(), "the listeners of " + lb.name());
        List<String> evidence = new ArrayList<>();
        evidence.add("load balancer " + lb.name() + " (" + lb.scheme() + ", " + lb.state() + ") " + lb.dnsName()
                + " in " + String.join(", ", lb.availabilityZones().stream().map(ZoneSubnet::zoneName).toList()));
        listeners.forEach(l -> evidence.add("listener " + l.protocol() + ":" + l.port() + ": " + String.join("; ",
                l.rules().stream().sorted(Comparator.comparingInt(RuleFacts::order)).map(RuleFacts::toString).toList())));

        if (lb.state().equals("failed")) {
            return fail("Load balancer " + lb.name() + " is in state failed" + (lb.stateReason().isBlank() ? "."
                    : ": " + lb.stateReason() + "."), evidence, "Delete and recreate the load balancer.");
        }
        if (lb.availabilityZones().size() < 2) {
            return fail("Load balancer " + lb.name() + " is in " + lb.availabilityZones().size()
                    + " Availability Zone(s); an ALB needs two.", evidence, "aws elbv2 set-subnets --load-balancer-arn "
                    + lb.arn() + " --subnets SUBNET_A SUBNET_B --region " + region + " (subnets in two zones)");
        }
        Optional<String> instanceZone = s.instance().toOptional().map(InstanceFacts::availabilityZone);
        if (group.targetType().equals("instance") && instanceZone.isPresent() && lb.availabilityZones().stream()
                .noneMatch(z -> z.zoneName().equals(instanceZone.get()))) {
            return fail("The instance is in " + instanceZone.get() + ", a zone load balancer " + lb.name()
                    + " does not serve: its target stays unused.", evidence, "Add a subnet of " + instanceZone.get()
                    + " to the load balancer: aws elbv2 set-subnets --load-balancer-arn " + lb.arn()
                    + " --subnets ... --region " + region);
        }
        Optional<String> base = Stack.basePath(s);
        List<Forwarding> forwardings = new ArrayList<>();
        Optional<RuleFacts> shadowing = Optional.empty();
        for (ListenerFacts listener : listeners) {
            List<RuleFacts> rules = listener.rules().stream().sorted(Comparator.comparingInt(RuleFacts::order)).toList();
            for (RuleFacts rule : rules) {
                boolean toGroup = rule.forwardTargetGroupArns().contains(group.arn());
                if (base.isEmpty()) {
                    if (toGroup) {
                        forwardings.add(new Forwarding(listener, rule));
                        break;
                    }
                    continue;
                }
                boolean matches = rule.pathPatterns().isEmpty()
                        || rule.pathPatterns().stream().anyMatch(p -> Stack.pathMatches(p, base.get() + "api"));
                if (!matches) {
                    continue;
                }
                if (toGroup) {
                    forwardings.add(new Forwarding(listener, rule));
                    break;
                }
                if (rule.matchesEveryHost() && !rule.isDefault()) {
                    // Taken first for every request to the path: nothing after it on this listener is reached.
                    shadowing = shadowing.or(() -> Optional.of(rule));
                    break;
                }
            }
        }
        if (forwardings.isEmpty()) {
            String what = base.map(b -> "requests to " + b).orElse("requests");
            if (shadowing.isPresent()) {
                return fail("Rule \"" + shadowing.get() + "\" takes " + what + " before any rule that forwards to "
                        + group.name() + ".", evidence, "Give the notebook's rule a lower priority number than "
                        + shadowing.get().priority() + " (aws elbv2 set-rule-priorities), or " + createRule);
            }
            return fail("No listener rule forwards " + what + " to target group " + group.name() + ".", evidence,
                    createRule);
        }
        Forwarding first = forwardings.get(0);
        ListenerFacts listener = first.listener();
        evidence.add("forwarding: " + listener.protocol() + ":" + listener.port() + " " + first.rule());
        lb.securityGroupIds().stream().filter(groupId -> s.securityGroup(groupId).isEmpty()).forEach(groupId -> evidence.add(
                groupId + ": " + (s.securityGroups().isKnown() ? "not found" : s.securityGroups().describe())));
        List<String> sources = clients(s, lb, listener.port());
        boolean groupsKnown = lb.securityGroupIds().stream().allMatch(id -> s.securityGroup(id).isPresent());
        if (!lb.securityGroupIds().isEmpty() && groupsKnown && sources.isEmpty()) {
            return fail("The load balancer's security group (" + String.join(", ", lb.securityGroupIds())
                    + ") admits nobody on port " + listener.port() + ".", evidence,
                    "aws ec2 authorize-security-group-ingress --group-id " + lb.securityGroupIds().get(0)
                            + " --protocol tcp --port " + listener.port() + " --cidr YOUR_CIDR --region " + region);
        }
        if (!sources.isEmpty()) {
            evidence.add("clients admitted on port " + listener.port() + ": " + String.join(", ", sources));
        }
        // Any listener that forwards in clear counts, not only the first found: AWS does not order them.
        Optional<Forwarding> clear = forwardings.stream().filter(f -> f.listener().protocol().equalsIgnoreCase("HTTP")
                && isWholeInternet(clients(s, lb, f.listener().port()))).findFirst();
        if (clear.isPresent() && lb.scheme().equals("internet-facing")) {
            ListenerFacts http = clear.get().listener();
            if (!clear.get().equals(first)) {
                evidence.add("also forwarding: " + http.protocol() + ":" + http.port() + " " + clear.get().rule()
                        + "; clients admitted: " + String.join(", ", clients(s, lb, http.port())));
            }
            return warn("Plain HTTP on port " + http.port() + " is open to the whole internet: the Jupyter token "
                    + "crosses it in clear.", evidence, "Add an HTTPS listener with an ACM certificate (aws elbv2 "
                    + "create-listener --protocol HTTPS --port 443 --certificates CertificateArn=...), redirect HTTP to "
                    + "it, and admit only your own CIDRs in " + lb.securityGroupIds().get(0) + ".");
        }
        if (!lb.state().equals("active")) {
            return warn("Load balancer " + lb.name() + " is " + lb.state() + ".", evidence, null);
        }
        return pass(listener.protocol() + ":" + listener.port() + " on " + lb.name() + " forwards "
                + base.map(b -> b + "* ").orElse("") + "to " + group.name() + ".", evidence);
    }

    /** The sources the load balancer's security groups admit on {@code port}: CIDRs, groups, prefix lists. */
    private static List<String> clients(Snapshot s, LoadBalancerFacts lb, int port) {
        List<String> sources = new ArrayList<>();
        for (String groupId : lb.securityGroupIds()) {
            for (Permission p : s.securityGroup(groupId).map(SecurityGroupFacts::ingress).orElse(List.of())) {
                int[] range = p.tcpRange();
                if (p.coversTcp() && range[0] <= port && port <= range[1]) {
                    sources.addAll(p.ipv4Ranges());
                    sources.addAll(p.ipv6Ranges());
                    sources.addAll(p.groupIds());
                    sources.addAll(p.prefixListIds());
                }
            }
        }
        return sources;
    }

    private static boolean isWholeInternet(List<String> sources) {
        return sources.contains("0.0.0.0/0") || sources.contains("::/0");
    }
}
