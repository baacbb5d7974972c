package dev.gpunotebook.it.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.model.NotebookState;
import dev.gpunotebook.core.model.NotebookSummary;
import dev.gpunotebook.core.provision.ProgressListener;
import dev.gpunotebook.it.emulator.WithAwsEmulator;
import dev.gpunotebook.it.emulator.World;
import dev.gpunotebook.it.provision.SetUpStack;
import dev.gpunotebook.it.provision.SetUpStackExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * status and list against the emulator. moto has no ECS scheduler, so a started notebook's service never
 * has a running task: its state is "starting" there (on AWS it becomes "running" once the task is up).
 * The tests share the emulator, each in an environment of its own (a world per class), so list shows a test's
 * own notebooks only.
 */
@WithAwsEmulator(world = World.PER_CLASS)
class StatusAndListIT {

    @RegisterExtension
    static final SetUpStackExtension STACK = SetUpStackExtension.onTheEmulator().withCoreThroughFaultInjector();

    @Test
    void status_whenStarted_showsTypeGpusUptimeAndACostFromThePriceTable(SetUpStack stack) {
        stack.start("up");

        NotebookSummary status = stack.notebooks.status(NotebookName.of("up")).orElseThrow();

        assertThat(status.state()).isEqualTo(NotebookState.STARTING);
        assertThat(status.instanceType()).isEqualTo("g4dn.xlarge");
        assertThat(status.gpus()).isEqualTo(1);
        assertThat(status.currentUptime()).isPresent();
        assertThat(status.cost().hourlyUsd()).isEqualByComparingTo("0.526");
        assertThat(status.cost().currentRunUsd()).isNotNull();
        assertThat(status.cost().source()).contains("us-east-1");
        assertThat(status.idleMinutes()).isEqualTo(60);
        assertThat(status.url()).endsWith("/notebook/up/").doesNotContain(stack.token("up"));
    }

    @Test
    void list_whenOneIsStoppedAndOneStarted_showsEachState(SetUpStack stack) {
        stack.start("busy");
        stack.start("resting");
        stack.notebooks.stop(NotebookName.of("resting"), "U0ALICE", ProgressListener.NONE);

        List<NotebookSummary> list = stack.notebooks.list();

        assertThat(list).extracting(s -> s.name().value()).containsExactly("busy", "resting");
        NotebookSummary resting = list.get(1);
        assertThat(resting.state()).isEqualTo(NotebookState.STOPPED);
        assertThat(resting.stateReason()).startsWith("stopped by U0ALICE");
        assertThat(resting.currentUptime()).isEmpty();
        assertThat(resting.cost().currentRun()).isEmpty();
        assertThat(resting.cost().hourlyUsd()).isEqualByComparingTo("0.526");
        assertThat(list.get(0).state()).isEqualTo(NotebookState.STARTING);
    }

    @Test
    void status_whenResumed_isRunningAgainWithACurrentRunAndItsCost(SetUpStack stack) {
        stack.start("back");
        stack.notebooks.stop(NotebookName.of("back"), "U0ALICE", ProgressListener.NONE);
        NotebookSummary stopped = stack.notebooks.status(NotebookName.of("back")).orElseThrow();
        stack.start("back");

        NotebookSummary status = stack.notebooks.status(NotebookName.of("back")).orElseThrow();

        // moto counts a task as running as soon as UpdateService sets the desired count (it has no
        // scheduler), so the resumed notebook reads "running" there; on AWS it is "starting" first.
        // moto also keeps the first LaunchTime on StartInstances (AWS sets a new one), so that the
        // uptime counts from the resume is NotebookListerTest's to check, not this test's.
        assertThat(stopped.currentUptime()).isEmpty();
        assertThat(status.state()).isEqualTo(NotebookState.RUNNING);
        assertThat(status.currentUptime()).isPresent();
        assertThat(status.cost().currentRun()).isPresent();
    }
}
