package dev.gpunotebook.core.model;

import dev.gpunotebook.core.GpuNotebookException;
import java.util.regex.Pattern;

/**
 * A notebook's name: lower-case letters, digits and hyphens, starting with a letter or digit, at
 * most 20 characters, so that every AWS name derived from it (target group names are limited to 32
 * characters) stays valid.
 */
public record NotebookName(String value) {

    public static final int MAX_LENGTH = 20;
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9-]{0," + (MAX_LENGTH - 1) + "}");

    public NotebookName {
        if (value == null || !VALID.matcher(value).matches()) {
            throw GpuNotebookException.invalidInput("invalid notebook name " + SafeText.quote(value)
                    + ": expected 1 to " + MAX_LENGTH + " lowercase letters, digits or '-', starting"
                    + " with a letter or digit (for example: alice-gpu)");
        }
    }

    /** Whether {@code value} is a valid notebook name (for names found in AWS, which anyone may have set). */
    public static boolean isValid(String value) {
        return value != null && VALID.matcher(value).matches();
    }

    public static NotebookName of(String value) {
        return new NotebookName(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
