package dev.gpunotebook.core.diagnose.checks;

import static dev.gpunotebook.core.diagnose.Snapshots.ALB_SG;
import static dev.gpunotebook.core.diagnose.Snapshots.LISTENER_ARN;
import static dev.gpunotebook.core.diagnose.Snapshots.SUBNET_A;
import static dev.gpunotebook.core.diagnose.Snapshots.SUBNET_B;
import static dev.gpunotebook.core.diagnose.Snapshots.TG_ARN;
import static dev.gpunotebook.core.diagnose.Snapshots.defaultRule;
import static dev.gpunotebook.core.diagnose.Snapshots.healthCheck;
import static dev.gpunotebook.core.diagnose.Snapshots.healthy;
import static dev.gpunotebook.core.diagnose.Snapshots.instanceSecurityGroup;
import static dev.gpunotebook.core.diagnose.Snapshots.known;
import static dev.gpunotebook.core.diagnose.Snapshots.loadBalancer;
import static dev.gpunotebook.core.diagnose.Snapshots.rule;
import static dev.gpunotebook.core.diagnose.Snapshots.service;
import static dev.gpunotebook.core.diagnose.Snapshots.targetGroup;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.Snapshots;
import dev.gpunotebook.core.diagnose.Status;
import dev.gpunotebook.core.diagnose.snapshot.DiagnosisTarget;
import dev.gpunotebook.core.diagnose.snapshot.Fact;
import dev.gpunotebook.core.diagnose.snapshot.ListenerFacts;
import dev.gpunotebook.core.diagnose.snapshot.LoadBalancerFacts;
import dev.gpunotebook.core.diagnose.snapshot.LoadBalancerFacts.ZoneSubnet;
import dev.gpunotebook.core.diagnose.snapshot.RuleFacts;
import dev.gpunotebook.core.diagnose.snapshot.SecurityGroupFacts;
import dev.gpunotebook.core.diagnose.snapshot.SecurityGroupFacts.Permission;
import dev.gpunotebook.core.diagnose.snapshot.Snapshot;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AlbListenerCheckTest {
    private final AlbListenerCheck check = new AlbListenerCheck();
    private static final String OTHER_TG = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/other/1";

    private static Snapshot.Builder withRules(String protocol, int port, RuleFacts... rules) {
        return healthy().listeners(known(List.of(new ListenerFacts(LISTENER_ARN, port, protocol, List.of(rules)))));
    }

    private static Snapshot.Builder withAlbIngress(Permission... ingress) {
        return healthy().securityGroups(known(List.of(instanceSecurityGroup(List.of()),
                new SecurityGroupFacts(ALB_SG, "alb", List.of(ingress), List.of()))));
    }

    @Test
    void run_whenARuleForwardsTheNotebookPath_passes() {
        CheckResult result = check.run(healthy().build());

        assertThat(result.status()).isEqualTo(Status.PASS);
        assertThat(result.summary()).isEqualTo("HTTPS:443 on gpu-notebook-dev forwards /notebook/alice/* to "
                + "gpu-notebook-alice.");
    }

    @Nested
    @DisplayName("the pieces between service and load balancer")
    class ThePieces {
        @Test
        void run_whenServiceHasNoLoadBalancerBlock_failsWithTheUpdateCommand() {
            CheckResult result = check.run(healthy().service(known(Snapshots.serviceWithoutLoadBalancer())).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.remediation()).contains("--load-balancers targetGroupArn=");
        }

        @Test
        void run_whenAHandBuiltServiceHasNoLoadBalancer_warnsThatItIsReachedAnotherWay() {
            CheckResult result = check.run(healthy().target(new DiagnosisTarget("ml", "jupyter", null, "eu-west-1"))
                    .service(known(Snapshots.serviceWithoutLoadBalancer())).build());

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).contains("no load balancer", "SSM port forwarding");
            assertThat(result.remediation()).contains("--load-balancers targetGroupArn=");
        }

        @Test
        void run_whenTargetGroupIsGone_fails() {
            CheckResult result = check.run(healthy().targetGroup(Fact.missing("target group")).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("does not exist");
        }

        @Test
        void run_whenNoLoadBalancerUsesTheTargetGroup_failsWithCreateRule() {
            CheckResult result = check.run(healthy().targetGroup(known(targetGroup(healthCheck("/notebook/alice/api",
                    "traffic-port", "200"), "instance", List.of()))).loadBalancer(Fact.missing("load balancer")).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.remediation()).contains("aws elbv2 create-rule", "Values='/notebook/alice/*'");
        }

        @Test
        void run_whenLoadBalancerIsInOneZone_fails() {
            CheckResult result = check.run(healthy().loadBalancer(known(loadBalancer(List.of(
                    new ZoneSubnet("eu-west-1a", SUBNET_A))))).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("needs two");
        }

        @Test
        void run_whenInstanceZoneIsNotServed_fails() {
            CheckResult result = check.run(healthy().loadBalancer(known(loadBalancer(List.of(
                    new ZoneSubnet("eu-west-1b", SUBNET_B), new ZoneSubnet("eu-west-1c", "subnet-0c"))))).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("eu-west-1a", "stays unused");
        }

        @Test
        void run_whenLoadBalancerFailed_fails() {
            LoadBalancerFacts failed = new LoadBalancerFacts(Snapshots.LB_ARN, "gpu-notebook-dev", Snapshots.LB_DNS,
                    "internet-facing", "application", "failed", "subnet quota", List.of(new ZoneSubnet("eu-west-1a", SUBNET_A),
                    new ZoneSubnet("eu-west-1b", SUBNET_B)), List.of(ALB_SG));

            CheckResult result = check.run(healthy().loadBalancer(known(failed)).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).isEqualTo("Load balancer gpu-notebook-dev is in state failed: subnet quota.");
        }

        @Test
        void run_whenLoadBalancerIsStillProvisioning_warns() {
            LoadBalancerFacts provisioning = new LoadBalancerFacts(Snapshots.LB_ARN, "gpu-notebook-dev", Snapshots.LB_DNS,
                    "internet-facing", "application", "provisioning", null, List.of(new ZoneSubnet("eu-west-1a", SUBNET_A),
                    new ZoneSubnet("eu-west-1b", SUBNET_B)), List.of(ALB_SG));

            assertThat(check.run(healthy().loadBalancer(known(provisioning)).build()).status()).isEqualTo(Status.WARN);
        }
    }

    @Nested
    @DisplayName("listener rules")
    class ListenerRules {
        @Test
        void run_whenNoRuleForwardsToTheTargetGroup_fails() {
            CheckResult result = check.run(withRules("HTTPS", 443, defaultRule("fixed-response")).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("No listener rule forwards requests to /notebook/alice/");
        }

        @Test
        void run_whenAnEarlierRuleCatchesThePath_failsNamingIt() {
            CheckResult result = check.run(withRules("HTTPS", 443, rule("1", List.of("/notebook/*"), "forward", OTHER_TG),
                    rule("10", List.of("/notebook/alice/*"), "forward", TG_ARN), defaultRule("fixed-response")).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("priority 1 path /notebook/*");
            assertThat(result.remediation()).contains("set-rule-priorities");
        }

        @Test
        void run_whenAnEarlierRuleCatchesThePathOnEveryListener_failsNamingIt() {
            // Rules mirrored on HTTP and HTTPS: the catch-all takes the path on both, so no listener reaches the notebook.
            List<RuleFacts> mirrored = List.of(rule("1", List.of("/notebook/*"), "forward", OTHER_TG),
                    rule("10", List.of("/notebook/alice/*"), "forward", TG_ARN), defaultRule("fixed-response"));

            CheckResult result = check.run(healthy().listeners(known(List.of(
                    new ListenerFacts(LISTENER_ARN.replace("f2f7dc8efc522ab2", "0c1d2e3f4a5b6c7d"), 80, "HTTP", mirrored),
                    new ListenerFacts(LISTENER_ARN, 443, "HTTPS", mirrored)))).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("priority 1 path /notebook/*");
        }

        @Test
        void run_whenAnEarlierRuleCatchesThePathOnlyForAnotherHost_passes() {
            RuleFacts otherHost = new RuleFacts(LISTENER_ARN.replace(":listener/", ":listener-rule/") + "/1", "1", false,
                    List.of("/notebook/*"), List.of("grafana.example.com"), List.of(), "forward", List.of(OTHER_TG));

            CheckResult result = check.run(withRules("HTTPS", 443, otherHost,
                    rule("10", List.of("/notebook/alice/*"), "forward", TG_ARN), defaultRule("fixed-response")).build());

            assertThat(result.status()).as(result.toString()).isEqualTo(Status.PASS);
        }

        @Test
        void run_whenRulePathDoesNotMatchTheBaseUrl_fails() {
            CheckResult result = check.run(withRules("HTTPS", 443, rule("10", List.of("/alice/*"), "forward", TG_ARN),
                    defaultRule("fixed-response")).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
        }

        @Test
        void run_whenTheDefaultActionForwards_passes() {
            CheckResult result = check.run(withRules("HTTPS", 443, defaultRule("forward", TG_ARN)).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
        }

        @Test
        void run_whenHandBuiltWithoutKnownBaseUrl_acceptsAnyForwardingRule() {
            CheckResult result = check.run(withRules("HTTPS", 443, rule("5", List.of("/lab*"), "forward", TG_ARN))
                    .target(new DiagnosisTarget("ml", "jupyter", null, "eu-west-1"))
                    .taskDefinition(known(Snapshots.taskDefinition("bridge", Snapshots.container(12288, null, 1,
                            List.of(new dev.gpunotebook.core.diagnose.snapshot.TaskDefinitionFacts.PortMapping(8888, 0,
                                    "tcp")), List.of())))).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
        }

        @Test
        void run_whenListenersAreDenied_isUnknown() {
            CheckResult result = check.run(healthy().listeners(Fact.denied("elasticloadbalancing:DescribeRules", "")).build());

            assertThat(result.status()).isEqualTo(Status.UNKNOWN);
            assertThat(result.summary()).contains("elasticloadbalancing:DescribeRules");
        }
    }

    @Nested
    @DisplayName("who may connect")
    class WhoMayConnect {
        @Test
        void run_whenAlbGroupAdmitsNobodyOnTheListenerPort_fails() {
            CheckResult result = check.run(withAlbIngress(Permission.tcp(80, 80, List.of("0.0.0.0/0"), List.of())).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("admits nobody on port 443");
            assertThat(result.remediation()).contains("--port 443");
        }

        @Test
        void run_whenPlainHttpIsOpenToTheInternet_warns() {
            CheckResult result = check.run(withRules("HTTP", 80, rule("10", List.of("/notebook/alice/*"), "forward", TG_ARN))
                    .securityGroups(known(List.of(instanceSecurityGroup(List.of()), new SecurityGroupFacts(ALB_SG, "alb",
                            List.of(Permission.tcp(80, 80, List.of("0.0.0.0/0"), List.of())), List.of())))).build());

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).contains("Plain HTTP", "in clear");
            assertThat(result.remediation()).contains("--protocol HTTPS");
        }

        @Test
        void run_whenAnHttpListenerAlsoForwardsAfterTheHttpsOne_warns() {
            // The token crosses port 80 in clear however AWS happens to order the listeners.
            ListenerFacts https = new ListenerFacts(LISTENER_ARN, 443, "HTTPS",
                    List.of(rule("10", List.of("/notebook/alice/*"), "forward", TG_ARN), defaultRule("fixed-response")));
            ListenerFacts http = new ListenerFacts(LISTENER_ARN.replace("f2f7dc8efc522ab2", "0c1d2e3f4a5b6c7d"), 80, "HTTP",
                    List.of(rule("10", List.of("/notebook/alice/*"), "forward", TG_ARN), defaultRule("fixed-response")));

            CheckResult result = check.run(withAlbIngress(Permission.tcp(443, 443, List.of("0.0.0.0/0"), List.of()),
                    Permission.tcp(80, 80, List.of("0.0.0.0/0"), List.of())).listeners(known(List.of(https, http))).build());

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).contains("Plain HTTP on port 80");
            assertThat(result.evidence()).contains("also forwarding: HTTP:80 priority 10 path /notebook/alice/* -> "
                    + "forward targetgroup/gpu-notebook-alice/73e2d6bc24d8a067; clients admitted: 0.0.0.0/0");
        }

        @Test
        void run_whenTheHttpListenerRedirectsToHttps_passes() {
            ListenerFacts https = new ListenerFacts(LISTENER_ARN, 443, "HTTPS",
                    List.of(rule("10", List.of("/notebook/alice/*"), "forward", TG_ARN), defaultRule("fixed-response")));
            ListenerFacts http = new ListenerFacts(LISTENER_ARN.replace("f2f7dc8efc522ab2", "0c1d2e3f4a5b6c7d"), 80, "HTTP",
                    List.of(defaultRule("redirect")));

            CheckResult result = check.run(withAlbIngress(Permission.tcp(443, 443, List.of("0.0.0.0/0"), List.of()),
                    Permission.tcp(80, 80, List.of("0.0.0.0/0"), List.of())).listeners(known(List.of(http, https))).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
            assertThat(result.summary()).startsWith("HTTPS:443");
        }

        @Test
        void run_whenHttpsIsOpenToTheInternet_passes() {
            CheckResult result = check.run(withAlbIngress(Permission.tcp(443, 443, List.of("0.0.0.0/0"), List.of())).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
        }
    }

    @Nested
    @DisplayName("what it quotes and what it cannot see")
    class WhatItQuotesAndWhatItCannotSee {
        @Test
        void run_whenHealthy_quotesLoadBalancerListenerForwardingAndClients() {
            CheckResult result = check.run(healthy().build());

            assertThat(result.evidence()).containsExactly(
                    "load balancer gpu-notebook-dev (internet-facing, active) " + Snapshots.LB_DNS + " in eu-west-1a, "
                            + "eu-west-1b",
                    "listener HTTPS:443: priority 10 path /notebook/alice/* -> forward "
                            + "targetgroup/gpu-notebook-alice/73e2d6bc24d8a067; default -> fixed-response",
                    "forwarding: HTTPS:443 priority 10 path /notebook/alice/* -> forward "
                            + "targetgroup/gpu-notebook-alice/73e2d6bc24d8a067",
                    "clients admitted on port 443: 198.51.100.0/24");
        }

        @Test
        void run_whenTheLoadBalancersGroupWasNotFound_saysSoWithoutBlamingIt() {
            CheckResult result = check.run(healthy().securityGroups(known(List.of(instanceSecurityGroup(List.of()))))
                    .build());

            assertThat(result.status()).isEqualTo(Status.PASS);
            assertThat(result.evidence()).contains(ALB_SG + ": not found");
        }

        @Test
        void run_whenSecurityGroupsAreDenied_quotesTheRefusalWithoutBlamingTheGroup() {
            CheckResult result = check.run(healthy().securityGroups(Fact.denied("ec2:DescribeSecurityGroups", "")).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
            assertThat(result.evidence()).contains(ALB_SG + ": access denied to ec2:DescribeSecurityGroups");
        }

        @Test
        void run_whenPlainHttpIsOpenToEveryIpv6Address_warns() {
            CheckResult result = check.run(withRules("HTTP", 80, rule("10", List.of("/notebook/alice/*"), "forward", TG_ARN))
                    .securityGroups(known(List.of(instanceSecurityGroup(List.of()), new SecurityGroupFacts(ALB_SG, "alb",
                            List.of(new Permission("tcp", 80, 80, List.of(), List.of("::/0"), List.of(), List.of())),
                            List.of())))).build());

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).contains("Plain HTTP on port 80");
        }

        @Test
        void run_whenPlainHttpAdmitsOnlyTheTeamsOwnAddresses_passes() {
            CheckResult result = check.run(withRules("HTTP", 80, rule("10", List.of("/notebook/alice/*"), "forward", TG_ARN))
                    .securityGroups(known(List.of(instanceSecurityGroup(List.of()), new SecurityGroupFacts(ALB_SG, "alb",
                            List.of(new Permission("tcp", 80, 80, List.of("203.0.113.0/24"), List.of("2001:db8::/32"),
                                    List.of(), List.of())), List.of())))).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
            assertThat(result.evidence()).contains("clients admitted on port 80: 203.0.113.0/24, 2001:db8::/32");
        }
    }
}
