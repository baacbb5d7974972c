package dev.gpunotebook.core.diagnose;

import dev.gpunotebook.core.diagnose.json.Json;
import dev.gpunotebook.core.diagnose.snapshot.DiagnosisTarget;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Diagnosis} in the JSON shape of DESIGN.md ({@code --output json}). Every key is
 * always present, null when there is nothing to say, so that scripts can rely on the shape;
 * {@code counts} lists all five statuses.
 */
public final class DiagnosisJson {
    private DiagnosisJson() {
    }

    public static String write(Diagnosis diagnosis) {
        StringBuilder out = new StringBuilder("{\n");
        DiagnosisTarget target = diagnosis.target();
        out.append("  \"target\": {\"cluster\": ").append(Json.quote(target.cluster()))
                .append(", \"service\": ").append(Json.quote(target.service()))
                .append(", \"notebook\": ").append(Json.quote(target.notebook()))
                .append(", \"region\": ").append(Json.quote(target.region())).append("},\n");
        out.append("  \"checks\": [");
        List<CheckResult> checks = diagnosis.checks();
        for (int i = 0; i < checks.size(); i++) {
            out.append(i == 0 ? "\n" : ",\n").append("    ");
            check(out, checks.get(i));
        }
        out.append(checks.isEmpty() ? "],\n" : "\n  ],\n");
        out.append("  \"counts\": {");
        Map<Status, Integer> counts = diagnosis.counts();
        boolean first = true;
        for (Status status : Status.values()) {
            out.append(first ? "" : ", ").append(Json.quote(status.name())).append(": ").append(counts.get(status));
            first = false;
        }
        out.append("},\n");
        out.append("  \"apiCalls\": ").append(diagnosis.apiCalls()).append(",\n");
        out.append("  \"elapsedMs\": ").append(diagnosis.elapsedMs()).append('\n');
        return out.append("}\n").toString();
    }

    private static void check(StringBuilder out, CheckResult check) {
        out.append("{\"id\": ").append(Json.quote(check.id()))
                .append(", \"status\": ").append(Json.quote(check.status().name()))
                .append(", \"summary\": ").append(Json.quote(check.summary()))
                .append(", \"evidence\": [");
        for (int i = 0; i < check.evidence().size(); i++) {
            out.append(i == 0 ? "" : ", ").append(Json.quote(check.evidence().get(i)));
        }
        out.append("], \"remediation\": ").append(Json.quote(check.remediation()))
                .append(", \"docs\": ").append(Json.quote(check.docs())).append('}');
    }
}
