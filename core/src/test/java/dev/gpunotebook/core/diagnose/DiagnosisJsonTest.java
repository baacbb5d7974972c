package dev.gpunotebook.core.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.gpunotebook.core.diagnose.snapshot.DiagnosisTarget;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiagnosisJsonTest {
    private static final DiagnosisTarget TARGET = new DiagnosisTarget("gpu-notebook-dev", "gpu-notebook-alice", "alice",
            "eu-west-1");

    private static JsonObject parse(Diagnosis diagnosis) {
        return JsonParser.parseString(DiagnosisJson.write(diagnosis)).getAsJsonObject();
    }

    @Test
    void write_whenDiagnosisHasChecks_producesTheShapeOfTheDesign() {
        Diagnosis diagnosis = Diagnostician.standard().diagnose(Snapshots.healthy().build());

        JsonObject json = parse(diagnosis);

        assertThat(json.keySet()).containsExactly("target", "checks", "counts", "apiCalls", "elapsedMs");
        assertThat(json.getAsJsonObject("target").keySet()).containsExactly("cluster", "service", "notebook", "region");
        assertThat(json.getAsJsonObject("target").get("notebook").getAsString()).isEqualTo("alice");
        JsonObject first = json.getAsJsonArray("checks").get(0).getAsJsonObject();
        assertThat(first.keySet()).containsExactly("id", "status", "summary", "evidence", "remediation", "docs");
        assertThat(first.get("id").getAsString()).isEqualTo("credentials");
        assertThat(json.getAsJsonArray("checks")).hasSize(CheckIds.ALL.size());
        assertThat(json.getAsJsonObject("counts").keySet()).containsExactly("PASS", "WARN", "FAIL", "SKIP", "UNKNOWN");
        assertThat(json.getAsJsonObject("counts").get("PASS").getAsInt()).isEqualTo(18);
        assertThat(json.get("apiCalls").getAsInt()).isEqualTo(42);
        assertThat(json.get("elapsedMs").getAsLong()).isEqualTo(1234);
    }

    @Test
    void write_whenTextHoldsQuotesNewlinesAndControlCharacters_escapesThemSoTheyParseBack() {
        String summary = "ECS_INSTANCE_ATTRIBUTES={\"gpu-notebook\": \"alice\"} \\ tab\there\nnew line \u0001 é \u2028";
        String remediation = "cat <<'EOF' >> /etc/ecs/ecs.config\n  ECS_CLUSTER=x\nEOF";
        Diagnosis diagnosis = new Diagnosis(TARGET, List.of(new CheckResult("agent.config", Status.FAIL, summary,
                List.of("line 1: echo \"x\"", "C:\\path"), remediation, "https://docs.aws.amazon.com/x")), 3, 7);

        JsonObject check = parse(diagnosis).getAsJsonArray("checks").get(0).getAsJsonObject();

        assertThat(check.get("summary").getAsString()).isEqualTo(summary);
        assertThat(check.get("remediation").getAsString()).isEqualTo(remediation);
        assertThat(check.getAsJsonArray("evidence").get(0).getAsString()).isEqualTo("line 1: echo \"x\"");
        assertThat(check.getAsJsonArray("evidence").get(1).getAsString()).isEqualTo("C:\\path");
    }

    @Test
    void write_whenValuesAreAbsent_writesNullAndEmptyLists() {
        Diagnosis diagnosis = new Diagnosis(new DiagnosisTarget("ml", "jupyter", null, "us-east-1"), List.of(
                new CheckResult("credentials", Status.PASS, "Fine.", List.of(), null, null)), 0, 0);

        JsonObject json = parse(diagnosis);
        JsonObject check = json.getAsJsonArray("checks").get(0).getAsJsonObject();

        assertThat(json.getAsJsonObject("target").get("notebook").isJsonNull()).isTrue();
        assertThat(check.get("remediation").isJsonNull()).isTrue();
        assertThat(check.get("docs").isJsonNull()).isTrue();
        assertThat(check.getAsJsonArray("evidence")).isEmpty();
    }

    @Test
    void write_whenThereAreNoChecks_writesAnEmptyArray() {
        JsonObject json = parse(new Diagnosis(TARGET, List.of(), 0, 0));

        assertThat(json.getAsJsonArray("checks")).isEmpty();
        assertThat(json.getAsJsonObject("counts").get("FAIL").getAsInt()).isZero();
    }
}
