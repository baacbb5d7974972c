package dev.gpunotebook.bot.slack;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The one shape of a long Slack report: a title, a summary, and groups of marked items. Notebook
 * lists use it today; a diagnosis maps onto it in one place (each check an {@link Item} with
 * {@link #checkMark(String)} of its status, its remediation as detail, grouped by area, the part of
 * the check id before the first dot), and {@link #addTo(BlockBudget)} keeps it within Slack's limits.
 * Texts are raw here and escaped when rendered.
 *
 * @param title the header
 * @param summary one line under the header, may be empty
 * @param groups the sections, in order
 */
public record Report(String title, String summary, List<Group> groups) {

    public Report {
        Objects.requireNonNull(title, "title");
        summary = summary == null ? "" : summary;
        groups = List.copyOf(groups);
    }

    /**
     * @param heading the group's name, e.g. an area such as {@code network}
     * @param items its lines
     */
    public record Group(String heading, List<Item> items) {
        public Group {
            Objects.requireNonNull(heading, "heading");
            items = List.copyOf(items);
        }
    }

    /**
     * @param mark an emoji code such as {@code :white_check_mark:}
     * @param text the line
     * @param detail shown under the line (a fix), may be empty
     */
    public record Item(String mark, String text, String detail) {
        public Item {
            Objects.requireNonNull(mark, "mark");
            Objects.requireNonNull(text, "text");
            detail = detail == null ? "" : detail;
        }
    }

    /** The emoji of a diagnosis status (PASS, WARN, FAIL, SKIP, UNKNOWN; see DESIGN.md). */
    public static String checkMark(String status) {
        return switch (status == null ? "" : status.toUpperCase(Locale.ROOT)) {
            case "PASS" -> ":white_check_mark:";
            case "WARN" -> ":warning:";
            case "FAIL" -> ":x:";
            case "SKIP" -> ":fast_forward:";
            default -> ":grey_question:";
        };
    }

    /** Adds the report's blocks: the header, the summary, one section (or more, if long) per group. */
    public BlockBudget addTo(BlockBudget budget) {
        budget.header(title);
        if (!summary.isBlank()) {
            budget.context(SlackText.escape(summary));
        }
        for (Group group : groups) {
            StringBuilder text = new StringBuilder();
            if (!group.heading().isBlank()) {
                text.append('*').append(SlackText.escape(group.heading())).append('*');
            }
            for (Item item : group.items()) {
                if (!text.isEmpty()) {
                    text.append('\n');
                }
                text.append(item.mark()).append(' ').append(SlackText.escape(item.text()));
                if (!item.detail().isBlank()) {
                    text.append("\n        _").append(SlackText.escape(item.detail())).append('_');
                }
            }
            budget.section(text.toString());
        }
        return budget;
    }
}
