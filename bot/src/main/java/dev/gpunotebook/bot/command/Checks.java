package dev.gpunotebook.bot.command;

import dev.gpunotebook.core.model.SafeText;

import java.util.regex.Pattern;

/** Validation helpers shared by the records; each failure is one line naming the rule and the value. */
final class Checks {

    /** Longest value matched against a pattern; longer values are refused before matching. */
    static final int MAX_VALUE_LENGTH = 512;

    private Checks() {
    }

    /** Accepts null (not given); otherwise the value must match the pattern. */
    static void optionalMatch(String option, String value, Pattern pattern, String expected) {
        if (value != null) {
            requireMatch(option, value, pattern, expected);
        }
    }

    static void requireMatch(String what, String value, Pattern pattern, String expected) {
        if (value == null || value.length() > MAX_VALUE_LENGTH || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "invalid " + what + " " + SafeText.quote(value) + ": expected " + expected);
        }
    }

    /** Accepts null (not given); otherwise the value must lie in {@code [min, max]}. */
    static void optionalRange(String option, Integer value, int min, int max, String note) {
        if (value != null && (value < min || value > max)) {
            throw outOfRange(option, String.valueOf(value), min, max, note);
        }
    }

    /**
     * Reads a whole number given to an option.
     *
     * @return null when text is null (option not given)
     */
    static Integer parseInRange(String option, String text, int min, int max, String note) {
        if (text == null) {
            return null;
        }
        if (!text.matches("[+-]?[0-9]{1,9}")) {
            throw outOfRange(option, text, min, max, note);
        }
        int value = Integer.parseInt(text);
        if (value < min || value > max) {
            throw outOfRange(option, text, min, max, note);
        }
        return value;
    }

    private static IllegalArgumentException outOfRange(String option, String given, int min, int max, String note) {
        return new IllegalArgumentException(option + " must be a whole number from " + min + " to " + max
                + (note.isEmpty() ? "" : " (" + note + ")") + ", got " + SafeText.quote(given));
    }
}
