package dev.gpunotebook.core.diagnose;

import dev.gpunotebook.core.diagnose.snapshot.Validate;
import java.util.List;

/**
 * The outcome of one check, in words for a person. Evidence quotes what AWS returned;
 * remediation is the concrete fix (required for FAIL); docs is a link to the AWS documentation.
 * A SKIP must name, in its summary, the check it waited for, so a reader can follow the chain
 * to the one root cause.
 */
public record CheckResult(String id, Status status, String summary, List<String> evidence, String remediation,
        String docs) {
    public CheckResult {
        Validate.nonBlank(id, "id");
        Validate.nonNull(status, "status");
        Validate.nonBlank(summary, "summary");
        evidence = Validate.list(evidence);
        if (remediation != null && remediation.isBlank()) {
            remediation = null;
        }
        if (docs != null && docs.isBlank()) {
            docs = null;
        }
        if (status == Status.FAIL && remediation == null) {
            throw new IllegalArgumentException(id + ": a FAIL must say how to fix it (remediation)");
        }
        if (status == Status.SKIP && !namesAnotherCheck(id, summary)) {
            throw new IllegalArgumentException(id + ": a SKIP must name the check it depends on: " + summary);
        }
    }

    private static boolean namesAnotherCheck(String id, String summary) {
        return CheckIds.ALL.stream().anyMatch(other -> !other.equals(id) && summary.contains(other));
    }
}
