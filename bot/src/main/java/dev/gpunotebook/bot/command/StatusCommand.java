package dev.gpunotebook.bot.command;

import dev.gpunotebook.core.model.NotebookName;

import java.util.Objects;

/**
 * {@code status NAME}: shows a notebook's state and address.
 *
 * @param name the notebook
 */
public record StatusCommand(NotebookName name) implements Command {

    public StatusCommand {
        Objects.requireNonNull(name, "name");
    }

    @Override
    public Verb verb() {
        return Verb.STATUS;
    }
}
