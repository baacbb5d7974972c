package dev.gpunotebook.core.diagnose;

import dev.gpunotebook.core.diagnose.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs checks over a snapshot in dependency order. A check whose prerequisite FAILed (or was
 * itself skipped) is not run: it becomes SKIP naming the failed check at the root, so one fault
 * gives one FAIL. A check that throws, or returns nothing, becomes UNKNOWN with the message,
 * never a crash of the whole diagnosis.
 */
public final class Diagnostician {
    private final List<Check> checks;
    private final List<Check> runOrder;

    public Diagnostician(List<Check> checks) {
        this.checks = List.copyOf(checks);
        this.runOrder = dependencyOrder(this.checks);
    }

    /** All checks of DESIGN.md. */
    public static Diagnostician standard() {
        return new Diagnostician(StandardChecks.all());
    }

    public Diagnosis diagnose(Snapshot snapshot) {
        Map<String, CheckResult> results = new HashMap<>();
        Map<String, Set<String>> rootFailures = new HashMap<>();
        for (Check check : runOrder) {
            Set<String> roots = new LinkedHashSet<>();
            List<String> blockedBy = new ArrayList<>();
            // In the checks' own order, so the same diagnosis always reads the same (Set.of has no order).
            for (String dependency : inListedOrder(check.dependsOn())) {
                Status status = results.get(dependency).status();
                if (status == Status.FAIL) {
                    roots.add(dependency);
                    blockedBy.add(dependency);
                } else if (status == Status.SKIP) {
                    roots.addAll(rootFailures.getOrDefault(dependency, Set.of()));
                    blockedBy.add(dependency);
                }
            }
            CheckResult result = blockedBy.isEmpty() ? runSafely(check, snapshot) : skipped(check, roots, blockedBy);
            if (!roots.isEmpty()) {
                rootFailures.put(check.id(), roots);
            }
            results.put(check.id(), result);
        }
        List<CheckResult> ordered = checks.stream().map(check -> results.get(check.id())).toList();
        return new Diagnosis(snapshot.target(), ordered, snapshot.apiCalls(), snapshot.elapsed().toMillis());
    }

    private CheckResult skipped(Check check, Set<String> roots, List<String> blockedBy) {
        String summary;
        if (roots.isEmpty()) {
            // The prerequisites were skipped by themselves (nothing to check), not by a failure.
            summary = "Skipped: " + words(blockedBy) + " could not run, and this check needs "
                    + (blockedBy.size() > 1 ? "them." : "it.");
        } else {
            List<String> via = blockedBy.stream().filter(id -> !roots.contains(id)).toList();
            summary = "Skipped: " + words(List.copyOf(roots)) + " failed"
                    + (via.isEmpty() ? "" : " (via " + String.join(", ", via) + ")") + "; fix that first.";
        }
        return new CheckResult(check.id(), Status.SKIP, summary, List.of(), null, null);
    }

    private List<String> inListedOrder(Set<String> ids) {
        return checks.stream().map(Check::id).filter(ids::contains).toList();
    }

    /** "a", "a and b", "a, b and c". */
    private static String words(List<String> ids) {
        if (ids.size() == 1) {
            return ids.get(0);
        }
        return String.join(", ", ids.subList(0, ids.size() - 1)) + " and " + ids.get(ids.size() - 1);
    }

    private static CheckResult runSafely(Check check, Snapshot snapshot) {
        try {
            CheckResult result = check.run(snapshot);
            if (result == null) {
                return unknown(check, "the check returned no result");
            }
            if (!result.id().equals(check.id())) {
                return unknown(check, "the check reported under another id: " + result.id());
            }
            return result;
        } catch (RuntimeException | StackOverflowError e) {
            return unknown(check, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private static CheckResult unknown(Check check, String why) {
        return new CheckResult(check.id(), Status.UNKNOWN, "Could not be checked: " + why, List.of(), null, null);
    }

    /** Kahn's algorithm, keeping the given order among checks that are ready together. */
    private static List<Check> dependencyOrder(List<Check> checks) {
        Map<String, Check> byId = new LinkedHashMap<>();
        for (Check check : checks) {
            if (byId.put(check.id(), check) != null) {
                throw new IllegalArgumentException("two checks share the id " + check.id());
            }
        }
        for (Check check : checks) {
            for (String dependency : check.dependsOn()) {
                if (!byId.containsKey(dependency)) {
                    throw new IllegalArgumentException(check.id() + " depends on unknown check " + dependency);
                }
            }
        }
        List<Check> order = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        while (order.size() < checks.size()) {
            Check next = checks.stream()
                    .filter(check -> !done.contains(check.id()) && done.containsAll(check.dependsOn()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("checks depend on each other in a cycle"));
            order.add(next);
            done.add(next.id());
        }
        return order;
    }
}
