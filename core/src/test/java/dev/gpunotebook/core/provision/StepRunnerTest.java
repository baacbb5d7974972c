package dev.gpunotebook.core.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpunotebook.core.GpuNotebookException;
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
    class WhatARollbackReports {

        @Test
        void run_whenALaterStepFails_reportsEachRollbackNewestFirst() {
            assertThatThrownBy(() -> run(List.of(new Recording("a", true, null), new Recording("b", true, null, "a"),
                    new Recording("c", false, new IllegalStateException("boom"), "b"))));

            assertThat(events).filteredOn(e -> e.phase() == Phase.ROLLED_BACK).extracting(ProgressEvent::step)
                    .containsExactly("b", "a");
        }

        @Test
        void run_whenARollbackFails_warnsNamingTheStepAndKeepsItsError() {
            IllegalStateException cannot = new IllegalStateException("cannot delete");
            Step<Object> stubborn = new Recording("stubborn", true, null) {
                @Override
                public void rollback(Object context) {
                    throw cannot;
                }
            };

            assertThatThrownBy(() -> run(List.of(stubborn, new Recording("c", false, new IllegalStateException("boom"),
                    "stubborn")))).satisfies(e -> assertThat(e.getSuppressed()).contains(cannot));

            assertThat(events).contains(new ProgressEvent("stubborn", Phase.WARNING, "rollback failed: cannot delete"));
        }

        @Test
        void run_whenAStepThrowsAnError_rollsBackAndRethrowsTheErrorItself() {
            AssertionError error = new AssertionError("broken");

            assertThatThrownBy(() -> run(List.of(new Recording("a", true, null), new Recording("b", true, null, "a") {
                @Override
                public StepOutcome apply(Object context) {
                    throw error;
                }
            }))).isSameAs(error);

            assertThat(journal).containsExactly("apply a", "rollback a");
        }

        @Test
        void run_whenAStepUpdatedSomething_reportsAChangeButNoCreation() {
            Step<Object> updating = new Recording("resume", false, null) {
                @Override
                public StepOutcome apply(Object context) {
                    return StepOutcome.updated("started again");
                }
            };

            StepRunner.RunReport report = run(List.of(updating));

            assertThat(report.changedAnything()).isTrue();
            assertThat(report.createdAnything()).isFalse();
        }

        @Test
        void run_whenAStepCreatedSomething_reportsACreation() {
            StepRunner.RunReport report = run(List.of(new Recording("a", true, null)));

            assertThat(report.createdAnything()).isTrue();
            assertThat(report.changedAnything()).isTrue();
        }
    }

    @Nested
    class WhenTheCallerIsInterrupted {

        @Test
        void run_whenInterruptedWhileAStepRuns_failsSayingSoAndKeepsTheInterrupt() throws Exception {
            CountDownLatch stepStarted = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Step<Object> slow = new Recording("slow", true, null) {
                @Override
                public StepOutcome apply(Object context) {
                    stepStarted.countDown();
                    try {
                        release.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return StepOutcome.created("slow");
                }
            };
            List<Object> outcome = Collections.synchronizedList(new ArrayList<>());
            Thread caller = new Thread(() -> {
                try {
                    run(List.of(slow));
                    outcome.add("returned");
                } catch (RuntimeException e) {
                    outcome.add(e);
                    outcome.add(Thread.currentThread().isInterrupted());
                }
            });

            caller.start();
            assertThat(stepStarted.await(5, TimeUnit.SECONDS)).isTrue();
            caller.interrupt();
            caller.join(5000);
            release.countDown();

            assertThat(outcome).hasSize(2);
            assertThat(outcome.get(0)).isInstanceOf(GpuNotebookException.class)
                    .hasFieldOrPropertyWithValue("message", "Interrupted while provisioning.");
            assertThat(outcome.get(1)).as("the caller's thread is still marked interrupted").isEqualTo(true);
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
