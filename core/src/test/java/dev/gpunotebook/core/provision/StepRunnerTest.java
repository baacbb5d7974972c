package dev.gpunotebook.core.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpunotebook.core.provision.ProgressEvent.Phase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class StepRunnerTest {

    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final List<String> journal = Collections.synchronizedList(new ArrayList<>());
    private final List<ProgressEvent> events = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void shutdown() {
        executor.shutdownNow();
    }

    /** A step that records what it does in the journal. */
    private class Recording implements Step<Object> {
        final String name;
        final Set<String> deps;
        final boolean creates;
        final RuntimeException failure;

        Recording(String name, boolean creates, RuntimeException failure, String... deps) {
            this.name = name;
            this.deps = Set.of(deps);
            this.creates = creates;
            this.failure = failure;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Set<String> dependsOn() {
            return deps;
        }

        @Override
        public StepOutcome apply(Object context) {
            journal.add("apply " + name);
            if (failure != null) {
                throw failure;
            }
            return creates ? StepOutcome.created(name) : StepOutcome.found(name);
        }

        @Override
        public void rollback(Object context) {
            journal.add("rollback " + name);
        }
    }

    private StepRunner.RunReport run(List<? extends Step<Object>> steps) {
        return new StepRunner(executor).run(steps, new Object(), events::add);
    }

    @Nested
    class WhenEveryStepSucceeds {

        @Test
        void run_whenStepsDependOnEachOther_appliesDependenciesFirst() {
            run(List.of(new Recording("c", true, null, "b"), new Recording("b", true, null, "a"),
                    new Recording("a", true, null)));

            assertThat(journal).containsExactly("apply a", "apply b", "apply c");
        }

        @Test
        void run_whenStepsAreIndependent_runsThemAtTheSameTime() throws Exception {
            CountDownLatch bothStarted = new CountDownLatch(2);
            Step<Object> left = latchStep("left", bothStarted);
            Step<Object> right = latchStep("right", bothStarted);

            StepRunner.RunReport report = run(List.of(left, right));

            assertThat(report.outcomes()).containsOnlyKeys("left", "right");
        }

        @Test
        void run_whenNothingIsCreated_reportsNothingCreated() {
            StepRunner.RunReport report = run(List.of(new Recording("a", false, null)));

            assertThat(report.createdAnything()).isFalse();
            assertThat(events).extracting(ProgressEvent::phase).containsExactly(Phase.RUNNING, Phase.FOUND);
        }
    }

    @Nested
    class WhenAStepFails {

        @Test
        void run_whenALaterStepFails_rollsBackCreatedStepsNewestFirst() {
            IllegalStateException boom = new IllegalStateException("boom");

            assertThatThrownBy(() -> run(List.of(new Recording("a", true, null), new Recording("b", true, null, "a"),
                    new Recording("found", false, null, "b"), new Recording("c", false, boom, "found"))))
                    .isSameAs(boom);

            assertThat(journal).containsExactly("apply a", "apply b", "apply found", "apply c", "rollback b",
                    "rollback a");
        }

        @Test
        void run_whenAStepFails_startsNoStepThatDependsOnIt() {
            assertThatThrownBy(() -> run(List.of(new Recording("a", true, new IllegalStateException("no")),
                    new Recording("b", true, null, "a"))));

            assertThat(journal).containsExactly("apply a");
            assertThat(events).anyMatch(e -> e.step().equals("a") && e.phase() == Phase.FAILED
                    && e.detail().equals("no"));
        }

        @Test
        void run_whenRollbackFails_keepsRollingBackAndSaysWhatIsLeft() {
            Step<Object> stubborn = new Recording("stubborn", true, null) {
                @Override
                public void rollback(Object context) {
                    throw new IllegalStateException("cannot delete");
                }
            };
            IllegalStateException boom = new IllegalStateException("boom");

            assertThatThrownBy(() -> run(List.of(new Recording("a", true, null), stubborn,
                    new Recording("c", false, boom, "a", "stubborn"))))
                    .isSameAs(boom)
                    .satisfies(e -> assertThat(e.getSuppressed()).anyMatch(s -> s.getMessage().contains("[stubborn]")));
            assertThat(journal).contains("rollback a");
        }
    }

    @Nested
    class WhenThePlanIsMalformed {

        @Test
        void run_whenADependencyIsUnknown_refusesThePlan() {
            assertThatThrownBy(() -> run(List.of(new Recording("a", true, null, "ghost"))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ghost");
            assertThat(journal).isEmpty();
        }

        @Test
        void run_whenDependenciesFormACycle_refusesThePlan() {
            assertThatThrownBy(() -> run(List.of(new Recording("a", true, null, "b"), new Recording("b", true, null, "a"))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cycle");
        }
    }

    private Step<Object> latchStep(String name, CountDownLatch latch) {
        return new Recording(name, true, null) {
            @Override
            public StepOutcome apply(Object context) {
                latch.countDown();
                try {
                    // Fails unless the other step runs concurrently and counts down too.
                    if (!latch.await(5, TimeUnit.SECONDS)) {
                        throw new IllegalStateException(name + " ran alone");
                    }
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return StepOutcome.created(name);
            }
        };
    }
}
