package dev.gpunotebook.bot.command;

import dev.gpunotebook.core.model.SafeText;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code completion bash|zsh}: prints a script that completes gpu-notebook's commands and options
 * in that shell. Only from the command line.
 *
 * @param shell the shell the script is for
 */
public record CompletionCommand(Shell shell) implements Command {

    /** The shells a completion script can be printed for. */
    public enum Shell {
        BASH, ZSH;

        /** @return the word as typed: {@code bash} or {@code zsh} */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * @param word {@code bash} or {@code zsh}, as typed
         * @throws IllegalArgumentException naming the shells there are
         */
        public static Shell fromWord(String word) {
            for (Shell shell : values()) {
                if (shell.word().equals(word)) {
                    return shell;
                }
            }
            throw new IllegalArgumentException("no completion script for the shell " + SafeText.quote(word)
                    + ": expected bash or zsh");
        }
    }

    public CompletionCommand {
        Objects.requireNonNull(shell, "shell");
    }

    @Override
    public Verb verb() {
        return Verb.COMPLETION;
    }
}
