package dev.gpunotebook.core.diagnose.checks;

import static dev.gpunotebook.core.diagnose.Snapshots.INSTANCE_ID;
import static dev.gpunotebook.core.diagnose.Snapshots.container;
import static dev.gpunotebook.core.diagnose.Snapshots.healthCheck;
import static dev.gpunotebook.core.diagnose.Snapshots.healthy;
import static dev.gpunotebook.core.diagnose.Snapshots.known;
import static dev.gpunotebook.core.diagnose.Snapshots.service;
import static dev.gpunotebook.core.diagnose.Snapshots.targetGroup;
import static dev.gpunotebook.core.diagnose.Snapshots.taskDefinition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.Status;
import dev.gpunotebook.core.diagnose.snapshot.DiagnosisTarget;
import dev.gpunotebook.core.diagnose.snapshot.Fact;
import dev.gpunotebook.core.diagnose.snapshot.Snapshot;
import dev.gpunotebook.core.diagnose.snapshot.TargetGroupFacts.HealthCheck;
import dev.gpunotebook.core.diagnose.snapshot.TargetHealthFacts;
import dev.gpunotebook.core.diagnose.snapshot.TaskDefinitionFacts.PortMapping;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetHealthCheckTest {
    private final TargetHealthCheck check = new TargetHealthCheck();

    private static Snapshot.Builder withHealthCheck(String path, String matcher) {
        return healthy().targetGroup(known(targetGroup(healthCheck(path, "traffic-port", matcher))));
    }

    private static Snapshot.Builder withTarget(String state, String reason, String description) {
        return healthy().targetHealth(known(List.of(new TargetHealthFacts(INSTANCE_ID, 32768, "eu-west-1a", state, reason,
                description))));
    }

    @Test
    void run_whenHealthCheckFitsAndTargetIsHealthy_passes() {
        CheckResult result = check.run(healthy().build());

        assertThat(result.status()).isEqualTo(Status.PASS);
        assertThat(result.summary()).contains("1 healthy target(s)");
    }

    @Test
    void run_whenTheServiceHasNoLoadBalancer_skipsNamingAlbListener() {
        CheckResult result = check.run(healthy().service(known(dev.gpunotebook.core.diagnose.Snapshots
                .serviceWithoutLoadBalancer())).targetGroup(Fact.missing("a load balancer block in service jupyter"))
                .build());

        assertThat(result.status()).isEqualTo(Status.SKIP);
        assertThat(result.summary()).contains("no load balancer", "alb.listener");
    }

    @Nested
    @DisplayName("the health check's settings")
    class HealthCheckSettings {
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "/|outside Jupyter's base_url", "/notebook/alice/|redirects it (302)",
            "/notebook/alice/api/status|needs the token (403)", "/api|outside Jupyter's base_url",
            "/notebook/alice/lab|login page (302)"
        })
        void run_whenPathIsNotJupytersApi_failsExplainingWhatJupyterAnswers(String path, String why) {
            CheckResult result = check.run(withHealthCheck(path, "200").build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains(path, why, "/notebook/alice/api");
            assertThat(result.remediation()).contains("--health-check-path /notebook/alice/api");
        }

        @Test
        void run_whenMatcherAcceptsTheRedirectJupyterAnswers_warnsInsteadOfFailing() {
            CheckResult result = check.run(withHealthCheck("/notebook/alice/", "200-399").build());

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).contains("accepts that");
        }

        @Test
        void run_whenBaseUrlIsUnknownAndPathIsSomethingElse_warnsItCannotTell() {
            CheckResult result = check.run(withHealthCheck("/healthz", "200")
                    .target(new DiagnosisTarget("ml", "jupyter", null, "eu-west-1"))
                    .taskDefinition(known(taskDefinition("bridge", container(12288, null, 1,
                            List.of(new PortMapping(8888, 0, "tcp")), List.of())))).build());

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).contains("cannot be told");
        }

        @Test
        void run_whenMatcherExcludes200_fails() {
            CheckResult result = check.run(withHealthCheck("/notebook/alice/api", "302").build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.remediation()).contains("--matcher HttpCode=200");
        }

        @Test
        void run_whenMatcherIsARangeWith200_passes() {
            assertThat(check.run(withHealthCheck("/notebook/alice/api", "200-399").build()).status())
                    .isEqualTo(Status.PASS);
            assertThat(TargetHealthCheck.matcherIncludes("301,200", 200)).isTrue();
            assertThat(TargetHealthCheck.matcherIncludes("201-299", 200)).isFalse();
        }

        @Test
        void run_whenHealthCheckSpeaksHttpsToPlainJupyter_fails() {
            CheckResult result = check.run(healthy().targetGroup(known(targetGroup(new HealthCheck(true, "HTTPS",
                    "traffic-port", "/notebook/alice/api", "200", 30, 5, 2, 3)))).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("HTTPS");
        }

        @Test
        void run_whenBaseUrlIsUnknownAndPathEndsInApi_accepts() {
            CheckResult result = check.run(withHealthCheck("/jupyter/api", "200")
                    .target(new DiagnosisTarget("ml", "jupyter", null, "eu-west-1"))
                    .taskDefinition(known(taskDefinition("bridge", container(12288, null, 1,
                            List.of(new PortMapping(8888, 0, "tcp")), List.of())))).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
        }
    }

    @Nested
    @DisplayName("the targets")
    class Targets {
        @Test
        void run_whenTargetAnswers404_blamesTheBaseUrl() {
            CheckResult result = check.run(withTarget("unhealthy", "Target.ResponseCodeMismatch",
                    "Health checks failed with these codes: [404]").build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("i-0abc1234def567890:32768 is unhealthy", "base_url");
        }

        @Test
        void run_whenCheckTimesOutAndJupyterListensOnLoopback_saysSo() {
            CheckResult result = check.run(withTarget("unhealthy", "Target.Timeout", "Request timed out")
                    .taskDefinition(known(taskDefinition("bridge", container(12288, null, 1,
                            List.of(new PortMapping(8888, 0, "tcp")), List.of("start-notebook.py",
                                    "--ServerApp.base_url=/notebook/alice/", "--ip=127.0.0.1"))))).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("127.0.0.1");
            assertThat(result.remediation()).contains("--ip=0.0.0.0");
        }

        @Test
        void run_whenConnectionFails_saysNothingListens() {
            CheckResult result = check.run(withTarget("unhealthy", "Target.FailedHealthChecks", "Health checks failed")
                    .build());

            assertThat(result.summary()).contains("nothing listens");
        }

        @Test
        void run_whenTargetIsStillInitial_warns() {
            assertThat(check.run(withTarget("initial", "Elb.InitialHealthChecking", "").build()).status())
                    .isEqualTo(Status.WARN);
        }

        @Test
        void run_whenNoTargetIsRegistered_fails() {
            CheckResult result = check.run(healthy().targetHealth(known(List.of())).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("No target is registered");
        }

        @Test
        void run_whenNoTargetAndTheServiceRunsNoTask_skipsNamingServicePlacement() {
            CheckResult result = check.run(healthy().targetHealth(known(List.of()))
                    .service(known(service(1, 0, 1, List.of()))).tasks(known(List.of())).build());

            assertThat(result.status()).isEqualTo(Status.SKIP);
            assertThat(result.summary()).contains("runs no task").contains("service.placement");
        }

        @Test
        void run_whenATargetWasRegisteredByHandOnTheWrongPort_fails() {
            CheckResult result = check.run(healthy().targetHealth(known(List.of(
                    new TargetHealthFacts(INSTANCE_ID, 32768, "eu-west-1a", "healthy", null, null),
                    new TargetHealthFacts(INSTANCE_ID, 8888, "eu-west-1a", "unhealthy", "Target.FailedHealthChecks", ""))))
                    .build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains(":8888", "registered by hand", "32768");
            assertThat(result.remediation()).contains("deregister-targets");
        }

        @Test
        void run_whenTargetHealthIsDenied_isUnknown() {
            CheckResult result = check.run(healthy().targetHealth(Fact.denied("elasticloadbalancing:DescribeTargetHealth",
                    "")).build());

            assertThat(result.status()).isEqualTo(Status.UNKNOWN);
            assertThat(result.summary()).contains("elasticloadbalancing:DescribeTargetHealth");
        }
    }
}
