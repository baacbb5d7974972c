package dev.gpunotebook.bot.command;

import dev.gpunotebook.core.model.NotebookName;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Generators of valid commands and options, and of grammar-like noise, for the properties. */
final class CommandArbitraries {

    private static final String LOWER_AND_DIGITS = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private CommandArbitraries() {
    }

    static Arbitrary<NotebookName> names() {
        Arbitrary<Character> first = Arbitraries.of(chars(LOWER_AND_DIGITS));
        Arbitrary<String> rest = Arbitraries.strings().withChars(LOWER_AND_DIGITS + "-").ofMaxLength(19);
        return Combinators.combine(first, rest).as((f, r) -> new NotebookName(f + r));
    }

    static Arbitrary<String> instanceTypes() {
        Arbitrary<String> family = Combinators.combine(
                        Arbitraries.strings().withCharRange('a', 'z').ofLength(1),
                        Arbitraries.strings().withChars(LOWER_AND_DIGITS + "-").ofMaxLength(8))
                .as(String::concat);
        Arbitrary<String> size = Arbitraries.strings().withChars(LOWER_AND_DIGITS).ofMinLength(1).ofMaxLength(10);
        return Arbitraries.oneOf(
                Arbitraries.of("g4dn.xlarge", "g5.12xlarge", "p4d.24xlarge", "g6e.xlarge", "u-6tb1.metal"),
                Combinators.combine(family, size).as((f, s) -> f + "." + s));
    }

    static Arbitrary<String> images() {
        Arbitrary<String> component = Arbitraries.strings().withChars(LOWER_AND_DIGITS).ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> path = component.list().ofMinSize(1).ofMaxSize(3).map(parts -> String.join("/", parts));
        Arbitrary<String> registry = Arbitraries.of("", "quay.io/", "localhost:5000/", "registry:5000/",
                "123456789012.dkr.ecr.us-east-1.amazonaws.com/");
        Arbitrary<String> tag = Arbitraries.of("", ":latest", ":cuda12-latest", ":1.0_rc.2");
        return Arbitraries.oneOf(
                Arbitraries.of("quay.io/jupyter/pytorch-notebook:cuda12-latest", "jupyter/base-notebook",
                        "nb@sha256:" + "0123456789abcdef".repeat(4)),
                Combinators.combine(registry, path, tag).as((r, p, t) -> r + p + t));
    }

    static Arbitrary<String> owners() {
        return Arbitraries.strings().withChars(LOWER_AND_DIGITS + UPPER + "_.:/=+@-").ofMinLength(1).ofMaxLength(30);
    }

    static Arbitrary<StartCommand> starts() {
        return Combinators.combine(
                names().injectNull(0.3),
                instanceTypes().injectNull(0.4),
                Arbitraries.integers().between(StartCommand.MIN_GPUS, StartCommand.MAX_GPUS).injectNull(0.4),
                images().injectNull(0.4),
                Arbitraries.integers().between(StartCommand.MIN_VOLUME_GIB, StartCommand.MAX_VOLUME_GIB).injectNull(0.4),
                Arbitraries.integers().between(StartCommand.MIN_IDLE_MINUTES, StartCommand.MAX_IDLE_MINUTES).injectNull(0.4),
                owners().injectNull(0.4),
                Arbitraries.of(true, false)).as(StartCommand::new);
    }

    static Arbitrary<String> ecsNames() {
        return Arbitraries.strings().withChars(LOWER_AND_DIGITS + UPPER + "_-").ofMinLength(1).ofMaxLength(40);
    }

    static Arbitrary<DiagnoseCommand> diagnoses() {
        Arbitrary<String> clusters = Arbitraries.oneOf(ecsNames(),
                ecsNames().map(n -> "arn:aws:ecs:eu-west-1:123456789012:cluster/" + n));
        Arbitrary<String> services = Arbitraries.oneOf(ecsNames(),
                ecsNames().map(n -> "arn:aws:ecs:eu-west-1:123456789012:service/gpu/" + n));
        return Arbitraries.oneOf(
                Arbitraries.just(DiagnoseCommand.environment()),
                names().map(DiagnoseCommand::notebook),
                Combinators.combine(clusters, services).as(DiagnoseCommand::service));
    }

    /** Every command, including those only the command line accepts. */
    static Arbitrary<Command> commands() {
        return Arbitraries.oneOf(
                Arbitraries.just(new SetupCommand()),
                starts(),
                names().map(StopCommand::new),
                Combinators.combine(names(), Arbitraries.of(true, false)).as(DeleteCommand::new),
                Arbitraries.just(new ListCommand()),
                names().map(StatusCommand::new),
                diagnoses(),
                Arbitraries.of(Verb.class).injectNull(0.3).map(HelpCommand::new),
                Arbitraries.just(new VersionCommand()),
                Arbitraries.just(new ConsoleCommand()),
                Arbitraries.just(new SlackCommand()),
                Arbitraries.of(CompletionCommand.Shell.class).map(CompletionCommand::new));
    }

    /** The commands chat accepts. */
    static Arbitrary<Command> chatCommands() {
        return commands().filter(command -> FrontEnd.CHAT.accepts(command.verb())
                && !(command instanceof HelpCommand help && help.topic() != null && !FrontEnd.CHAT.accepts(help.topic())));
    }

    static Arbitrary<GlobalOptions> globalOptions() {
        Arbitrary<String> regions = Arbitraries.oneOf(
                Arbitraries.of("us-east-1", "eu-west-1", "us-gov-west-1", "ap-southeast-4", "cn-north-1"),
                Combinators.combine(Arbitraries.strings().withCharRange('a', 'z').ofMinLength(2).ofMaxLength(4),
                                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(9),
                                Arbitraries.integers().between(1, 99))
                        .as((a, b, n) -> a + "-" + b + "-" + n));
        Arbitrary<String> profiles = Arbitraries.strings()
                .withChars(LOWER_AND_DIGITS + UPPER + "_.@+=,:/-").ofMinLength(1).ofMaxLength(20);
        Arbitrary<URI> endpoints = Combinators.combine(
                        Arbitraries.of("http", "https"),
                        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(10),
                        Arbitraries.of("", ".local", ".example.com"),
                        Arbitraries.of("", ":4566", ":5000", ":80"))
                .as((scheme, host, domain, port) -> URI.create(scheme + "://" + host + domain + port));
        return Combinators.combine(regions.injectNull(0.4), profiles.injectNull(0.4), endpoints.injectNull(0.5),
                        Arbitraries.of(OutputFormat.class), Arbitraries.of(true, false))
                .as((region, profile, endpoint, output, local) ->
                        new GlobalOptions(region, profile, endpoint, output, local && endpoint == null));
    }

    /** Tokens that look like the grammar, mixed with arbitrary text, to reach deep into the parser. */
    static Arbitrary<List<String>> grammarLikeTokens() {
        List<String> words = new ArrayList<>();
        for (Verb verb : Verb.values()) {
            words.add(verb.word());
        }
        words.addAll(List.of("--instance-type", "--gpus", "--image", "--volume-gib", "--idle-minutes", "--owner",
                "--new-token", "--yes", "--cluster", "--service", "--region", "--profile", "--endpoint-url",
                "--output", "--local", "--help", "-h", "--", "-", "=", "--gpus=", "--region=eu-west-1",
                "--endpoint-url=http://localhost:5000", "--output=json", "/notebook"));
        Arbitrary<String> values = Arbitraries.of("alice", "a", "2", "0", "30", "-1", "99999999999", "g4dn.xlarge",
                "us-east-1", "http://localhost:5000", "ftp://x", "json", "yaml", "", " ", "nb:latest", "U012AB3CD",
                "Alice", "a".repeat(21), "\n", "\u202E");
        Arbitrary<String> anything = Arbitraries.strings().ofMaxLength(30);
        Arbitrary<String> token = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(words)),
                Tuple.of(3, values),
                Tuple.of(1, anything),
                Tuple.of(1, Combinators.combine(Arbitraries.of(words), anything).as((w, a) -> w + "=" + a)));
        return token.list().ofMaxSize(10);
    }

    /**
     * The tokens of a valid command with up to three mutations (drop, repeat, swap, replace or insert a
     * token): valid and nearly valid lines, to reach every branch of the parser.
     */
    static Arbitrary<List<String>> mutatedCommandTokens() {
        Arbitrary<List<String>> valid = Combinators.combine(commands(), globalOptions())
                .as((command, options) -> CommandFormatter.toTokens(new ParsedCommand(command, options)));
        Arbitrary<Mutation> mutation = Combinators.combine(
                        Arbitraries.of(Mutation.Kind.class),
                        Arbitraries.integers().between(0, 30),
                        Arbitraries.oneOf(grammarLikeTokens().filter(t -> !t.isEmpty()).map(t -> t.get(0)),
                                Arbitraries.strings().ofMaxLength(8)))
                .as(Mutation::new);
        return Combinators.combine(valid, mutation.list().ofMaxSize(3)).as((tokens, mutations) -> {
            List<String> mutated = new ArrayList<>(tokens);
            mutations.forEach(m -> m.apply(mutated));
            return mutated;
        });
    }

    record Mutation(Kind kind, int position, String noise) {

        enum Kind { DROP, REPEAT, SWAP, REPLACE, INSERT }

        void apply(List<String> tokens) {
            int at = position % (tokens.size() + 1);
            if (kind == Kind.INSERT || tokens.isEmpty()) {
                tokens.add(at, noise);
                return;
            }
            at = Math.min(at, tokens.size() - 1);
            switch (kind) {
                case DROP -> tokens.remove(at);
                case REPEAT -> tokens.add(at, tokens.get(at));
                case SWAP -> tokens.add(Math.max(0, at - 1), tokens.remove(at));
                default -> tokens.set(at, noise);
            }
        }
    }

    /** Lines made of grammar words, quotes, backslashes and spaces. */
    static Arbitrary<String> grammarLikeLines() {
        Arbitrary<String> quoting = Arbitraries.of("", "'", "\"", "\\", "\u201C", "\u2019", " ", "\t");
        return Combinators.combine(grammarLikeTokens(), quoting.list().ofMaxSize(3))
                .as((tokens, extras) -> {
                    StringBuilder line = new StringBuilder();
                    for (int i = 0; i < tokens.size(); i++) {
                        line.append(tokens.get(i)).append(i < extras.size() ? extras.get(i) : "").append(' ');
                    }
                    return line.toString();
                });
    }

    private static Character[] chars(String text) {
        return text.chars().mapToObj(c -> (char) c).toArray(Character[]::new);
    }
}
