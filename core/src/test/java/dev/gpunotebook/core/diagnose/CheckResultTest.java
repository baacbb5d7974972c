package dev.gpunotebook.core.diagnose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckResultTest {

    @Test
    void constructor_whenFailWithoutRemediation_isRefused() {
        assertThatThrownBy(() -> new CheckResult("quota.vcpu", Status.FAIL, "Too few vCPUs.", List.of(), " ", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("remediation");
    }

    @Test
    void constructor_whenSkipDoesNotNameAnotherCheck_isRefused() {
        assertThatThrownBy(() -> new CheckResult("target.health", Status.SKIP, "Skipped.", List.of(), null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SKIP");
        assertThatThrownBy(() -> new CheckResult("target.health", Status.SKIP, "Skipped: target.health.", List.of(),
                null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constructor_whenSkipNamesItsPrerequisite_isAccepted() {
        CheckResult skip = new CheckResult("target.health", Status.SKIP, "Skipped: alb.listener failed.", null, null, null);

        assertThat(skip.evidence()).isEmpty();
    }

    @Test
    void evidence_whenCallerChangesItsList_keepsItsCopy() {
        List<String> evidence = new ArrayList<>(List.of("a"));
        CheckResult result = new CheckResult("credentials", Status.PASS, "Fine.", evidence, "", "");
        evidence.add("b");

        assertThat(result.evidence()).containsExactly("a");
        assertThat(result.remediation()).isNull();
        assertThat(result.docs()).isNull();
    }
}
