package dev.gpunotebook.core.diagnose;

import dev.gpunotebook.core.diagnose.snapshot.DiagnosisTarget;
import dev.gpunotebook.core.diagnose.snapshot.Validate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The result of {@code diagnose}: the checks in their stable order, and how many AWS calls the
 * snapshot took and how long. The counts are derived from the checks, never stored twice.
 */
public record Diagnosis(DiagnosisTarget target, List<CheckResult> checks, int apiCalls, long elapsedMs) {
    public Diagnosis {
        Validate.nonNull(target, "target");
        checks = Validate.list(checks);
        Validate.nonNegative(apiCalls, "apiCalls");
        if (elapsedMs < 0) {
            throw new IllegalArgumentException("elapsedMs must not be negative");
        }
    }

    /** How many checks ended in each status; every status is present, zero included. */
    public Map<Status, Integer> counts() {
        Map<Status, Integer> counts = new EnumMap<>(Status.class);
        for (Status status : Status.values()) {
            counts.put(status, 0);
        }
        checks.forEach(check -> counts.merge(check.status(), 1, Integer::sum));
        return Collections.unmodifiableMap(counts);
    }

    /** The exit status of {@code diagnose}: 0 without FAIL, 1 with at least one. */
    public int exitCode() {
        return checks.stream().anyMatch(check -> check.status() == Status.FAIL) ? 1 : 0;
    }
}
