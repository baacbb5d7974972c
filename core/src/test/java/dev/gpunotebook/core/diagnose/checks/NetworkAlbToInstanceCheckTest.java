package dev.gpunotebook.core.diagnose.checks;

import static dev.gpunotebook.core.diagnose.Snapshots.ALB_SG;
import static dev.gpunotebook.core.diagnose.Snapshots.container;
import static dev.gpunotebook.core.diagnose.Snapshots.healthy;
import static dev.gpunotebook.core.diagnose.Snapshots.instance;
import static dev.gpunotebook.core.diagnose.Snapshots.instanceSecurityGroup;
import static dev.gpunotebook.core.diagnose.Snapshots.jupyter;
import static dev.gpunotebook.core.diagnose.Snapshots.known;
import static dev.gpunotebook.core.diagnose.Snapshots.securityGroupsWithInstanceGroup;
import static dev.gpunotebook.core.diagnose.Snapshots.service;
import static dev.gpunotebook.core.diagnose.Snapshots.taskDefinition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.Snapshots;
import dev.gpunotebook.core.diagnose.Status;
import dev.gpunotebook.core.diagnose.snapshot.Fact;
import dev.gpunotebook.core.diagnose.snapshot.SecurityGroupFacts.Permission;
import dev.gpunotebook.core.diagnose.snapshot.ServiceFacts.DeploymentConfig;
import dev.gpunotebook.core.diagnose.snapshot.Snapshot;
import dev.gpunotebook.core.diagnose.snapshot.TaskDefinitionFacts.PortMapping;
import dev.gpunotebook.core.diagnose.snapshot.UserData;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class NetworkAlbToInstanceCheckTest {
    private final NetworkAlbToInstanceCheck check = new NetworkAlbToInstanceCheck();

    private static Snapshot.Builder withInstanceIngress(Permission... ingress) {
        return healthy().securityGroups(securityGroupsWithInstanceGroup(instanceSecurityGroup(List.of(ingress))));
    }

    @Nested
    @DisplayName("dynamic host ports")
    class DynamicHostPorts {
        @Test
        void run_whenAlbGroupIsAdmittedOnTheWholeRange_passes() {
            CheckResult result = check.run(healthy().build());

            assertThat(result.status()).isEqualTo(Status.PASS);
            assertThat(result.evidence()).contains("sg-0instance ingress: tcp 32768-65535 <-> sg-0alb");
        }

        @Test
        void run_whenTheRuleIsMissing_failsWithTheAuthorizeCommand() {
            CheckResult result = check.run(withInstanceIngress().build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("does not admit the load balancer (sg-0alb) on tcp 32768-65535");
            assertThat(result.remediation()).isEqualTo("aws ec2 authorize-security-group-ingress --group-id sg-0instance "
                    + "--protocol tcp --port 32768-65535 --source-group sg-0alb --region eu-west-1");
        }

        @Test
        void run_whenOnlyPartOfTheRangeIsOpen_failsNamingTheRest() {
            CheckResult result = check.run(withInstanceIngress(Permission.tcp(32768, 40000, List.of(), List.of(ALB_SG)))
                    .build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("on tcp 40001-65535");
        }

        @Test
        void run_whenTwoRulesCoverTheRangeTogether_passes() {
            CheckResult result = check.run(withInstanceIngress(Permission.tcp(32768, 50000, List.of(), List.of(ALB_SG)),
                    Permission.tcp(50001, 65535, List.of(), List.of(ALB_SG))).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
        }

        @Test
        void run_whenTheSourceIsACidrHoldingTheAlbSubnets_passes() {
            CheckResult result = check.run(withInstanceIngress(Permission.tcp(32768, 65535, List.of("10.0.0.0/16"),
                    List.of())).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
        }

        @Test
        void run_whenCidrHoldsOnlyOneAlbSubnet_fails() {
            CheckResult result = check.run(withInstanceIngress(Permission.tcp(32768, 65535, List.of("10.0.1.0/24"),
                    List.of())).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
        }

        @Test
        void run_whenUserDataNarrowsTheDynamicRange_needsOnlyThatRange() {
            CheckResult result = check.run(withInstanceIngress(Permission.tcp(40000, 50000, List.of(), List.of(ALB_SG)))
                    .userData(known(UserData.ofText(Snapshots.USER_DATA
                            + "echo ECS_DYNAMIC_HOST_PORT_RANGE=40000-50000 >> /etc/ecs/ecs.config\n"))).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
            assertThat(result.evidence().get(0)).contains("ECS_DYNAMIC_HOST_PORT_RANGE");
        }

        @Test
        void run_whenTheRangeIsAlsoOpenToTheWorldOnAPublicInstance_warns() {
            CheckResult result = check.run(withInstanceIngress(Permission.tcp(0, 65535, List.of("0.0.0.0/0"), List.of()))
                    .build());

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).contains("reachable from the internet");
        }

        @Test
        void run_whenOpenToTheWorldButPrivate_passes() {
            CheckResult result = check.run(withInstanceIngress(Permission.tcp(0, 65535, List.of("0.0.0.0/0"), List.of()))
                    .instance(known(instance("running", null, null, "g5.xlarge"))).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
        }
    }

    @Nested
    @DisplayName("fixed ports and awsvpc")
    class FixedPortsAndAwsvpc {
        @Test
        void run_whenFixedHostPortIsAdmitted_passesForThatPortOnly() {
            CheckResult result = check.run(withInstanceIngress(Permission.tcp(8888, 8888, List.of(), List.of(ALB_SG)))
                    .taskDefinition(known(taskDefinition("bridge", jupyter(12288, null, 1, 8888)))).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
            assertThat(result.summary()).contains("tcp 8888");
        }

        @Test
        void run_whenAwsvpcTaskGroupDoesNotAdmitTheAlb_failsOnTheTasksGroup() {
            var awsvpcService = new dev.gpunotebook.core.diagnose.snapshot.ServiceFacts(Snapshots.SERVICE_ARN,
                    Snapshots.SERVICE, "ACTIVE", 1, 1, 0, "EC2", List.of(), Snapshots.TASK_DEFINITION_ARN,
                    service(1, 1, 0, List.of()).loadBalancers(), List.of(), new DeploymentConfig(0, 100), List.of(),
                    List.of(), List.of("sg-0task"));

            CheckResult result = check.run(healthy().service(known(awsvpcService))
                    .taskDefinition(known(taskDefinition("awsvpc", jupyter(12288, null, 1, 8888)))).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("sg-0task", "tcp 8888");
        }

        @Test
        void run_whenAwsvpcTaskGroupIsAlsoOpenToTheWorld_passesBecauseTheTaskEniHasNoPublicIp() {
            var awsvpcService = new dev.gpunotebook.core.diagnose.snapshot.ServiceFacts(Snapshots.SERVICE_ARN,
                    Snapshots.SERVICE, "ACTIVE", 1, 1, 0, "EC2", List.of(), Snapshots.TASK_DEFINITION_ARN,
                    service(1, 1, 0, List.of()).loadBalancers(), List.of(), new DeploymentConfig(0, 100), List.of(),
                    List.of(), List.of("sg-0task"));
            var taskGroup = new dev.gpunotebook.core.diagnose.snapshot.SecurityGroupFacts("sg-0task", "task", List.of(
                    Permission.tcp(8888, 8888, List.of(), List.of(ALB_SG)),
                    Permission.tcp(8888, 8888, List.of("0.0.0.0/0"), List.of())), List.of());
            List<dev.gpunotebook.core.diagnose.snapshot.SecurityGroupFacts> groups = new java.util.ArrayList<>(
                    healthy().build().securityGroups().toOptional().orElseThrow());
            groups.add(taskGroup);

            CheckResult result = check.run(healthy().service(known(awsvpcService)).securityGroups(known(groups))
                    .taskDefinition(known(taskDefinition("awsvpc", jupyter(12288, null, 1, 8888)))).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
        }
    }

    @Nested
    @DisplayName("when there is nothing to check")
    class NothingToCheck {
        @Test
        void run_whenServiceHasNoLoadBalancer_skipsNamingAlbListener() {
            CheckResult result = check.run(healthy().service(known(Snapshots.serviceWithoutLoadBalancer())).build());

            assertThat(result.status()).isEqualTo(Status.SKIP);
            assertThat(result.summary()).contains("alb.listener");
        }

        @Test
        void run_whenContainerPortIsNotMapped_skipsNamingTaskPorts() {
            CheckResult result = check.run(healthy().taskDefinition(known(taskDefinition("bridge",
                    Snapshots.container(12288, null, 1, List.of(), List.of())))).build());

            assertThat(result.status()).isEqualTo(Status.SKIP);
            assertThat(result.summary()).contains("task.ports");
        }

        @Test
        void run_whenTheLoadBalancerHasNoSecurityGroup_warnsItCannotCheck() {
            var nlb = new dev.gpunotebook.core.diagnose.snapshot.LoadBalancerFacts(Snapshots.LB_ARN, "nlb", Snapshots.LB_DNS,
                    "internet-facing", "network", "active", null, List.of(), List.of());

            CheckResult result = check.run(healthy().loadBalancer(known(nlb)).build());

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).contains("has no security group");
        }

        @Test
        void run_whenSecurityGroupsAreDenied_isUnknown() {
            CheckResult result = check.run(healthy().securityGroups(Fact.denied("ec2:DescribeSecurityGroups", "")).build());

            assertThat(result.status()).isEqualTo(Status.UNKNOWN);
            assertThat(result.summary()).contains("ec2:DescribeSecurityGroups");
        }
    }

    @Nested
    @DisplayName("what it quotes and which mapping it judges")
    class WhatItQuotesAndWhichMappingItJudges {
        @Test
        void run_whenTheRuleIsMissing_quotesThePortsTheGroupsAndTheInstancesEmptyIngress() {
            CheckResult result = check.run(withInstanceIngress().build());

            assertThat(result.evidence()).containsExactly(
                    "the load balancer must reach tcp 32768-65535 (hostPort 0: ECS picks from the dynamic range "
                            + "32768-65535 (ECS default))",
                    "ALB security groups: sg-0alb",
                    "sg-0instance ingress: none");
        }

        @Test
        void run_whenAMetricsPortIsMappedBeforeJupyters_judgesTheLoadBalancedOne() {
            CheckResult result = check.run(healthy().taskDefinition(known(taskDefinition("bridge", container(12288, null, 1,
                    List.of(new PortMapping(9100, 9100, "tcp"), new PortMapping(8888, 0, "tcp")), List.of())))).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
            assertThat(result.summary()).endsWith("on tcp 32768-65535.");
        }
    }
}
