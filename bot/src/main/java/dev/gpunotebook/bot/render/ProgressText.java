package dev.gpunotebook.bot.render;

import dev.gpunotebook.core.provision.ProgressEvent;

/** One line per progress event, for a terminal or a chat message. */
public final class ProgressText {

    private ProgressText() {
    }

    public static String mark(ProgressEvent.Phase phase) {
        return switch (phase) {
            case RUNNING -> "...";
            case CREATED -> "+";
            case UPDATED -> "~";
            case FOUND -> "=";
            case CHECKED -> "ok";
            case FAILED -> "FAILED";
            case ROLLED_BACK -> "undone";
            case DELETED -> "-";
            case WARNING -> "!";
        };
    }

    public static String line(ProgressEvent event) {
        String verb = switch (event.phase()) {
            case RUNNING -> "running";
            case CREATED -> "created";
            case UPDATED -> "updated";
            case FOUND -> "exists";
            case CHECKED -> "checked";
            case FAILED -> "failed";
            case ROLLED_BACK -> "rolled back";
            case DELETED -> "deleted";
            case WARNING -> "warning";
        };
        String detail = event.detail().isEmpty() ? "" : ": " + event.detail();
        return String.format("%-6s %-24s %s%s", mark(event.phase()), event.step(), verb, detail);
    }
}
