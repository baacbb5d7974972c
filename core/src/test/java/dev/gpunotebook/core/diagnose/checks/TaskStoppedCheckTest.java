package dev.gpunotebook.core.diagnose.checks;

import static dev.gpunotebook.core.diagnose.Snapshots.LAUNCHED;
import static dev.gpunotebook.core.diagnose.Snapshots.healthy;
import static dev.gpunotebook.core.diagnose.Snapshots.known;
import static dev.gpunotebook.core.diagnose.Snapshots.runningTask;
import static dev.gpunotebook.core.diagnose.Snapshots.service;
import static dev.gpunotebook.core.diagnose.Snapshots.stoppedTask;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.Status;
import dev.gpunotebook.core.diagnose.snapshot.Fact;
import dev.gpunotebook.core.diagnose.snapshot.TaskFacts;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskStoppedCheckTest {
    private final TaskStoppedCheck check = new TaskStoppedCheck();

    /** The service short of tasks, with these stopped ones. */
    private CheckResult runFailing(TaskFacts... stopped) {
        return check.run(healthy().service(known(service(1, 0, 0, List.of()))).tasks(known(List.of(stopped))).build());
    }

    private static TaskFacts stopped(String reason, String stopCode, Integer exitCode, String containerReason) {
        return stoppedTask("9f8e7d6c5b4a39281706f5e4d3c2b1a0", LAUNCHED.plusSeconds(900), reason, stopCode, exitCode,
                containerReason);
    }

    @Test
    void run_whenNothingStopped_passes() {
        assertThat(check.run(healthy().build()).status()).isEqualTo(Status.PASS);
    }

    @Test
    void run_whenTasksStoppedForADeployment_passes() {
        CheckResult result = check.run(healthy().tasks(known(List.of(runningTask(), stopped("Scaling activity "
                + "initiated by (deployment ecs-svc/123)", "ServiceSchedulerInitiated", 0, null)))).build());

        assertThat(result.status()).isEqualTo(Status.PASS);
        assertThat(result.summary()).contains("on purpose");
    }

    @Nested
    @DisplayName("failures explained")
    class FailuresExplained {
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref: dial tcp 52.1.2.3:443: i/o timeout|cannot reach the registry|ecr.dkr",
            "CannotPullContainerError: AccessDeniedException: User: arn:aws:sts::1:assumed-role/exec is not authorized to perform: ecr:BatchGetImage|ECR permissions|AmazonECSTaskExecutionRolePolicy",
            "CannotPullContainerError: pull access denied for jupyter/nope, repository does not exist|does not exist|image URI",
            "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm|secrets|ssm:GetParameters",
            "CannotStartContainerError: Error response from daemon: could not select device driver \"\" with capabilities: [[gpu]]|NVIDIA runtime|ECS GPU-optimized AMI"
        })
        void run_whenTaskFailedToStart_failsWithTheCauseAndFix(String reason, String cause, String fix) {
            CheckResult result = runFailing(stopped(reason, "TaskFailedToStart", null, null));

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains(cause);
            assertThat(result.remediation()).contains(fix);
            assertThat(result.evidence().get(0)).contains(reason);
        }

        @Test
        void run_whenContainerRanOutOfMemory_failsAskingForMoreMemory() {
            CheckResult result = runFailing(stopped("Essential container in task exited", "EssentialContainerExited", 137,
                    "OutOfMemoryError: Container killed due to memory usage"));

            assertThat(result.summary()).contains("ran out of memory");
            assertThat(result.evidence().get(0)).contains("jupyter exit 137");
        }

        @Test
        void run_whenEssentialContainerExited_failsWithTheExitCodeMeaning() {
            CheckResult result = runFailing(stopped("Essential container in task exited", "EssentialContainerExited", 127,
                    null));

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("exited with code 127 (command not found");
            assertThat(result.remediation()).contains("aws logs tail");
        }

        @Test
        void run_whenSeveralFailed_explainsTheLatest() {
            TaskFacts older = stoppedTask("a1", LAUNCHED, "Essential container in task exited", "EssentialContainerExited",
                    1, null);
            TaskFacts newer = stoppedTask("b2", LAUNCHED.plusSeconds(60), "CannotPullContainerError: toomanyrequests: "
                    + "You have reached your pull rate limit", "TaskFailedToStart", null, null);

            CheckResult result = runFailing(older, newer);

            assertThat(result.summary()).startsWith("2 task(s) stopped recently").contains("pull rate limit");
            assertThat(result.evidence().get(0)).contains("task b2");
        }
    }

    @Nested
    @DisplayName("failures that are not this check's to fail")
    class NotThisChecksToFail {
        @Test
        void run_whenTasksFailedHealthChecks_warnsPointingAtTargetHealth() {
            CheckResult result = runFailing(stopped("Task failed ELB health checks in (target-group arn:...)",
                    "ServiceSchedulerInitiated", 143, null));

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.remediation()).contains("target.health");
        }

        @Test
        void run_whenTheServiceRecovered_warns() {
            CheckResult result = check.run(healthy().tasks(known(List.of(runningTask(), stopped(
                    "Essential container in task exited", "EssentialContainerExited", 1, null)))).build());

            assertThat(result.status()).isEqualTo(Status.WARN);
            assertThat(result.summary()).contains("runs its tasks now");
        }

        @Test
        void run_whenTheServiceDoesNotExist_skipsNamingServicePlacement() {
            CheckResult result = check.run(healthy().service(Fact.missing("service jupyter in cluster ml"))
                    .tasks(Fact.missing("service jupyter in cluster ml")).build());

            assertThat(result.status()).isEqualTo(Status.SKIP);
            assertThat(result.summary()).contains("service.placement");
        }

        @Test
        void run_whenTasksAreDenied_isUnknown() {
            CheckResult result = check.run(healthy().tasks(Fact.denied("ecs:DescribeTasks", "")).build());

            assertThat(result.status()).isEqualTo(Status.UNKNOWN);
            assertThat(result.summary()).contains("ecs:DescribeTasks");
        }
    }
}
