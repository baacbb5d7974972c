package dev.gpunotebook.core.diagnose.checks;

import static dev.gpunotebook.core.diagnose.Snapshots.healthy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.Status;
import dev.gpunotebook.core.diagnose.snapshot.Fact;
import org.junit.jupiter.api.Test;

class CredentialsCheckTest {
    private final CredentialsCheck check = new CredentialsCheck();

    @Test
    void run_whenCallerIsKnown_passesNamingPrincipalAndRegion() {
        CheckResult result = check.run(healthy().build());

        assertThat(result.status()).isEqualTo(Status.PASS);
        assertThat(result.summary()).contains("arn:aws:iam::123456789012:user/dev", "eu-west-1");
    }

    @Test
    void run_whenCredentialsExpired_failsWithHowToConfigureThem() {
        CheckResult result = check.run(healthy().caller(Fact.unavailable("ExpiredToken: the security token included in "
                + "the request is expired")).build());

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.summary()).contains("ExpiredToken");
        assertThat(result.remediation()).contains("aws sts get-caller-identity --region eu-west-1", "aws sso login");
    }

    @Test
    void run_whenCallerIsDenied_fails() {
        CheckResult result = check.run(healthy().caller(Fact.denied("sts:GetCallerIdentity", "explicit deny")).build());

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.summary()).contains("sts:GetCallerIdentity");
    }
}
