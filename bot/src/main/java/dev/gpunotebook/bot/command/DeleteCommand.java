package dev.gpunotebook.bot.command;

import dev.gpunotebook.core.model.NotebookName;

import java.util.Objects;

/**
 * {@code delete NAME [--yes]}: deletes a notebook and everything it owns.
 *
 * @param name the notebook
 * @param confirmed true with {@code --yes}: the front-end does not ask again
 */
public record DeleteCommand(NotebookName name, boolean confirmed) implements Command {

    public DeleteCommand {
        Objects.requireNonNull(name, "name");
    }

    @Override
    public Verb verb() {
        return Verb.DELETE;
    }
}
