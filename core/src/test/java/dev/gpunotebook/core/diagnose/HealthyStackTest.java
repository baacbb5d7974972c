package dev.gpunotebook.core.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A healthy GPU notebook stack")
class HealthyStackTest {

    @Test
    void diagnose_whenEveryFactIsHealthy_passesEveryCheck() {
        Diagnosis diagnosis = Diagnostician.standard().diagnose(Snapshots.healthy().build());

        assertThat(diagnosis.checks()).allSatisfy(check -> assertThat(check.status())
                .as(check.id() + ": " + check.summary() + " " + check.evidence()).isEqualTo(Status.PASS));
        assertThat(diagnosis.checks()).extracting(CheckResult::id).containsExactlyElementsOf(CheckIds.ALL);
        assertThat(diagnosis.exitCode()).isZero();
    }
}
