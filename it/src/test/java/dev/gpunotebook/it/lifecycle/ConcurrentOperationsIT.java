package dev.gpunotebook.it.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.GpuNotebookException.Reason;
import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.provision.ProgressEvent;
import dev.gpunotebook.core.provision.ProgressListener;
import dev.gpunotebook.core.provision.start.NotebookStarter.StartResult;
import dev.gpunotebook.it.emulator.WithAwsEmulator;
import dev.gpunotebook.it.provision.SetUpStack;
import dev.gpunotebook.it.provision.SetUpStackExtension;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * stop and delete while a start of the same notebook runs. The start is held inside its instance step
 * by its own progress listener (a latch, no sleep), so the overlap is certain, not a timing accident.
 */
@WithAwsEmulator
class ConcurrentOperationsIT {

    @RegisterExtension
    static final SetUpStackExtension STACK = SetUpStackExtension.onTheEmulator().withCoreThroughFaultInjector();

    /** A start of {@code name} that waits at its instance step until {@code release} opens. */
    private static CompletableFuture<StartResult> heldStart(SetUpStack stack, String name, CountDownLatch inside,
            CountDownLatch release) {
        ProgressListener holding = event -> {
            if (event.step().equals("instance") && event.phase() == ProgressEvent.Phase.RUNNING) {
                inside.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        return CompletableFuture.supplyAsync(() -> stack.notebooks.start(SetUpStack.spec(name), holding));
    }

    @Test
    void stop_whenAStartOfTheSameNotebookRuns_refusesWithAClearMessageAndTheStartFinishes(SetUpStack stack)
            throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<StartResult> start = heldStart(stack, "race", inside, release);
        assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();

        try {
            assertThatThrownBy(() -> stack.notebooks.stop(NotebookName.of("race"), "U0ALICE", ProgressListener.NONE))
                    .isInstanceOf(GpuNotebookException.class)
                    .hasMessageContaining("Notebook race is busy: a start of it is in progress")
                    .hasMessageContaining("Nothing was changed")
                    .extracting(e -> ((GpuNotebookException) e).reason()).isEqualTo(Reason.CONFLICT);
            assertThatThrownBy(() -> stack.notebooks.delete(NotebookName.of("race"), ProgressListener.NONE))
                    .hasMessageContaining("a start of it is in progress");
        } finally {
            release.countDown();
        }

        StartResult started = start.get(60, TimeUnit.SECONDS);
        assertThat(stack.instance("race").instanceId()).isEqualTo(started.instanceId());
        assertThat(stack.service("race").desiredCount()).isEqualTo(1);
        assertThat(stack.notebooks.stop(NotebookName.of("race"), "U0ALICE", ProgressListener.NONE).alreadyStopped())
                .isFalse();
    }
}
