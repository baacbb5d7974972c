package dev.gpunotebook.it.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.GpuNotebookException.Reason;
import dev.gpunotebook.core.lifecycle.NotebookDeleter.DeleteResult;
import dev.gpunotebook.core.lifecycle.NotebookStopper.StopResult;
import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.provision.ProgressEvent.Phase;
import dev.gpunotebook.core.provision.ProgressListener;
import dev.gpunotebook.core.provision.start.NotebookStarter.StartResult;
import dev.gpunotebook.it.emulator.FaultInjector;
import dev.gpunotebook.it.emulator.WithAwsEmulator;
import dev.gpunotebook.it.provision.SetUpStack;
import dev.gpunotebook.it.provision.SetUpStackExtension;
import dev.gpunotebook.it.provision.Notebooks;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;

/** stop, resume with start, --new-token and delete of a stopped notebook, against the emulator. */
@WithAwsEmulator
class StopAndResumeIT {

    private static final String ECS = "AmazonEC2ContainerServiceV20141113.";

    @RegisterExtension
    static final SetUpStackExtension STACK = SetUpStackExtension.onTheEmulator().withCoreThroughFaultInjector();

    private static int activeTaskDefinitions(SetUpStack stack, String name) {
        return stack.probe.ecs.listTaskDefinitions(r -> r.familyPrefix("gpu-notebook-default-" + name)
                .status(TaskDefinitionStatus.ACTIVE)).taskDefinitionArns().size();
    }

    @Nested
    class StoppingARunningNotebook {

        @Test
        void stop_whenRunning_scalesTheServiceToZeroAndStopsTheInstanceKeepingEverything(SetUpStack stack,
                FaultInjector faults) {
            StartResult started = stack.start("halt");
            String token = stack.token("halt");

            StopResult stopped = stack.stop("halt");

            assertThat(stopped.alreadyStopped()).isFalse();
            assertThat(stack.service("halt").desiredCount()).isZero();
            assertThat(stack.service("halt").status()).isEqualTo("ACTIVE");
            assertThat(stack.instance("halt").instanceId()).isEqualTo(started.instanceId());
            assertThat(stack.instance("halt").state().nameAsString()).isEqualTo("stopped");
            assertThat(faults.countRequests("TerminateInstances")).isZero();
            assertThat(stack.token("halt")).isEqualTo(token);
            assertThat(activeTaskDefinitions(stack, "halt")).isEqualTo(1);
            assertThat(stack.instance("halt").tags()).anySatisfy(t -> {
                assertThat(t.key()).isEqualTo("gpu-notebook:stop-reason");
                assertThat(t.value()).startsWith("stopped by U0ALICE");
            });
        }

        @Test
        void stop_whenCalledTwice_theSecondChangesNothingAndSaysSo(SetUpStack stack, FaultInjector faults) {
            stack.start("twice");
            stack.stop("twice");
            int stopCalls = faults.countRequests("StopInstances");

            StopResult second = stack.stop("twice");

            assertThat(second.alreadyStopped()).isTrue();
            assertThat(second.changes()).isEmpty();
            assertThat(faults.countRequests("StopInstances")).isEqualTo(stopCalls);
            assertThat(stack.instance("twice").state().nameAsString()).isEqualTo("stopped");
        }

        @Test
        void stop_whenTheNotebookDoesNotExist_saysHowToSeeTheNotebooks(SetUpStack stack) {
            assertThatThrownBy(() -> stack.stop("nobody"))
                    .isInstanceOf(GpuNotebookException.class).hasMessageContaining("no notebook named 'nobody'")
                    .hasMessageContaining("`list`");
        }

        @Test
        void stop_whenEc2RefusesTheStop_putsTheServiceBackSoNothingIsHalfStopped(SetUpStack stack,
                FaultInjector faults) {
            // moto never refuses; inject EC2's real answer for an instance in the middle of a change.
            stack.start("refused");
            faults.injectQueryError("StopInstances", 400, FaultInjector.ec2Error("IncorrectInstanceState",
                    "The instance 'i-0abc' is not in a state from which it can be stopped."));

            assertThatThrownBy(() -> stack.stop("refused"))
                    .isInstanceOf(GpuNotebookException.class).hasMessageContaining("Wait until")
                    .extracting(e -> ((GpuNotebookException) e).reason()).isEqualTo(Reason.CONFLICT);
            assertThat(stack.service("refused").desiredCount()).isEqualTo(1);
            assertThat(stack.instance("refused").state().nameAsString()).isEqualTo("running");
        }
    }

    @Nested
    class StartingAStoppedNotebookAgain {

        @Test
        void start_whenStopped_resumesTheSameInstanceWithTheSameUrlAndToken(SetUpStack stack, FaultInjector faults) {
            StartResult first = stack.start("resume");
            String token = stack.token("resume");
            stack.stop("resume");
            int launches = faults.countRequests("RunInstances");
            Notebooks.Recorder recorder = new Notebooks.Recorder();

            StartResult again = stack.notebooks.start(SetUpStack.spec("resume"), recorder);

            assertThat(again.resumed()).isTrue();
            assertThat(again.tokenReplaced()).isFalse();
            assertThat(again.instanceId()).isEqualTo(first.instanceId());
            assertThat(again.url()).isEqualTo(first.url());
            assertThat(faults.countRequests("RunInstances")).isEqualTo(launches);
            assertThat(faults.countRequests("StartInstances")).isEqualTo(1);
            assertThat(stack.instances("resume")).singleElement().satisfies(i ->
                    assertThat(i.state().nameAsString()).isEqualTo("running"));
            assertThat(stack.service("resume").desiredCount()).isEqualTo(1);
            assertThat(stack.token("resume")).isEqualTo(token);
            assertThat(recorder.steps(Phase.UPDATED)).containsExactlyInAnyOrder("instance", "service");
            assertThat(recorder.steps(Phase.CREATED)).isEmpty();
        }

        @Test
        void start_whenStoppedWithNewToken_replacesTheTokenAndKeepsTheInstance(SetUpStack stack) {
            StartResult first = stack.start("rotate");
            String token = stack.token("rotate");
            stack.stop("rotate");

            StartResult again = stack.notebooks.start(SetUpStack.spec("rotate"), true, ProgressListener.NONE);

            assertThat(again.tokenReplaced()).isTrue();
            assertThat(again.instanceId()).isEqualTo(first.instanceId());
            assertThat(stack.token("rotate")).isNotEqualTo(token).hasSizeGreaterThanOrEqualTo(43);
            assertThat(activeTaskDefinitions(stack, "rotate")).isEqualTo(1);
            assertThat(again.toString()).doesNotContain(stack.token("rotate")).doesNotContain(token);
        }

        @Test
        void start_whenRunningWithNewToken_restartsTheTaskSoItReadsTheNewToken(SetUpStack stack, FaultInjector faults) {
            stack.start("live");
            String token = stack.token("live");

            stack.notebooks.start(SetUpStack.spec("live"), true, ProgressListener.NONE);

            assertThat(stack.token("live")).isNotEqualTo(token);
            assertThat(faults.requestsMatching(ECS + "UpdateService")).singleElement().satisfies(request ->
                    assertThat(request.getBodyAsString()).contains("\"forceNewDeployment\":true")
                            .doesNotContain(stack.token("live")));
        }

        @Test
        void start_whenTheQuotaCannotHoldTheStoppedInstance_refusesAndLeavesItStopped(SetUpStack stack,
                FaultInjector faults) {
            stack.start("tight");
            stack.stop("tight");
            // moto has no EC2 quotas: inject Service Quotas' real answer, 0 vCPUs for G and VT.
            faults.injectJson("ServiceQuotasV20190624.GetServiceQuota", 200, "{\"Quota\":{\"ServiceCode\":\"ec2\","
                    + "\"QuotaCode\":\"L-DB2E81BA\",\"QuotaName\":\"Running On-Demand G and VT instances\",\"Value\":0.0}}");

            assertThatThrownBy(() -> stack.start("tight"))
                    .isInstanceOf(GpuNotebookException.class).hasMessageContaining("to resume g4dn.xlarge")
                    .hasMessageContaining("needs 4 vCPUs").hasMessageContaining("L-DB2E81BA");
            assertThat(faults.countRequests("StartInstances")).isZero();
            assertThat(stack.instance("tight").state().nameAsString()).isEqualTo("stopped");
            assertThat(stack.service("tight").desiredCount()).isZero();
        }

        @Test
        void start_whenScalingTheServiceUpFails_stopsTheInstanceAgainAndRestoresTheToken(SetUpStack stack,
                FaultInjector faults) {
            stack.start("undo");
            String token = stack.token("undo");
            stack.stop("undo");
            // moto enforces no IAM: inject the real AccessDenied answer of ECS to UpdateService.
            faults.injectJson(ECS + "UpdateService", 400, FaultInjector.jsonError("AccessDeniedException",
                    "User is not authorized to perform: ecs:UpdateService"));

            assertThatThrownBy(() -> stack.notebooks.start(SetUpStack.spec("undo"), true, ProgressListener.NONE))
                    .isInstanceOf(GpuNotebookException.class).hasMessageContaining("ecs:UpdateService");

            assertThat(stack.instance("undo").state().nameAsString()).isEqualTo("stopped");
            assertThat(stack.service("undo").desiredCount()).isZero();
            assertThat(stack.token("undo")).isEqualTo(token);
            assertThat(faults.countRequests("TerminateInstances")).isZero();
        }
    }

    @Nested
    class DeletingAStoppedNotebook {

        @Test
        void delete_whenStopped_removesEverythingIncludingTheInstance(SetUpStack stack) {
            stack.start("gone");
            stack.stop("gone");

            DeleteResult deleted = stack.notebooks.delete(NotebookName.of("gone"), ProgressListener.NONE);

            assertThat(deleted.deleted()).anyMatch(line -> line.startsWith("instance "));
            assertThat(stack.instances("gone")).isEmpty();
            assertThat(activeTaskDefinitions(stack, "gone")).isZero();
            assertThat(stack.notebooks.status(NotebookName.of("gone"))).isEmpty();
        }
    }
}
