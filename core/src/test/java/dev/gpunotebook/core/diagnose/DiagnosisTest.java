package dev.gpunotebook.core.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.diagnose.snapshot.DiagnosisTarget;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiagnosisTest {
    private static final DiagnosisTarget TARGET = new DiagnosisTarget("c", "s", "n", "eu-west-1");

    private static CheckResult result(String id, Status status) {
        return new CheckResult(id, status, status == Status.SKIP ? "Skipped: credentials failed." : "Words.", List.of(),
                status == Status.FAIL ? "Fix it." : null, null);
    }

    @Test
    void exitCode_whenNoCheckFails_isZero() {
        Diagnosis diagnosis = new Diagnosis(TARGET, List.of(result("credentials", Status.PASS),
                result("quota.vcpu", Status.WARN), result("instance.type", Status.UNKNOWN)), 3, 10);

        assertThat(diagnosis.exitCode()).isZero();
    }

    @Test
    void exitCode_whenOneCheckFails_isOne() {
        Diagnosis diagnosis = new Diagnosis(TARGET, List.of(result("credentials", Status.FAIL),
                result("quota.vcpu", Status.SKIP)), 1, 10);

        assertThat(diagnosis.exitCode()).isEqualTo(1);
    }

    @Test
    void counts_whenSomeStatusesAreAbsent_listsThemAsZero() {
        Diagnosis diagnosis = new Diagnosis(TARGET, List.of(result("credentials", Status.PASS),
                result("quota.vcpu", Status.PASS), result("instance.type", Status.FAIL)), 0, 0);

        assertThat(diagnosis.counts()).containsExactly(java.util.Map.entry(Status.PASS, 2),
                java.util.Map.entry(Status.WARN, 0), java.util.Map.entry(Status.FAIL, 1),
                java.util.Map.entry(Status.SKIP, 0), java.util.Map.entry(Status.UNKNOWN, 0));
    }
}
