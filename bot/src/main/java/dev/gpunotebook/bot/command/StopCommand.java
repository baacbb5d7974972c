package dev.gpunotebook.bot.command;

import dev.gpunotebook.core.model.NotebookName;

import java.util.Objects;

/**
 * {@code stop NAME}: stops a notebook's task and instance.
 *
 * @param name the notebook
 */
public record StopCommand(NotebookName name) implements Command {

    public StopCommand {
        Objects.requireNonNull(name, "name");
    }

    @Override
    public Verb verb() {
        return Verb.STOP;
    }
}
