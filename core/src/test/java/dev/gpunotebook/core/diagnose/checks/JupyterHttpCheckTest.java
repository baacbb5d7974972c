package dev.gpunotebook.core.diagnose.checks;

import static dev.gpunotebook.core.diagnose.Snapshots.healthy;
import static dev.gpunotebook.core.diagnose.Snapshots.known;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.Status;
import dev.gpunotebook.core.diagnose.snapshot.Fact;
import dev.gpunotebook.core.diagnose.snapshot.JupyterProbe;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class JupyterHttpCheckTest {
    private final JupyterHttpCheck check = new JupyterHttpCheck();
    private static final String URL = "https://gpu-notebook-dev-1234567890.eu-west-1.elb.amazonaws.com/notebook/alice/api";

    private CheckResult runWith(Integer status, String version, String error) {
        return check.run(healthy().jupyter(known(new JupyterProbe(URL, status, version, error))).build());
    }

    @Test
    void run_whenJupyterAnswersWithItsVersion_passes() {
        CheckResult result = check.run(healthy().build());

        assertThat(result.status()).isEqualTo(Status.PASS);
        assertThat(result.summary()).isEqualTo("Jupyter Server 2.14.2 answers at " + URL + ".");
        assertThat(result.evidence()).containsExactly("GET " + URL + " -> HTTP 200, version 2.14.2");
    }

    @Test
    void run_whenTheRuleNamesAHostThatDoesNotResolve_saysTheHostMustLeadToTheLoadBalancer() {
        CheckResult result = check.run(healthy().jupyter(known(new JupyterProbe(
                "https://jupyter.example.com/notebook/alice/api", null, null, "ConnectException"))).build());

        assertThat(result.status()).isEqualTo(Status.UNKNOWN);
        assertThat(result.summary()).contains("may not resolve to the load balancer");
        assertThat(result.evidence()).anyMatch(e -> e.contains("jupyter.example.com") && e.contains("host-header"));
    }

    @Test
    void run_whenTheUrlIsTheLoadBalancers_addsNoHostNote() {
        CheckResult result = check.run(healthy().build());

        assertThat(result.evidence()).noneMatch(e -> e.contains("host-header"));
    }

    @Test
    void run_whenSomethingElseAnswers200_warns() {
        CheckResult result = runWith(200, null, null);

        assertThat(result.status()).isEqualTo(Status.WARN);
        assertThat(result.evidence()).containsExactly("GET " + URL + " -> HTTP 200");
    }

    @Test
    void run_whenNothingAnswersFromHere_isUnknown() {
        CheckResult result = runWith(null, null, "connect timed out");

        assertThat(result.status()).isEqualTo(Status.UNKNOWN);
        assertThat(result.summary()).contains("connect timed out");
        assertThat(result.evidence()).containsExactly("GET " + URL + " -> connect timed out");
    }

    @Test
    void run_whenRedirected_warns() {
        assertThat(runWith(301, null, null).status()).isEqualTo(Status.WARN);
    }

    @ParameterizedTest(name = "HTTP {0}")
    @CsvSource(delimiter = '|', value = {"404|no listener rule matches", "502|Bad Gateway", "503|no healthy target",
        "504|did not answer in time", "403|refuses the request", "500|HTTP 500"})
    void run_whenTheLoadBalancerAnswersAnError_failsExplainingIt(int status, String explanation) {
        CheckResult result = runWith(status, null, null);

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.summary()).contains(explanation);
    }

    @Test
    void run_whenNotProbed_isUnknown() {
        CheckResult result = check.run(healthy().jupyter(Fact.unavailable("the load balancer has no DNS name yet")).build());

        assertThat(result.status()).isEqualTo(Status.UNKNOWN);
    }
}
