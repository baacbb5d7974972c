package dev.gpunotebook.core.diagnose.checks;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Whether a list of IAM Action strings (with {@code *} and {@code ?} wildcards) allows an action. */
final class IamActions {
    private IamActions() {
    }

    static boolean allows(List<String> allowed, String action) {
        return allowed.stream().anyMatch(pattern -> matches(pattern, action));
    }

    static boolean matches(String pattern, String action) {
        // IAM action names are case-insensitive; wildcards may appear anywhere in the pattern.
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.strip().toLowerCase(Locale.ROOT).toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return action.toLowerCase(Locale.ROOT).matches(regex.toString());
    }
}
