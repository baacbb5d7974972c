package dev.gpunotebook.core.diagnose;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.gpunotebook.core.Json;
import dev.gpunotebook.core.diagnose.snapshot.DiagnosisTarget;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Diagnosis} in the JSON shape of DESIGN.md ({@code --output json}). Every key is
 * always present, null when there is nothing to say, so that scripts can rely on the shape;
 * {@code counts} lists all five statuses.
 *
 * <pre>{@code
 * String one = DiagnosisJson.write(diagnosis);                     // {"target": {...}, "checks": [...], ...}
 * String all = DiagnosisJson.writeAll(List.of(alice, bob));        // [{...}, {...}]
 * }</pre>
 */
public final class DiagnosisJson {
    private DiagnosisJson() {
    }

    // The records are the contract's shape; the explicit order keeps it whatever Jackson's defaults become.
    @JsonPropertyOrder({"target", "checks", "counts", "apiCalls", "elapsedMs"})
    private record Document(Target target, List<Check> checks, Map<String, Integer> counts, int apiCalls,
            long elapsedMs) {
    }

    @JsonPropertyOrder({"cluster", "service", "notebook", "region"})
    private record Target(String cluster, String service, String notebook, String region) {
    }

    @JsonPropertyOrder({"id", "status", "summary", "evidence", "remediation", "docs"})
    private record Check(String id, Status status, String summary, List<String> evidence, String remediation,
            String docs) {
    }

    /** One diagnosis as a JSON object, ending with a newline. */
    public static String write(Diagnosis diagnosis) {
        return Json.pretty(document(diagnosis)) + "\n";
    }

    /** Diagnoses of a whole environment as a JSON array of those objects (empty without any), ending with a newline. */
    public static String writeAll(List<Diagnosis> diagnoses) {
        return Json.pretty(diagnoses.stream().map(DiagnosisJson::document).toList()) + "\n";
    }

    private static Document document(Diagnosis diagnosis) {
        DiagnosisTarget t = diagnosis.target();
        Map<String, Integer> counts = new LinkedHashMap<>();
        diagnosis.counts().forEach((status, count) -> counts.put(status.name(), count));
        List<Check> checks = diagnosis.checks().stream().map(c -> new Check(c.id(), c.status(), c.summary(),
                c.evidence(), c.remediation(), c.docs())).toList();
        return new Document(new Target(t.cluster(), t.service(), t.notebook(), t.region()), checks, counts,
                diagnosis.apiCalls(), diagnosis.elapsedMs());
    }
}
