package dev.gpunotebook.core.diagnose.checks;

import static dev.gpunotebook.core.diagnose.Snapshots.CONTAINER_INSTANCE_ARN;
import static dev.gpunotebook.core.diagnose.Snapshots.LAUNCHED;
import static dev.gpunotebook.core.diagnose.Snapshots.TASK_DEFINITION_ARN;
import static dev.gpunotebook.core.diagnose.Snapshots.healthy;
import static dev.gpunotebook.core.diagnose.Snapshots.known;
import static dev.gpunotebook.core.diagnose.Snapshots.runningTask;
import static dev.gpunotebook.core.diagnose.Snapshots.service;
import static dev.gpunotebook.core.diagnose.Snapshots.stoppedTask;
import static dev.gpunotebook.core.diagnose.Snapshots.taskArn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.Status;
import dev.gpunotebook.core.diagnose.snapshot.Fact;
import dev.gpunotebook.core.diagnose.snapshot.TaskFacts;
import dev.gpunotebook.core.diagnose.snapshot.TaskFacts.ContainerState;
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
            assertThat(result.summary()).isEqualTo("1 task(s) stopped recently; the latest because jupyter exited with "
                    + "code 127 (command not found or not executable).");
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

    @Nested
    @DisplayName("the other ways a task stops, after AWS's stopped-task error codes")
    class TheOtherWaysATaskStops {
        @ParameterizedTest(name = "{0} [{1}]")
        @CsvSource(delimiter = '|', value = {
            "CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref docker.io/jupyter/nope:1: docker.io/jupyter/nope:1: not found|TaskFailedToStart|the image does not exist|image URI",
            "CannotPullContainerError: failed to resolve ref 123456789012.dkr.ecr.eu-west-1.amazonaws.com/gpu-notebook:2: manifest unknown|TaskFailedToStart|the image does not exist|repositoryCredentials",
            "CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: httpReadSeeker: failed open: unexpected status code https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/v2/gpu-notebook/blobs/sha256:0a1b: 403 Forbidden|TaskFailedToStart|ECR permissions|AmazonECSTaskExecutionRolePolicy",
            "CannotPullContainerError: failed to register layer: write /opt/conda/lib/libcudnn.so.9: no space left on device|TaskFailedToStart|the image could not be pulled|registry permissions",
            "ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not exist. : exit status 1|TaskFailedToStart|log configuration is invalid|aws logs create-log-group",
            "ResourceInitializationError: failed to invoke EFS utils commands to set up EFS volumes: stderr: Failed to resolve fs-0123.efs.eu-west-1.amazonaws.com|TaskFailedToStart|could not be prepared|task execution role",
            "Host EC2 (instance i-0abc1234def567890) stopped/terminated.|ServiceSchedulerInitiated|the instance under the task stopped|instance.state",
            "Your Spot Task was interrupted.|SpotInterruption|Spot instance was reclaimed|On-Demand",
            "Timeout waiting for network interface provisioning to complete.|TaskFailedToStart|the task failed to start|aws ecs describe-tasks --cluster gpu-notebook-dev --tasks 9f8e7d6c5b4a39281706f5e4d3c2b1a0",
            "CannotStartContainerError: Error response from daemon: OCI runtime create failed: container init caused: cannot allocate memory: unknown|TaskFailedToStart|Docker could not start the container|describe-tasks",
            "CannotCreateContainerError: Error response from daemon: devmapper: Thin Pool has 4915 free data blocks|TaskFailedToStart|Docker could not start the container|describe-tasks",
            "Task stopped at the end of its life|TerminationNotice|Task stopped at the end of its life|Read the task's log"
        })
        void run_whenTheServiceIsShortOfTasks_failsWithTheCauseAndFix(String reason, String stopCode, String cause,
                String fix) {
            CheckResult result = runFailing(stopped(reason, stopCode, null, null));

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains(cause);
            assertThat(result.remediation()).contains(fix);
            assertThat(result.evidence().get(0)).contains(reason, "[" + stopCode + "]");
        }

        @Test
        void run_whenAStoppedTaskGivesNoReason_namesItsStopCode() {
            CheckResult result = runFailing(stopped(null, "TerminationNotice", null, null));

            assertThat(result.summary()).endsWith("the latest because the task stopped (TerminationNotice).");
            assertThat(result.evidence().get(0)).contains("stopped at " + LAUNCHED.plusSeconds(900) + ": (no reason) "
                    + "[TerminationNotice]");
        }

        @Test
        void run_whenTheAgentCannotGetEcrCredentials_blamesTheRegistryAuthorizationNotTheSecrets() {
            // ECS starts both kinds of failure with "unable to pull secrets or registry auth"; what follows tells them apart.
            CheckResult result = runFailing(stopped("ResourceInitializationError: unable to pull secrets or registry auth: "
                    + "execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been "
                    + "retried 3 time(s): RequestError: send request failed caused by: Post "
                    + "https://api.ecr.eu-west-1.amazonaws.com/: dial tcp 10.0.1.5:443: i/o timeout", "TaskFailedToStart",
                    null, null));

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.summary()).contains("ECR").doesNotContain("secrets");
            assertThat(result.remediation()).contains("ecr:GetAuthorizationToken", "network.outbound");
        }

        @Test
        void run_whenKilledWithCode137ForMemory_saysItRanOutOfMemory() {
            CheckResult result = runFailing(stopped("Essential container in task exited", "EssentialContainerExited", 137,
                    "Container killed due to memory usage"));

            assertThat(result.summary()).contains("ran out of memory");
            assertThat(result.remediation()).contains("memory limit");
        }

        @Test
        void run_whenKilledWithCode137WithoutAWordOnMemory_givesBothMeaningsOfTheCode() {
            CheckResult result = runFailing(stopped("Essential container in task exited", "EssentialContainerExited", 137,
                    null));

            assertThat(result.summary()).contains("jupyter exited with code 137 (killed: out of memory, or did not stop "
                    + "in time).");
        }

        @Test
        void run_whenTheEssentialContainerLeftAReason_quotesIt() {
            CheckResult result = runFailing(stopped("Essential container in task exited", "EssentialContainerExited", 1,
                    "Exit 1: ModuleNotFoundError"));

            assertThat(result.summary()).contains("jupyter exited with code 1 (an error in the program) (Exit 1: "
                    + "ModuleNotFoundError).");
        }

        @Test
        void run_whenASidecarExitedCleanlyBeforeJupyterFailed_namesTheContainerThatFailed() {
            TaskFacts task = new TaskFacts(taskArn("c3"), TASK_DEFINITION_ARN, "STOPPED", "STOPPED",
                    CONTAINER_INSTANCE_ARN, "Essential container in task exited", "EssentialContainerExited",
                    LAUNCHED.plusSeconds(900), List.of(
                            new ContainerState("log-router", "STOPPED", 0, null, List.of(), List.of()),
                            new ContainerState("jupyter", "STOPPED", 139, null, List.of(), List.of())));

            CheckResult result = runFailing(task);

            assertThat(result.summary()).contains("jupyter exited with code 139 (segmentation fault)");
            assertThat(result.evidence().get(0)).endsWith("; log-router exit 0; jupyter exit 139");
        }

        @Test
        void run_whenTheEssentialContainerLeftNoExitCode_saysItExited() {
            CheckResult result = runFailing(stopped("Essential container in task exited", "EssentialContainerExited", null,
                    null));

            assertThat(result.summary()).endsWith("the latest because the essential container exited.");
        }
    }

    @Nested
    @DisplayName("tasks stopped on purpose")
    class TasksStoppedOnPurpose {
        @ParameterizedTest(name = "{0} [{1}]")
        @CsvSource(delimiter = '|', value = {
            "Task stopped by user|UserInitiated",
            "Task stopped by user|''",
            "Scaling activity initiated by (deployment ecs-svc/4810958235710183956)|''"
        })
        void run_whenEveryStoppedTaskWasStoppedOnPurpose_passes(String reason, String stopCode) {
            CheckResult result = runFailing(stopped(reason, stopCode, 0, null));

            assertThat(result.status()).isEqualTo(Status.PASS);
            assertThat(result.summary()).isEqualTo("1 task(s) stopped recently, all on purpose (deployments, scaling).");
            assertThat(result.evidence()).singleElement().asString().contains(reason);
        }

        @Test
        void run_whenOneOfThemFailed_quotesOnlyTheFailures() {
            TaskFacts scaledIn = stoppedTask("d4", LAUNCHED.plusSeconds(1200), "Task stopped by user", "UserInitiated",
                    0, null);
            TaskFacts failed = stopped("Essential container in task exited", "EssentialContainerExited", 1, null);

            CheckResult result = runFailing(scaledIn, failed);

            assertThat(result.summary()).startsWith("1 task(s) stopped recently; the latest because jupyter exited");
            assertThat(result.evidence()).singleElement().asString().contains("task 9f8e7d6c5b4a39281706f5e4d3c2b1a0");
        }
    }

    @Nested
    @DisplayName("what the evidence quotes of a stopped task")
    class WhatTheEvidenceQuotesOfAStoppedTask {
        @Test
        void run_whenEverythingIsKnown_quotesTimeReasonStopCodeAndTheContainersExit() {
            CheckResult result = runFailing(stopped("Essential container in task exited", "EssentialContainerExited", 1,
                    "Exit 1: ModuleNotFoundError"));

            assertThat(result.evidence()).containsExactly("task 9f8e7d6c5b4a39281706f5e4d3c2b1a0 stopped at "
                    + "2025-01-06T09:15:00Z: Essential container in task exited [EssentialContainerExited]; jupyter exit 1 "
                    + "Exit 1: ModuleNotFoundError");
        }

        @Test
        void run_whenOnlyTheContainerSaysWhy_quotesItsReasonWithoutAnExitCode() {
            TaskFacts task = stoppedTask("e5", null, "Task failed to start", null, null,
                    "CannotPullContainerError: pull access denied for jupyter/nope");

            CheckResult result = runFailing(task);

            assertThat(result.evidence()).containsExactly("task e5 stopped: Task failed to start; jupyter "
                    + "CannotPullContainerError: pull access denied for jupyter/nope");
            assertThat(result.summary()).contains("the image does not exist");
        }

        @Test
        void run_whenTheContainerLeftNothing_quotesTheTaskAlone() {
            CheckResult result = runFailing(stopped("Essential container in task exited", "EssentialContainerExited", null,
                    null));

            assertThat(result.evidence()).containsExactly("task 9f8e7d6c5b4a39281706f5e4d3c2b1a0 stopped at "
                    + "2025-01-06T09:15:00Z: Essential container in task exited [EssentialContainerExited]");
        }
    }
}
