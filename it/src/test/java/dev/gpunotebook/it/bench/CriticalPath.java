package dev.gpunotebook.it.bench;

import dev.gpunotebook.core.aws.ApiCallCounter.Call;
import dev.gpunotebook.core.provision.ProgressEvent;
import dev.gpunotebook.core.provision.ProgressListener;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Attributes AWS calls to the steps of a plan and measures the plan's critical path in sequential
 * round trips: a step's calls run one after another on its thread; independent steps overlap.
 */
final class CriticalPath implements ProgressListener {

    private record Mark(String step, String thread, long nanos, boolean start) {
    }

    private final List<Mark> marks = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(ProgressEvent event) {
        boolean start = event.phase() == ProgressEvent.Phase.RUNNING;
        boolean end = event.phase() != ProgressEvent.Phase.RUNNING && event.phase() != ProgressEvent.Phase.WARNING;
        if (start || end) {
            marks.add(new Mark(event.step(), Thread.currentThread().getName(), System.nanoTime(), start));
        }
    }

    /** Calls per step: those made on the step's thread between its start and end events. */
    Map<String, Integer> callsPerStep(List<Call> calls) {
        Map<String, Integer> perStep = new HashMap<>();
        for (Mark start : marks) {
            if (!start.start()) {
                continue;
            }
            long end = marks.stream().filter(m -> !m.start() && m.step().equals(start.step())
                    && m.thread().equals(start.thread()) && m.nanos() >= start.nanos())
                    .mapToLong(Mark::nanos).min().orElse(Long.MAX_VALUE);
            int count = (int) calls.stream().filter(c -> c.thread().equals(start.thread())
                    && c.startedNanos() >= start.nanos() && c.startedNanos() <= end).count();
            perStep.merge(start.step(), count, Integer::sum);
        }
        return perStep;
    }

    /** The most calls any chain of dependent steps makes one after another. */
    static int longestChain(Map<String, Set<String>> dependencies, Map<String, Integer> callsPerStep) {
        Map<String, Integer> memo = new HashMap<>();
        int longest = 0;
        for (String step : dependencies.keySet()) {
            longest = Math.max(longest, chain(step, dependencies, callsPerStep, memo));
        }
        return longest;
    }

    private static int chain(String step, Map<String, Set<String>> deps, Map<String, Integer> calls,
            Map<String, Integer> memo) {
        Integer known = memo.get(step);
        if (known != null) {
            return known;
        }
        int before = 0;
        for (String dependency : deps.getOrDefault(step, Set.of())) {
            before = Math.max(before, chain(dependency, deps, calls, memo));
        }
        int total = before + calls.getOrDefault(step, 0);
        memo.put(step, total);
        return total;
    }
}
