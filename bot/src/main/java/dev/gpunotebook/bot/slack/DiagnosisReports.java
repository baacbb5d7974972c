package dev.gpunotebook.bot.slack;

import dev.gpunotebook.core.diagnose.Area;
import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.Diagnosis;
import dev.gpunotebook.core.diagnose.StandardChecks;
import dev.gpunotebook.core.diagnose.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A diagnosis as a Slack {@link Report}: a group per area, a mark per check, the fix under each FAIL. */
final class DiagnosisReports {

    private static final Map<String, Area> AREAS = StandardChecks.all().stream()
            .collect(Collectors.toMap(check -> check.id(), check -> check.area(), (a, b) -> a, LinkedHashMap::new));

    private DiagnosisReports() {
    }

    static Report of(Diagnosis diagnosis) {
        var target = diagnosis.target();
        String title = "Diagnosis of " + (target.notebook() != null ? "notebook " + target.notebook()
                : target.service() + " in " + target.cluster());
        String counts = diagnosis.counts().entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
        Map<Area, List<Report.Item>> byArea = new LinkedHashMap<>();
        for (Area area : Area.values()) {
            byArea.put(area, new ArrayList<>());
        }
        for (CheckResult check : diagnosis.checks()) {
            Area area = AREAS.getOrDefault(check.id(), Area.values()[0]);
            String fix = check.status() == Status.FAIL && check.remediation() != null ? "Fix: " + check.remediation()
                    : "";
            byArea.get(area).add(new Report.Item(Report.checkMark(check.status().name()),
                    check.id() + " " + check.status() + ": " + check.summary(), fix));
        }
        List<Report.Group> groups = new ArrayList<>();
        byArea.forEach((area, items) -> {
            if (!items.isEmpty()) {
                groups.add(new Report.Group(area.title(), items));
            }
        });
        return new Report(title, counts + " (" + diagnosis.apiCalls() + " AWS calls, " + diagnosis.elapsedMs() + " ms)",
                groups);
    }
}
