package dev.gpunotebook.core.diagnose.checks;

import static dev.gpunotebook.core.diagnose.Snapshots.TG_ARN;
import static dev.gpunotebook.core.diagnose.Snapshots.container;
import static dev.gpunotebook.core.diagnose.Snapshots.healthCheck;
import static dev.gpunotebook.core.diagnose.Snapshots.healthy;
import static dev.gpunotebook.core.diagnose.Snapshots.jupyter;
import static dev.gpunotebook.core.diagnose.Snapshots.known;
import static dev.gpunotebook.core.diagnose.Snapshots.service;
import static dev.gpunotebook.core.diagnose.Snapshots.targetGroup;
import static dev.gpunotebook.core.diagnose.Snapshots.taskDefinition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.Snapshots;
import dev.gpunotebook.core.diagnose.Status;
import dev.gpunotebook.core.diagnose.snapshot.Fact;
import dev.gpunotebook.core.diagnose.snapshot.ServiceFacts.DeploymentConfig;
import dev.gpunotebook.core.diagnose.snapshot.ServiceFacts.ServiceLoadBalancer;
import dev.gpunotebook.core.diagnose.snapshot.TaskDefinitionFacts.PortMapping;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TaskPortsCheckTest {
    private final TaskPortsCheck check = new TaskPortsCheck();

    private static Fact<dev.gpunotebook.core.diagnose.snapshot.ServiceFacts> serviceSendingTo(String container, int port,
            DeploymentConfig deployment, int desired) {
        return known(service(desired, desired, 0, List.of(), deployment, "EC2",
                List.of(new ServiceLoadBalancer(TG_ARN, container, port))));
    }

    @Test
    void run_whenPortsAgreeAndHealthCheckUsesTrafficPort_passes() {
        CheckResult result = check.run(healthy().build());

        assertThat(result.status()).isEqualTo(Status.PASS);
        assertThat(result.summary()).contains("dynamic host port", "traffic-port");
    }

    @Nested
    @DisplayName("the load balancer block and the task definition")
    class LoadBalancerBlockAndTaskDefinition {
        @Test
        void run_whenContainerNameIsWrong_failsListingTheRealOnes() {
            CheckResult result = check.run(healthy().service(serviceSendingTo("notebook", 8888, new DeploymentConfig(0, 100),
                    1)).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("\"notebook\"", "(jupyter)");
            assertThat(result.remediation()).contains("containerName=jupyter,containerPort=8888");
        }

        @Test
        void run_whenContainerPortIsNotMapped_fails() {
            CheckResult result = check.run(healthy().service(serviceSendingTo("jupyter", 8080, new DeploymentConfig(0, 100),
                    1)).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("container port 8080");
            assertThat(result.remediation()).endsWith("containerName=jupyter,containerPort=8888");
        }

        @Test
        void run_whenJupyterListensOnAnotherPort_fails() {
            CheckResult result = check.run(healthy().taskDefinition(known(taskDefinition("bridge", container(12288, null, 1,
                    List.of(new PortMapping(8888, 0, "tcp")), List.of("jupyter", "lab", "--port", "8889"))))).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("Jupyter listens on port 8889");
        }

        @Test
        void run_whenAwsvpcTaskUsesAnInstanceTargetGroup_fails() {
            CheckResult result = check.run(healthy().taskDefinition(known(taskDefinition("awsvpc", jupyter(12288, null, 1,
                    8888)))).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("needs ip");
        }
    }

    @Nested
    @DisplayName("host ports")
    class HostPorts {
        @Test
        void run_whenDynamicPortsButFixedHealthCheckPort_fails() {
            CheckResult result = check.run(healthy().targetGroup(known(targetGroup(healthCheck("/notebook/alice/api", "8888",
                    "200")))).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("must use traffic-port", "port 8888");
            assertThat(result.remediation()).contains("--health-check-port traffic-port");
        }

        @Test
        void run_whenFixedHostPortWithARollingDeployment_warns() {
            CheckResult result = check.run(healthy().taskDefinition(known(taskDefinition("bridge", jupyter(12288, null, 1,
                    8888)))).service(serviceSendingTo("jupyter", 8888, DeploymentConfig.DEFAULT, 1)).build());

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).contains("Fixed host port 8888");
        }

        @Test
        void run_whenFixedHostPortWithTwoTasks_warns() {
            CheckResult result = check.run(healthy().taskDefinition(known(taskDefinition("bridge", jupyter(12288, null, 1,
                    8888)))).service(serviceSendingTo("jupyter", 8888, new DeploymentConfig(0, 100), 2)).build());

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).contains("with 2 tasks");
        }

        @Test
        void run_whenFixedHostPortAndOldTaskStopsFirst_passes() {
            CheckResult result = check.run(healthy().taskDefinition(known(taskDefinition("bridge", jupyter(12288, null, 1,
                    8888)))).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
            assertThat(result.summary()).contains("host port 8888");
        }

        @Test
        void run_whenHostPortIsReservedByTheAgent_fails() {
            CheckResult result = check.run(healthy().taskDefinition(known(taskDefinition("bridge", container(12288, null, 1,
                    List.of(new PortMapping(8888, 51678, "tcp")), List.of())))).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("51678", "reserved");
        }
    }

    @Nested
    @DisplayName("nothing to compare")
    class NothingToCompare {
        @Test
        void run_whenServiceHasNoLoadBalancer_skipsNamingAlbListener() {
            CheckResult result = check.run(healthy().service(known(Snapshots.serviceWithoutLoadBalancer())).build());

            assertThat(result.status()).isEqualTo(Status.SKIP);
            assertThat(result.summary()).contains("alb.listener");
        }

        @Test
        void run_whenServiceDoesNotExist_skipsNamingServicePlacement() {
            CheckResult result = check.run(healthy().service(Fact.missing("service")).build());

            assertThat(result.status()).isEqualTo(Status.SKIP);
            assertThat(result.summary()).contains("service.placement");
        }
    }

    @Nested
    @DisplayName("which mapping carries the traffic")
    class WhichMappingCarriesTheTraffic {
        @Test
        void run_whenHealthy_quotesTheLoadBalancerBlockMappingsAndTargetGroup() {
            CheckResult result = check.run(healthy().build());

            assertThat(result.evidence()).containsExactly(
                    "service load balancer: container jupyter port 8888 -> 73e2d6bc24d8a067",
                    "container jupyter port mappings: 8888->dynamic/tcp (network mode bridge)",
                    "target group gpu-notebook-alice: target type instance, port 8888, health check port traffic-port");
        }

        @Test
        void run_whenAnotherPortIsMappedFirst_judgesTheLoadBalancedOne() {
            // A metrics port listed before Jupyter's must not be taken for it.
            CheckResult result = check.run(healthy().taskDefinition(known(taskDefinition("bridge", container(12288, null, 1,
                    List.of(new PortMapping(9100, 9100, "tcp"), new PortMapping(8888, 0, "tcp")), List.of())))).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
            assertThat(result.summary()).contains("maps to a dynamic host port");
            assertThat(result.evidence()).contains("container jupyter port mappings: 9100->9100/tcp, 8888->dynamic/tcp "
                    + "(network mode bridge)");
        }

        @Test
        void run_whenTheContainerMapsNoPort_asksForAMapping() {
            CheckResult result = check.run(healthy().taskDefinition(known(taskDefinition("bridge", container(12288, null, 1,
                    List.of(), List.of())))).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.evidence()).contains("container jupyter port mappings: none (network mode bridge)");
            assertThat(result.remediation()).startsWith("Add a portMapping {\"containerPort\": 8888, \"hostPort\": 0}");
        }

        @Test
        void run_whenTheTaskUsesHostNetworking_namesTheContainerPortAsTheHostPort() {
            CheckResult result = check.run(healthy().taskDefinition(known(taskDefinition("host", container(12288, null, 1,
                    List.of(new PortMapping(8888, null, "tcp")), List.of())))).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
            assertThat(result.summary()).isEqualTo("Container jupyter port 8888 maps to host port 8888.");
        }
    }
}
