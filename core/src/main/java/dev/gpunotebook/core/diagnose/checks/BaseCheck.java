package dev.gpunotebook.core.diagnose.checks;

import dev.gpunotebook.core.diagnose.Area;
import dev.gpunotebook.core.diagnose.Check;
import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.Status;
import dev.gpunotebook.core.diagnose.snapshot.Fact;
import dev.gpunotebook.core.diagnose.snapshot.Snapshot;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Shared shape of the checks: identity, and short ways to say PASS/WARN/FAIL/UNKNOWN/SKIP. A
 * check reads facts with {@link #need}: when a fact is denied or unavailable the check stops
 * there with UNKNOWN naming the IAM action or the reason, so no check body has to repeat that.
 */
abstract class BaseCheck implements Check {
    private final String id;
    private final Area area;
    private final String docs;
    private final Set<String> dependsOn;

    BaseCheck(String id, Area area, String docs, String... dependsOn) {
        this.id = id;
        this.area = area;
        this.docs = docs;
        this.dependsOn = Set.of(dependsOn);
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final Area area() {
        return area;
    }

    @Override
    public final Set<String> dependsOn() {
        return dependsOn;
    }

    public final String docs() {
        return docs;
    }

    @Override
    public final CheckResult run(Snapshot snapshot) {
        try {
            return evaluate(snapshot);
        } catch (Stop stop) {
            return stop.result;
        }
    }

    abstract CheckResult evaluate(Snapshot snapshot);

    /** A fact's value; when it is not known the check ends with UNKNOWN (or {@code whenMissing}). */
    final <T> T need(Fact<T> fact, String what, Supplier<CheckResult> whenMissing) {
        if (fact instanceof Fact.Known<T> known) {
            return known.value();
        }
        if (fact instanceof Fact.Missing<T> missing) {
            throw new Stop(whenMissing != null ? whenMissing.get()
                    : unknown("Could not check: " + missing.describe() + ".", List.of()));
        }
        if (fact instanceof Fact.Denied<T> denied) {
            throw new Stop(result(Status.UNKNOWN, "Could not read " + what + ": access denied to " + denied.iamAction()
                    + ".", denied.message().isBlank() ? List.of() : List.of(denied.message()),
                    "Allow " + denied.iamAction() + " for the identity that runs diagnose, then run it again."));
        }
        throw new Stop(unknown("Could not read " + what + ": " + ((Fact.Unavailable<T>) fact).reason() + ".", List.of()));
    }

    final <T> T need(Fact<T> fact, String what) {
        return need(fact, what, null);
    }

    final CheckResult pass(String summary, List<String> evidence) {
        return result(Status.PASS, summary, evidence, null);
    }

    final CheckResult warn(String summary, List<String> evidence, String remediation) {
        return result(Status.WARN, summary, evidence, remediation);
    }

    final CheckResult fail(String summary, List<String> evidence, String remediation) {
        return result(Status.FAIL, summary, evidence, remediation);
    }

    final CheckResult unknown(String summary, List<String> evidence) {
        return result(Status.UNKNOWN, summary, evidence, null);
    }

    /** This check cannot run because of what {@code dependency} reports. */
    final CheckResult skip(String dependency, String why) {
        return result(Status.SKIP, "Skipped: " + why + " (see " + dependency + ").", List.of(), null);
    }

    final CheckResult result(Status status, String summary, List<String> evidence, String remediation) {
        return new CheckResult(id, status, summary, evidence, remediation, docs);
    }

    /** Carries an early result out of nested helper calls; cheap, no stack trace. */
    static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient CheckResult result;

        Stop(CheckResult result) {
            super(null, null, false, false);
            this.result = result;
        }
    }
}
