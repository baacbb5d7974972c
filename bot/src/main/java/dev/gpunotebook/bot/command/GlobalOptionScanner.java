package dev.gpunotebook.bot.command;

import dev.gpunotebook.core.model.SafeText;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Takes the global options and {@code --help}/{@code -h} out of a line, wherever they stand. */
final class GlobalOptionScanner {

    static final String REGION = "--region";
    static final String PROFILE = "--profile";
    static final String ENDPOINT_URL = "--endpoint-url";
    static final String OUTPUT = "--output";
    static final String LOCAL = "--local";

    private static final Set<String> VALUE_OPTIONS = Set.of(REGION, PROFILE, ENDPOINT_URL, OUTPUT);

    /**
     * @param options the global options found
     * @param help whether {@code --help} or {@code -h} was found
     * @param rest the other tokens, in order
     */
    record Scan(GlobalOptions options, boolean help, List<String> rest) {
    }

    private GlobalOptionScanner() {
    }

    /** @throws UsageProblem for a missing, duplicate or invalid global option */
    static Scan scan(List<String> tokens) {
        Map<String, String> values = new HashMap<>();
        boolean local = false;
        boolean help = false;
        List<String> rest = new ArrayList<>();
        for (int index = 0; index < tokens.size(); index++) {
            String token = tokens.get(index);
            String name = Options.name(token);
            if (token.equals(Options.SHORT_HELP) || name.equals(Options.HELP)) {
                requireNoValue(token);
                help = true;
            } else if (name.equals(LOCAL)) {
                requireNoValue(token);
                requireFirst(local, LOCAL);
                local = true;
            } else if (VALUE_OPTIONS.contains(name)) {
                requireFirst(values.containsKey(name), name);
                values.put(name, Options.value(tokens, index, null));
                if (Options.inlineValue(token) == null) {
                    index++;
                }
            } else {
                rest.add(token);
            }
        }
        return new Scan(toOptions(values, local), help, rest);
    }

    private static GlobalOptions toOptions(Map<String, String> values, boolean local) {
        String output = values.get(OUTPUT);
        OutputFormat format = output == null ? OutputFormat.TEXT : OutputFormat.fromWord(output).orElseThrow(
                () -> new UsageProblem("invalid --output " + SafeText.quote(output) + ": expected text or json", null));
        String endpoint = values.get(ENDPOINT_URL);
        try {
            URI endpointUrl = endpoint == null ? null : GlobalOptions.parseEndpointUrl(endpoint);
            return new GlobalOptions(values.get(REGION), values.get(PROFILE), endpointUrl, format, local);
        } catch (IllegalArgumentException e) {
            throw new UsageProblem(e.getMessage(), null);
        }
    }

    private static void requireNoValue(String token) {
        if (Options.inlineValue(token) != null) {
            throw new UsageProblem(Options.name(token) + " takes no value", null);
        }
    }

    private static void requireFirst(boolean seen, String name) {
        if (seen) {
            throw new UsageProblem(name + " is given more than once", null);
        }
    }
}
