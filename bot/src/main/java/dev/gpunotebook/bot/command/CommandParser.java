package dev.gpunotebook.bot.command;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.model.SafeText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one parser of the command line, the console chat and Slack: picocli reads the tokens against
 * {@link CommandGrammar}, and this class turns what it matched into a validated {@link Command}. It
 * never throws: every input gives a {@link ParsedCommand} or a {@link UsageError} with a one-line
 * message, the usage text of the command concerned and, for a mistyped word, picocli's "did you mean".
 *
 * <p>Global options ({@code --region R --profile P --endpoint-url URL --output text|json --local})
 * may stand anywhere on the line, before or after the command, as {@code --opt value} or
 * {@code --opt=value}. {@code --help} or {@code -h} anywhere asks for the help of the command, and
 * {@code --version} for the version. A value that is itself an option name (such as {@code --gpus}) is
 * never taken as a value; any other value may be written {@code --owner=--odd}.
 *
 * <pre>{@code
 * CommandParser chat = CommandParser.forChat();
 * ParseResult result = chat.parseLine("/notebook start alice --gpus 2 --region eu-west-1");
 * if (result instanceof ParsedCommand parsed && parsed.command() instanceof StartCommand start) {
 *     start.gpus();                    // 2
 *     parsed.options().region();       // "eu-west-1"
 * } else if (result instanceof UsageError error) {
 *     reply(error.message() + "\n" + error.usage());
 * }
 *
 * CommandParser.forCommandLine().parse(List.of(args));  // from main(String[] args)
 * }</pre>
 *
 * <p>Thread-safe: picocli keeps what it matched in the grammar's objects, so each front-end's grammar
 * reads one line at a time (a line takes microseconds).
 */
public final class CommandParser {

    /** The prefix a chat line may start with; Slack hands the text without it. */
    public static final String CHAT_PREFIX = "/notebook";

    private static final int LONGEST_FALLBACK_MESSAGE = 300;
    private static final String SHORT_HELP = "-h";

    private final FrontEnd frontEnd;
    private final CommandLine grammar;

    /** @param frontEnd where lines come from; chat refuses {@code console}, {@code slack} and {@code completion} */
    public CommandParser(FrontEnd frontEnd) {
        this.frontEnd = Objects.requireNonNull(frontEnd, "frontEnd");
        this.grammar = CommandGrammar.of(frontEnd);
    }

    /** @return a parser for the command line: every verb */
    public static CommandParser forCommandLine() {
        return new CommandParser(FrontEnd.COMMAND_LINE);
    }

    /** @return a parser for Slack and the console chat: no {@code console}, {@code slack} or {@code completion} */
    public static CommandParser forChat() {
        return new CommandParser(FrontEnd.CHAT);
    }

    /** @return the front-end this parser serves */
    public FrontEnd frontEnd() {
        return frontEnd;
    }

    /**
     * Parses a line as typed in chat, with or without the leading {@value #CHAT_PREFIX}.
     *
     * @param line any text, or null
     * @return the command, or a usage error (also for an unterminated quote)
     */
    public ParseResult parseLine(String line) {
        List<String> tokens;
        try {
            tokens = Tokenizer.tokenize(line == null ? "" : line);
        } catch (IllegalArgumentException e) {
            return new UsageError(e.getMessage(), Usage.general(frontEnd));
        }
        if (!tokens.isEmpty() && tokens.get(0).toLowerCase(Locale.ROOT).equals(CHAT_PREFIX)) {
            tokens = tokens.subList(1, tokens.size());
        }
        return parse(tokens);
    }

    /**
     * Parses tokens, such as the arguments of {@code main}.
     *
     * @param tokens any tokens, or null; a null token counts as an empty one
     * @return the command, or a usage error
     */
    public ParseResult parse(List<String> tokens) {
        List<String> safe = new ArrayList<>();
        if (tokens != null) {
            // -h is read as --help before picocli sees the line: a registered one-letter option would make
            // picocli refuse every value that starts with it (--profile=-hx).
            tokens.forEach(token -> safe.add(token == null ? "" : token.equals(SHORT_HELP) ? CommandGrammar.HELP : token));
        }
        synchronized (grammar) {
            try {
                return interpret(grammar.parseArgs(safe.toArray(String[]::new)));
            } catch (ParameterException e) {
                return refused(e, safe);
            } catch (Problem problem) {
                return problem.toUsageError(frontEnd);
            }
        }
    }

    private ParseResult interpret(CommandLine.ParseResult root) {
        CommandLine.ParseResult command = root.hasSubcommand() ? root.subcommand() : null;
        Verb verb = command == null ? null : CommandGrammar.verbOf(command.commandSpec());
        List<String> strayBeforeCommand = root.unmatched();
        if (!strayBeforeCommand.isEmpty() && !looksLikeOption(strayBeforeCommand.get(0))) {
            throw unknownCommand(strayBeforeCommand.get(0), root.commandSpec().commandLine());
        }
        GlobalOptions options = globalOptions(root, command, verb);
        if (asked(root, command, CommandGrammar.HELP)) {
            return new ParsedCommand(new HelpCommand(verb), options);
        }
        if (asked(root, command, CommandGrammar.VERSION)) {
            return new ParsedCommand(new VersionCommand(), options);
        }
        if (!strayBeforeCommand.isEmpty()) {
            throw unknownCommand(strayBeforeCommand.get(0), root.commandSpec().commandLine());
        }
        if (command == null) {
            throw new Problem("no command given; commands: "
                    + String.join(", ", CommandGrammar.everydayCommands(grammar.getCommandSpec())), null);
        }
        if (!command.unmatched().isEmpty()) {
            throw stray(command.unmatched().get(0), command.commandSpec().commandLine(), verb);
        }
        requireValues(command, verb);
        try {
            return new ParsedCommand(((CommandGrammar.Arguments) command.commandSpec().userObject()).toCommand(),
                    options);
        } catch (CommandGrammar.UnknownCommand e) {
            throw new Problem(e.getMessage(), verb, e.suggestions());
        } catch (IllegalArgumentException | GpuNotebookException e) {
            // Core's value records (NotebookName) refuse bad input with a GpuNotebookException.
            throw new Problem(e.getMessage(), verb);
        }
    }

    /** The global options, collected from before and after the command; each may be given once. */
    private static GlobalOptions globalOptions(CommandLine.ParseResult root, CommandLine.ParseResult command,
                                               Verb verb) {
        Map<String, String> given = new LinkedHashMap<>();
        for (CommandLine.ParseResult level : command == null ? List.of(root) : List.of(root, command)) {
            for (OptionSpec option : level.matchedOptions()) {
                if (option.inherited() || level == root) {
                    String name = option.longestName();
                    if (given.containsKey(name) && !isFlagAsked(name)) {
                        throw new Problem(name + " is given more than once", verb);
                    }
                    String value = option.arity().max == 0 ? "" : level.matchedOptionValue(name, "");
                    if (option.arity().max > 0 && value.isEmpty()) {
                        throw new Problem("missing value for " + name, verb);
                    }
                    given.put(name, value);
                }
            }
        }
        String output = given.get(CommandGrammar.OUTPUT);
        OutputFormat format = output == null ? OutputFormat.TEXT : OutputFormat.fromWord(output).orElseThrow(
                () -> new Problem("invalid --output " + SafeText.quote(output)
                        + ": expected text or json", verb));
        try {
            String endpoint = given.get(CommandGrammar.ENDPOINT_URL);
            return new GlobalOptions(given.get(CommandGrammar.REGION), given.get(CommandGrammar.PROFILE),
                    endpoint == null ? null : GlobalOptions.parseEndpointUrl(endpoint), format,
                    given.containsKey(CommandGrammar.LOCAL));
        } catch (IllegalArgumentException e) {
            throw new Problem(e.getMessage(), verb);
        }
    }

    /** {@code --help} and {@code --version} may be repeated: asking twice is still asking. */
    private static boolean isFlagAsked(String name) {
        return name.equals(CommandGrammar.HELP) || name.equals(CommandGrammar.VERSION);
    }

    private static boolean asked(CommandLine.ParseResult root, CommandLine.ParseResult command, String flag) {
        return root.hasMatchedOption(flag) || command != null && command.hasMatchedOption(flag);
    }

    /** An option written {@code --image=} has a value picocli accepts: the empty string. */
    private static void requireValues(CommandLine.ParseResult command, Verb verb) {
        for (OptionSpec option : command.matchedOptions()) {
            if (!option.inherited() && option.arity().max > 0
                    && command.matchedOptionValue(option.longestName(), "").isEmpty()) {
                throw new Problem("missing value for " + option.longestName(), verb);
            }
        }
    }

    /** What picocli refused while reading: help still wins, as it does on a line that parses. */
    private ParseResult refused(ParameterException e, List<String> tokens) {
        CommandSpec where = e.getCommandLine().getCommandSpec();
        Verb verb = where.parent() == null ? null : CommandGrammar.verbOf(where);
        if (tokens.contains(CommandGrammar.HELP)) {
            return new ParsedCommand(new HelpCommand(verb), GlobalOptions.defaults());
        }
        return new Problem(reason(e, where, tokens), verb).toUsageError(frontEnd);
    }

    private static String reason(ParameterException e, CommandSpec where, List<String> tokens) {
        if (e instanceof CommandLine.OverwrittenOptionException overwritten) {
            return name(overwritten.getOverwritten()) + " is given more than once";
        }
        if (e instanceof CommandLine.MissingParameterException missing && !missing.getMissing().isEmpty()) {
            ArgSpec arg = missing.getMissing().get(0);
            if (arg.isOption()) {
                return "missing value for " + name(arg);
            }
            Verb verb = CommandGrammar.verbOf(where);
            return verb.word() + " needs " + arg.description()[0] + " " + arg.paramLabel() + ": " + Usage.line(verb);
        }
        if (e instanceof CommandLine.MaxValuesExceededException) {
            // picocli names no option here; the token that gave a value to a flag does.
            for (String token : tokens) {
                int equals = token.indexOf('=');
                OptionSpec option = equals < 0 ? null : where.findOption(token.substring(0, equals));
                if (option != null && option.arity().max == 0) {
                    return option.longestName() + " takes no value";
                }
            }
        }
        return oneLine(e.getMessage());
    }

    private static String name(ArgSpec arg) {
        return arg instanceof OptionSpec option ? option.longestName() : arg.paramLabel();
    }

    private static Problem unknownCommand(String word, CommandLine root) {
        try {
            CommandGrammar.verbFor(word, root.getCommandSpec());
            // A command word picocli did not take as one: it stood after "--".
            return new Problem("unexpected argument " + SafeText.quote(word) + " before the command", null);
        } catch (CommandGrammar.UnknownCommand e) {
            return new Problem(e.getMessage(), null, e.suggestions());
        } catch (IllegalArgumentException e) {
            return new Problem(e.getMessage(), null);
        }
    }

    private static Problem stray(String token, CommandLine command, Verb verb) {
        CommandSpec spec = command.getCommandSpec();
        int equals = token.indexOf('=');
        String name = equals < 0 ? token : token.substring(0, equals);
        OptionSpec option = spec.findOption(name);
        if (option != null && equals == token.length() - 1) {
            return new Problem("missing value for " + option.longestName(), verb);
        }
        if (!looksLikeOption(token) || option != null) {
            // A word, or an option of this command that picocli left alone because it stood after "--".
            return new Problem("unexpected argument " + SafeText.quote(token) + " for " + verb.word(), verb);
        }
        List<String> names = spec.options().stream().flatMap(o -> Arrays.stream(o.names())).toList();
        return new Problem("unknown option " + SafeText.quote(name) + " for " + verb.word(), verb,
                Suggestions.nearest(name, names, new UnmatchedArgumentException(command, List.of(token)).getSuggestions()));
    }

    private static boolean looksLikeOption(String token) {
        return token.startsWith("-") && token.length() > 1;
    }

    private static String oneLine(String text) {
        String line = text == null ? "" : text.replaceAll("\\p{Cntrl}", " ").strip();
        return line.length() > LONGEST_FALLBACK_MESSAGE ? line.substring(0, LONGEST_FALLBACK_MESSAGE) + "..." : line;
    }

    /** A line that does not parse, found while interpreting it; becomes a {@link UsageError}. */
    private static final class Problem extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final transient Verb verb;
        private final transient List<String> suggestions;

        /** @param verb the command whose usage to show, or null for the general usage */
        Problem(String message, Verb verb) {
            this(message, verb, List.of());
        }

        Problem(String message, Verb verb, List<String> suggestions) {
            super(message, null, false, false);
            this.verb = verb;
            this.suggestions = List.copyOf(suggestions);
        }

        UsageError toUsageError(FrontEnd frontEnd) {
            String usage = verb == null ? Usage.general(frontEnd) : Usage.forCommand(verb, frontEnd);
            return new UsageError(getMessage(), usage, suggestions);
        }
    }
}
