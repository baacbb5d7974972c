package dev.gpunotebook.core.diagnose;

import dev.gpunotebook.core.diagnose.snapshot.DiagnosisTarget;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link Diagnosis} as a checklist for a terminal: grouped by {@link Area}, a mark per
 * check, the summary, and under each FAIL (and WARN/UNKNOWN) the evidence, the fix and the
 * documentation link. Wrapped to a width (80 by default) with hanging indents; words longer than
 * a line (URLs, ARNs) are never broken, so they stay clickable and copyable. ANSI colour only when
 * asked for (the caller knows whether it writes to a terminal).
 */
public final class DiagnosisText {
    public static final int DEFAULT_WIDTH = 80;
    private static final int MARK_WIDTH = 9;
    private static final String INDENT = " ".repeat(2 + MARK_WIDTH + 1);
    private static final String RESET = "\u001b[0m";
    private static final Map<Status, String> COLOURS = new EnumMap<>(Map.of(Status.PASS, "\u001b[32m", Status.WARN,
            "\u001b[33m", Status.FAIL, "\u001b[1;31m", Status.SKIP, "\u001b[90m", Status.UNKNOWN, "\u001b[35m"));

    private final Map<String, Area> areas;
    private final boolean colour;
    private final int width;

    public DiagnosisText(Map<String, Area> areas, boolean colour, int width) {
        this.areas = Map.copyOf(areas);
        this.colour = colour;
        if (width < 40) {
            throw new IllegalArgumentException("width must be at least 40: " + width);
        }
        this.width = width;
    }

    /** For the standard checks, 80 columns. */
    public static DiagnosisText standard(boolean colour) {
        Map<String, Area> areas = new LinkedHashMap<>();
        StandardChecks.all().forEach(check -> areas.put(check.id(), check.area()));
        return new DiagnosisText(areas, colour, DEFAULT_WIDTH);
    }

    public String render(Diagnosis diagnosis) {
        StringBuilder out = new StringBuilder();
        DiagnosisTarget target = diagnosis.target();
        String title = "gpu-notebook diagnose: " + (target.notebook() != null ? "notebook " + target.notebook() + ", " : "")
                + "service " + target.service() + " in cluster " + target.cluster() + " (" + target.region() + ")";
        wrap("", title, "").forEach(line -> out.append(bold(line)).append('\n'));
        Map<String, List<CheckResult>> groups = new LinkedHashMap<>();
        for (Area area : Area.values()) {
            groups.put(area.title(), new ArrayList<>());
        }
        for (CheckResult check : diagnosis.checks()) {
            Area area = areas.get(check.id());
            groups.computeIfAbsent(area == null ? "Other" : area.title(), k -> new ArrayList<>()).add(check);
        }
        groups.forEach((heading, checks) -> {
            if (!checks.isEmpty()) {
                out.append('\n').append(bold(heading)).append('\n');
                checks.forEach(check -> check(out, check));
            }
        });
        Map<Status, Integer> counts = diagnosis.counts();
        List<String> parts = new ArrayList<>();
        for (Status status : Status.values()) {
            parts.add(counts.get(status) + " " + status.name());
        }
        String footer = diagnosis.checks().size() + " checks: " + String.join(", ", parts) + " (" + diagnosis.apiCalls()
                + " AWS calls, " + String.format(Locale.ROOT, "%.1f", diagnosis.elapsedMs() / 1000.0) + " s)";
        out.append('\n');
        append(out, wrap("", footer, ""));
        return out.toString();
    }

    private void check(StringBuilder out, CheckResult check) {
        String mark = String.format("%-" + MARK_WIDTH + "s", "[" + check.status().name() + "]");
        String prefix = "  " + mark + " ";
        List<String> lines = wrap(prefix, check.id() + ": " + check.summary(), INDENT);
        if (colour) {
            // The mark is coloured after wrapping, so escape codes never count as columns.
            lines.set(0, "  " + COLOURS.get(check.status()) + mark + RESET + " " + lines.get(0).substring(prefix.length()));
        }
        append(out, lines);
        if (check.status() == Status.PASS || check.status() == Status.SKIP) {
            return;
        }
        for (String evidence : check.evidence()) {
            append(out, wrap(INDENT + "- ", evidence, INDENT + "  "));
        }
        if (check.remediation() != null) {
            String label = check.status() == Status.FAIL ? "Fix: " : "Hint: ";
            String hanging = INDENT + " ".repeat(label.length());
            String[] paragraphs = check.remediation().split("\n");
            append(out, wrap(INDENT + label, paragraphs[0], hanging));
            for (int i = 1; i < paragraphs.length; i++) {
                // Indentation inside a paragraph (a shell snippet) is kept.
                String paragraph = paragraphs[i];
                int indent = paragraph.length() - paragraph.stripLeading().length();
                append(out, wrap(hanging + paragraph.substring(0, indent), paragraph.strip(), hanging));
            }
        }
        if (check.docs() != null) {
            append(out, wrap(INDENT + "Docs: ", check.docs(), INDENT + "      "));
        }
    }

    /**
     * {@code prefix} then {@code text} cut into lines of at most the width, each further line
     * starting with {@code continuation}. The prefix is kept as is (it aligns the columns); a
     * word longer than a line is never broken, so URLs and ARNs stay whole.
     */
    private List<String> wrap(String prefix, String text, String continuation) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(prefix);
        boolean empty = true;
        for (String word : text.strip().split(" +")) {
            if (!empty && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line = new StringBuilder(continuation);
                empty = true;
            }
            line.append(empty ? "" : " ").append(word);
            empty = false;
        }
        lines.add(line.toString());
        return lines;
    }

    private static void append(StringBuilder out, List<String> lines) {
        lines.forEach(line -> out.append(line.stripTrailing()).append('\n'));
    }

    private String bold(String text) {
        return colour ? "\u001b[1m" + text + RESET : text;
    }
}
