package dev.gpunotebook.core.idle;

import dev.gpunotebook.core.model.NotebookName;
import java.util.Optional;

/**
 * A message for a notebook's owner. Holds no secret: never the token, only the notebook's name.
 *
 * @param ownerId the owner tag of the notebook (a Slack user id)
 * @param kind what happened
 * @param message the words for the owner
 * @param action a button, such as "Start again" running {@code start NAME}; null for none
 */
public record Notice(String ownerId, NotebookName notebook, Kind kind, String message, Action action) {

    public enum Kind {
        /** The notebook will stop in a few minutes unless it is used. */
        IDLE_WARNING,
        /** The notebook was stopped because it was idle. */
        STOPPED_IDLE
    }

    /** A button: {@code label} shown, {@code command} the grammar command it runs, such as {@code start alice}. */
    public record Action(String label, String command) {
        public Action {
            if (label == null || label.isBlank() || command == null || command.isBlank()) {
                throw new IllegalArgumentException("an action needs a label and a command");
            }
        }
    }

    public Notice {
        if (notebook == null || kind == null || message == null || message.isBlank()) {
            throw new IllegalArgumentException("a notice needs a notebook, a kind and a message");
        }
        ownerId = ownerId == null ? "" : ownerId;
    }

    public Optional<Action> optionalAction() {
        return Optional.ofNullable(action);
    }

    /** The "Start again" button for a stopped notebook. */
    public static Action startAgain(NotebookName name) {
        return new Action("Start again", "start " + name);
    }
}
