package dev.gpunotebook.core.diagnose;

import dev.gpunotebook.core.diagnose.snapshot.Snapshot;
import java.util.Set;

/**
 * One diagnostic: pure logic over a {@link Snapshot}. {@link #dependsOn()} lists the checks
 * whose failure makes this one meaningless (the runner then reports SKIP instead of a second
 * FAIL for the same root cause). {@link #run} must not throw; the runner still turns a stray
 * exception into UNKNOWN.
 */
public interface Check {
    String id();

    Area area();

    Set<String> dependsOn();

    CheckResult run(Snapshot snapshot);
}
