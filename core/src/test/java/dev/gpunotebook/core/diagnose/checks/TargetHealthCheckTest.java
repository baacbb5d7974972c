package dev.gpunotebook.core.diagnose.checks;

import static dev.gpunotebook.core.diagnose.Snapshots.INSTANCE_ID;
import static dev.gpunotebook.core.diagnose.Snapshots.container;
import static dev.gpunotebook.core.diagnose.Snapshots.healthCheck;
import static dev.gpunotebook.core.diagnose.Snapshots.healthy;
import static dev.gpunotebook.core.diagnose.Snapshots.known;
import static dev.gpunotebook.core.diagnose.Snapshots.runningTask;
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
import dev.gpunotebook.core.diagnose.snapshot.TaskDefinitionFacts.ContainerDefinitionFacts;
import dev.gpunotebook.core.diagnose.snapshot.TaskDefinitionFacts.PortMapping;
import dev.gpunotebook.core.diagnose.snapshot.TaskFacts.NetworkBinding;
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

    @Nested
    @DisplayName("what the targets' states say")
    class WhatTheTargetsStatesSay {
        @Test
        void run_whenTheTargetGroupIsGone_skipsNamingAlbListener() {
            CheckResult result = check.run(healthy().targetGroup(Fact.missing("target group gpu-notebook-alice")).build());

            assertThat(result.status()).isEqualTo(Status.SKIP);
            assertThat(result.summary()).contains("target group does not exist", "alb.listener");
        }

        @Test
        void run_whenJudged_quotesEveryTargetAsElbReportsIt() {
            CheckResult result = check.run(withTarget("unhealthy", "Target.Timeout", "Request timed out").build());

            assertThat(result.evidence()).contains("target i-0abc1234def567890:32768 unhealthy (Target.Timeout: Request "
                    + "timed out)");
        }

        @Test
        void run_whenAnOldTargetDrainsBesideAHealthyOne_countsOnlyTheHealthy() {
            // During a deployment the old task's target drains while the new one serves; both tasks still run.
            CheckResult result = check.run(healthy().tasks(known(List.of(runningTask(),
                            runningTask("7d3e9a1b5c2f48e6a0b1c2d3e4f5a6b7", new NetworkBinding(8888, 32771)))))
                    .targetHealth(known(List.of(
                            new TargetHealthFacts(INSTANCE_ID, 32768, "eu-west-1a", "draining",
                                    "Target.DeregistrationInProgress", "Target deregistration is in progress"),
                            new TargetHealthFacts(INSTANCE_ID, 32771, "eu-west-1a", "healthy", null, null)))).build());

            assertThat(result.status()).isEqualTo(Status.PASS);
            assertThat(result.summary()).startsWith("1 healthy target(s) in gpu-notebook-alice");
        }

        @Test
        void run_whenNoTargetIsHealthyYet_warnsWithTheFirstTargetsStateAndReason() {
            CheckResult result = check.run(withTarget("initial", "Elb.RegistrationInProgress",
                    "Target registration is in progress").build());

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).isEqualTo("No healthy target yet: i-0abc1234def567890 is initial "
                    + "(Elb.RegistrationInProgress).");
        }

        @Test
        void run_whenATargetIsRegisteredByHandOnAnotherPortOfTheTask_stillFails() {
            // Only the host port of the load-balanced container port counts; a second port of the task is not it.
            CheckResult result = check.run(healthy().tasks(known(List.of(runningTask("4e1ba5e2c6ac4b6f9a9b2f7e8d6c5b4a",
                            new NetworkBinding(8888, 32768), new NetworkBinding(9090, 32769)))))
                    .targetHealth(known(List.of(new TargetHealthFacts(INSTANCE_ID, 32769, "eu-west-1a", "unhealthy",
                            "Target.ResponseCodeMismatch", "Health checks failed with these codes: [404]")))).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).isEqualTo("Target i-0abc1234def567890:32769 is not a port the task uses (it "
                    + "listens on host port 32768): it was registered by hand.");
        }
    }

    @Nested
    @DisplayName("why a target is unhealthy")
    class WhyATargetIsUnhealthy {
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "[302]|the path redirects (to a login or lab page)|--health-check-path /notebook/alice/api",
            "[301]|the path redirects (to a login or lab page)|--matcher HttpCode=200",
            "[403]|the path needs the token|--ServerApp.base_url=/notebook/alice/",
            "[401]|the path needs the token|--health-check-path /notebook/alice/api",
            "[500]|wrong HTTP status|--health-check-path /notebook/alice/api"
        })
        void run_whenTheResponseCodeDoesNotMatch_explainsTheCode(String codes, String why, String fix) {
            CheckResult result = check.run(withTarget("unhealthy", "Target.ResponseCodeMismatch",
                    "Health checks failed with these codes: " + codes).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).isEqualTo("Target i-0abc1234def567890:32768 is unhealthy: " + why
                    + " (Health checks failed with these codes: " + codes + ").");
            assertThat(result.remediation()).contains(fix);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "Target.NotInUse|Target is in an Availability Zone that is not enabled for your load balancer|the target's Availability Zone is not enabled on the load balancer|aws elbv2 set-subnets",
            "Target.InvalidState|Target is in the stopped state|the instance is stopped or not running|container's log",
            "Target.NotRegistered|Target is not registered to the target group|it is not registered|container's log",
            "Elb.InternalError|Health checks failed due to an internal error|Elb.InternalError|container's log"
        })
        void run_whenElbGivesAnotherReason_explainsIt(String reason, String description, String why, String fix) {
            CheckResult result = check.run(withTarget("unhealthy", reason, description).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).isEqualTo("Target i-0abc1234def567890:32768 is unhealthy: " + why + " ("
                    + description + ").");
            assertThat(result.remediation()).contains(fix);
        }

        @Test
        void run_whenElbGivesNoReasonNorDescription_saysSoWithoutEmptyParentheses() {
            CheckResult result = check.run(withTarget("unhealthy", null, null).build());

            assertThat(result.summary()).isEqualTo("Target i-0abc1234def567890:32768 is unhealthy: no reason given.");
        }

        @Test
        void run_whenTheConnectionFailsWithoutADescription_blamesWhatListens() {
            CheckResult result = check.run(withTarget("unhealthy", "Target.FailedHealthChecks", "").build());

            assertThat(result.summary()).isEqualTo("Target i-0abc1234def567890:32768 is unhealthy: the connection fails: "
                    + "nothing listens on that port (Jupyter's port and the container port differ, or Jupyter crashed).");
            assertThat(result.remediation()).contains("--port");
        }
    }

    @Nested
    @DisplayName("where Jupyter's base_url comes from")
    class WhereJupytersBaseUrlComesFrom {
        @Test
        void run_whenTheTaskHasASidecar_readsTheBaseUrlOfTheContainerTheLoadBalancerNames() {
            ContainerDefinitionFacts logRouter = new ContainerDefinitionFacts("log-router",
                    "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable", 128, 256, null, true, List.of(), 0,
                    List.of(), List.of(), List.of(), List.of());
            ContainerDefinitionFacts jupyter = container(12288, null, 1, List.of(new PortMapping(8888, 0, "tcp")),
                    List.of("start-notebook.py", "--ServerApp.base_url=/jupyter/"));

            CheckResult result = check.run(withHealthCheck("/jupyter/", "200")
                    .target(new DiagnosisTarget("ml", "jupyter", null, "eu-west-1"))
                    .taskDefinition(known(taskDefinition("bridge", logRouter, jupyter))).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("redirects it (302)", "Jupyter answers 200 at /jupyter/api");
        }

        @Test
        void run_whenTheCommandLineDoesNotSetTheBaseUrl_takesTheNotebooksOwn() {
            CheckResult result = check.run(withHealthCheck("/", "200").taskDefinition(known(taskDefinition("bridge",
                    container(12288, null, 1, List.of(new PortMapping(8888, 0, "tcp")), List.of())))).build());

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("outside Jupyter's base_url /notebook/alice/",
                    "Jupyter answers 200 at /notebook/alice/api");
        }
    }
}
