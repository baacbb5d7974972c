package dev.gpunotebook.bot.command;

import java.util.List;

/** Spelling rules shared by the scanners: what counts as an option token and how {@code --opt=value} splits. */
final class Options {

    static final String HELP = "--help";
    static final String SHORT_HELP = "-h";

    private Options() {
    }

    /** @return true for tokens that are never taken as an option's value: {@code --anything} and {@code -h} */
    static boolean looksLikeOption(String token) {
        return token.startsWith("--") || token.equals(SHORT_HELP);
    }

    /** @return the option name of {@code --name} or {@code --name=value} */
    static String name(String token) {
        int equals = token.indexOf('=');
        return equals < 0 ? token : token.substring(0, equals);
    }

    /** @return the value of {@code --name=value}, or null for {@code --name} */
    static String inlineValue(String token) {
        int equals = token.indexOf('=');
        return equals < 0 ? null : token.substring(equals + 1);
    }

    /**
     * Reads the value of the known option at {@code tokens[index]}: inline, or the next token
     * unless that looks like an option.
     *
     * @return the value; the caller skips the next token when the value was not inline
     */
    static String value(List<String> tokens, int index, Verb verb) {
        String token = tokens.get(index);
        String value = inlineValue(token);
        if (value == null && index + 1 < tokens.size() && !looksLikeOption(tokens.get(index + 1))) {
            value = tokens.get(index + 1);
        }
        if (value == null || value.isEmpty()) {
            throw new UsageProblem("missing value for " + name(token), verb);
        }
        return value;
    }
}
