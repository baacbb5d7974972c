package dev.gpunotebook.bot.command;

import dev.gpunotebook.core.model.SafeText;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * The one grammar of the command line, the console chat and Slack. It never throws: every input
 * gives a {@link ParsedCommand} or a {@link UsageError} with a one-line message and the usage text
 * of the command concerned.
 *
 * <p>Global options ({@code --region R --profile P --endpoint-url URL --output text|json --local})
 * may stand anywhere on the line, before or after the command, as {@code --opt value} or
 * {@code --opt=value}. {@code --help} or {@code -h} anywhere asks for the help of the command.
 * A value never starts with {@code --}: write {@code --owner=--odd} for such a value.
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
 */
public final class CommandParser {

    /** The prefix a chat line may start with; Slack hands the text without it. */
    public static final String CHAT_PREFIX = "/notebook";

    private final FrontEnd frontEnd;

    /** @param frontEnd where lines come from; chat refuses {@code console} and {@code slack} */
    public CommandParser(FrontEnd frontEnd) {
        this.frontEnd = Objects.requireNonNull(frontEnd, "frontEnd");
    }

    /** @return a parser for the command line: every verb */
    public static CommandParser forCommandLine() {
        return new CommandParser(FrontEnd.COMMAND_LINE);
    }

    /** @return a parser for Slack and the console chat: no {@code console}, no {@code slack} */
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
            tokens.forEach(token -> safe.add(token == null ? "" : token));
        }
        try {
            return parseOrThrow(safe);
        } catch (UsageProblem problem) {
            Verb verb = problem.verb();
            String usage = verb == null ? Usage.general(frontEnd) : Usage.forCommand(verb, frontEnd);
            return new UsageError(problem.getMessage(), usage);
        }
    }

    private ParseResult parseOrThrow(List<String> tokens) {
        GlobalOptionScanner.Scan scan = scanGlobalOptions(tokens);
        List<String> rest = scan.rest();
        if (scan.help() && (rest.isEmpty() || rest.get(0).startsWith("-"))) {
            return new ParsedCommand(HelpCommand.general(), scan.options());
        }
        if (rest.isEmpty()) {
            throw new UsageProblem("no command given; commands: " + commandList(frontEnd), null);
        }
        Verb verb = verbFor(rest.get(0), frontEnd, null);
        if (scan.help()) {
            return new ParsedCommand(new HelpCommand(verb), scan.options());
        }
        Arguments arguments = Arguments.scan(Syntax.of(verb), rest.subList(1, rest.size()));
        return new ParsedCommand(CommandBuilder.build(verb, arguments, frontEnd), scan.options());
    }

    private GlobalOptionScanner.Scan scanGlobalOptions(List<String> tokens) {
        try {
            return GlobalOptionScanner.scan(tokens);
        } catch (UsageProblem problem) {
            throw new UsageProblem(problem.getMessage(), firstVerb(tokens));
        }
    }

    /**
     * @param usageVerb the command whose usage a failure shows, or null for the general usage
     * @throws UsageProblem for an unknown word or a verb the front-end refuses
     */
    static Verb verbFor(String word, FrontEnd frontEnd, Verb usageVerb) {
        Verb verb = Verb.fromWord(word).orElseThrow(() -> new UsageProblem(
                (word.startsWith("-") ? "expected a command before option " : "unknown command ")
                        + SafeText.quote(word) + "; commands: " + commandList(frontEnd), usageVerb));
        if (!frontEnd.accepts(verb)) {
            throw new UsageProblem(verb.word() + " is only available on the command line", usageVerb);
        }
        return verb;
    }

    private static String commandList(FrontEnd frontEnd) {
        StringJoiner words = new StringJoiner(", ");
        for (Verb verb : Verb.values()) {
            if (frontEnd.accepts(verb)) {
                words.add(verb.word());
            }
        }
        return words.toString();
    }

    /** The command a line with a bad global option is about, for its usage text: its first command word. */
    private Verb firstVerb(List<String> tokens) {
        return tokens.stream()
                .flatMap(token -> Verb.fromWord(token).stream())
                .filter(frontEnd::accepts)
                .findFirst()
                .orElse(null);
    }
}
