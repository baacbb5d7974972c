package dev.gpunotebook.bot.command;

import java.util.regex.Pattern;

/**
 * A notebook's name: 1 to 20 lowercase letters, digits or '-', starting with a letter or digit,
 * so that the AWS names derived from it stay within their limits.
 *
 * @param value the name, e.g. {@code alice-cuda}
 */
public record NotebookName(String value) {

    /** The rule a name must match. */
    public static final Pattern PATTERN = Pattern.compile("[a-z0-9][a-z0-9-]{0,19}");

    /** @throws IllegalArgumentException with a one-line message when the value breaks the rule */
    public NotebookName {
        Checks.requireMatch("notebook name", value, PATTERN,
                "1 to 20 lowercase letters, digits or '-', starting with a letter or digit");
    }

    @Override
    public String toString() {
        return value;
    }
}
