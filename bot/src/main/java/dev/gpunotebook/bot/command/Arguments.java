package dev.gpunotebook.bot.command;

import dev.gpunotebook.core.model.SafeText;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The words, option values and flags that follow a verb, checked against what the verb accepts. */
final class Arguments {

    private final List<String> positionals = new ArrayList<>();
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();

    private Arguments() {
    }

    /**
     * @param syntax what the verb accepts
     * @param tokens the tokens after the verb, global options removed
     * @throws UsageProblem for an unknown, duplicate or valueless option, or an extra word
     */
    static Arguments scan(Syntax syntax, List<String> tokens) {
        Arguments arguments = new Arguments();
        for (int index = 0; index < tokens.size(); index++) {
            String token = tokens.get(index);
            String name = Options.name(token);
            if (token.startsWith("--") && syntax.valueOptions().contains(name)) {
                arguments.requireFirst(name, syntax.verb());
                arguments.values.put(name, Options.value(tokens, index, syntax.verb()));
                if (Options.inlineValue(token) == null) {
                    index++;
                }
            } else if (token.startsWith("--") && syntax.flags().contains(name)) {
                if (Options.inlineValue(token) != null) {
                    throw new UsageProblem(name + " takes no value", syntax.verb());
                }
                arguments.requireFirst(name, syntax.verb());
                arguments.flags.add(name);
            } else if (token.startsWith("-") && token.length() > 1) {
                throw new UsageProblem("unknown option " + SafeText.quote(name) + " for " + syntax.verb().word(),
                        syntax.verb());
            } else if (arguments.positionals.size() < syntax.maxPositionals()) {
                arguments.positionals.add(token);
            } else {
                throw new UsageProblem("unexpected argument " + SafeText.quote(token) + " for "
                        + syntax.verb().word(), syntax.verb());
            }
        }
        return arguments;
    }

    private void requireFirst(String name, Verb verb) {
        if (values.containsKey(name) || flags.contains(name)) {
            throw new UsageProblem(name + " is given more than once", verb);
        }
    }

    /** @return the word at that position, or null when not given */
    String positional(int index) {
        return index < positionals.size() ? positionals.get(index) : null;
    }

    /** @return the value of an option, or null when not given */
    String value(String option) {
        return values.get(option);
    }

    /** @return whether a flag was given */
    boolean flag(String option) {
        return flags.contains(option);
    }
}
