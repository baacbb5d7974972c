package dev.gpunotebook.bot.slack;

import dev.gpunotebook.core.model.NotebookName;
import java.util.Objects;

/**
 * An existing notebook as authorization sees it: whose it is and how many GPUs it holds.
 *
 * @param name the notebook
 * @param owner its owner tag (a Slack user id), may be empty for a notebook made elsewhere
 * @param gpus the GPUs its instance holds, at least 0
 */
public record NotebookUse(NotebookName name, String owner, int gpus) {

    public NotebookUse {
        Objects.requireNonNull(name, "name");
        owner = owner == null ? "" : owner;
        if (gpus < 0) {
            throw new IllegalArgumentException("gpus must be at least 0, got " + gpus);
        }
    }
}
