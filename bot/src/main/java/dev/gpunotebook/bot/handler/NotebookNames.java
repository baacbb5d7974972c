package dev.gpunotebook.bot.handler;

import dev.gpunotebook.core.model.NotebookName;
import java.util.Locale;

/** Derives a notebook name when {@code start} is given none: from the owner, so each person gets one by default. */
public final class NotebookNames {

    private NotebookNames() {
    }

    public static NotebookName derivedFrom(String owner) {
        String cleaned = owner.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (cleaned.length() > NotebookName.MAX_LENGTH) {
            cleaned = cleaned.substring(0, NotebookName.MAX_LENGTH).replaceAll("-+$", "");
        }
        return NotebookName.of(cleaned.isEmpty() ? "notebook" : cleaned);
    }
}
