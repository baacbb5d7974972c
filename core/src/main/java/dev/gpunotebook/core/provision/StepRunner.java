package dev.gpunotebook.core.provision;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.provision.ProgressEvent.Phase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Runs a plan of steps: each step as soon as the steps it depends on are done, independent steps
 * in parallel. On the first failure it starts nothing new, lets running steps finish, then rolls
 * back every step that created or updated something, newest first, and rethrows the failure.
 *
 * <pre>{@code
 * RunReport report = new StepRunner(executor).run(steps, context, listener);
 * }</pre>
 */
public final class StepRunner {

    private final ExecutorService executor;

    public StepRunner(ExecutorService executor) {
        this.executor = executor;
    }

    /** What each step did, in the order the steps finished. */
    public record RunReport(Map<String, StepOutcome> outcomes) {
        public RunReport {
            outcomes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
        }

        public boolean createdAnything() {
            return outcomes.values().stream().anyMatch(StepOutcome::created);
        }

        /** Whether any step created or updated something. */
        public boolean changedAnything() {
            return outcomes.values().stream().anyMatch(StepOutcome::changed);
        }
    }

    private record Finished<C>(Step<C> step, StepOutcome outcome, Throwable failure) {
    }

    public <C> RunReport run(List<? extends Step<C>> steps, C context, ProgressListener listener) {
        Map<String, Step<C>> byName = index(steps);
        CompletionService<Finished<C>> completion = new ExecutorCompletionService<>(executor);
        Set<String> started = new HashSet<>();
        Map<String, StepOutcome> done = new LinkedHashMap<>();
        List<Step<C>> createdNewestLast = new ArrayList<>();
        Throwable failure = null;
        int running = 0;

        while (true) {
            if (failure == null) {
                for (Step<C> step : byName.values()) {
                    if (!started.contains(step.name()) && done.keySet().containsAll(step.dependsOn())) {
                        started.add(step.name());
                        running++;
                        completion.submit(() -> execute(step, context, listener));
                    }
                }
            }
            if (running == 0) {
                break;
            }
            Finished<C> finished = take(completion);
            running--;
            if (finished.failure() != null) {
                failure = failure == null ? finished.failure() : failure;
            } else {
                done.put(finished.step().name(), finished.outcome());
                if (finished.outcome().changed()) {
                    createdNewestLast.add(finished.step());
                }
            }
        }
        if (failure != null) {
            rollback(createdNewestLast, context, listener, failure);
            throw asUnchecked(failure);
        }
        return new RunReport(done);
    }

    private static <C> Finished<C> execute(Step<C> step, C context, ProgressListener listener) {
        listener.onEvent(new ProgressEvent(step.name(), Phase.RUNNING, ""));
        try {
            StepOutcome outcome = step.apply(context);
            listener.onEvent(new ProgressEvent(step.name(), outcome.phase(), outcome.detail()));
            return new Finished<>(step, outcome, null);
        } catch (RuntimeException | Error e) {
            listener.onEvent(new ProgressEvent(step.name(), Phase.FAILED, e.getMessage()));
            return new Finished<>(step, null, e);
        }
    }

    private static <C> void rollback(List<Step<C>> created, C context, ProgressListener listener, Throwable failure) {
        List<String> leftBehind = new ArrayList<>();
        for (int i = created.size() - 1; i >= 0; i--) {
            Step<C> step = created.get(i);
            try {
                step.rollback(context);
                listener.onEvent(new ProgressEvent(step.name(), Phase.ROLLED_BACK, ""));
            } catch (RuntimeException e) {
                // Keep rolling back the others; the caller learns what is left from the suppressed exception.
                leftBehind.add(step.name());
                listener.onEvent(new ProgressEvent(step.name(), Phase.WARNING, "rollback failed: " + e.getMessage()));
                failure.addSuppressed(e);
            }
        }
        if (!leftBehind.isEmpty()) {
            failure.addSuppressed(GpuNotebookException.of(GpuNotebookException.Reason.AWS,
                    "Rollback could not remove what these steps created: " + leftBehind
                            + ". Run delete for this notebook to remove the rest."));
        }
    }

    private static <C> Finished<C> take(CompletionService<Finished<C>> completion) {
        try {
            Future<Finished<C>> future = completion.take();
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw GpuNotebookException.of(GpuNotebookException.Reason.AWS, "Interrupted while provisioning.", e);
        } catch (ExecutionException e) {
            throw asUnchecked(e.getCause());
        }
    }

    private static <C> Map<String, Step<C>> index(List<? extends Step<C>> steps) {
        Map<String, Step<C>> byName = new LinkedHashMap<>();
        for (Step<C> step : steps) {
            if (byName.put(step.name(), step) != null) {
                throw new IllegalArgumentException("two steps are named " + step.name());
            }
        }
        for (Step<C> step : steps) {
            for (String dependency : step.dependsOn()) {
                if (!byName.containsKey(dependency)) {
                    throw new IllegalArgumentException(step.name() + " depends on unknown step " + dependency);
                }
            }
        }
        rejectCycles(byName);
        return byName;
    }

    private static <C> void rejectCycles(Map<String, Step<C>> byName) {
        Map<String, Integer> remaining = new HashMap<>();
        byName.values().forEach(s -> remaining.put(s.name(), s.dependsOn().size()));
        List<String> ready = new ArrayList<>(remaining.entrySet().stream().filter(e -> e.getValue() == 0)
                .map(Map.Entry::getKey).toList());
        int visited = 0;
        while (!ready.isEmpty()) {
            String name = ready.remove(ready.size() - 1);
            visited++;
            for (Step<C> s : byName.values()) {
                if (s.dependsOn().contains(name) && remaining.merge(s.name(), -1, Integer::sum) == 0) {
                    ready.add(s.name());
                }
            }
        }
        if (visited != byName.size()) {
            throw new IllegalArgumentException("the steps' dependencies form a cycle");
        }
    }

    private static RuntimeException asUnchecked(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
