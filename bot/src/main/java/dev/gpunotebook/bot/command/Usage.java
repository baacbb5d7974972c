package dev.gpunotebook.bot.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The help text of every front-end, laid out from {@link CommandGrammar}'s annotations: each command's
 * usage line (its words and options in the order they are declared), its one-line description, a line
 * per option and argument, and the general usage. picocli's own layout sorts options and puts them
 * before the arguments ({@code stop [--region R] NAME}); this one keeps the order the grammar reads best in.
 *
 * <pre>{@code
 * Usage.line(Verb.STOP);                          // "stop NAME"
 * Usage.forCommand(Verb.STOP, FrontEnd.CHAT);     // "Usage: /notebook stop NAME\n..."
 * Usage.general(FrontEnd.COMMAND_LINE);           // every command, one per line
 * }</pre>
 */
public final class Usage {

    /** Every command: the command line's grammar has them all; the front-end only changes the prefix. */
    private static final CommandSpec GRAMMAR = CommandGrammar.of(FrontEnd.COMMAND_LINE).getCommandSpec();
    private static final CommandSpec CHAT = CommandGrammar.of(FrontEnd.CHAT).getCommandSpec();
    /** Asking for help or the version is not an option of how a command runs. */
    private static final Set<String> NOT_GLOBAL = Set.of(CommandGrammar.HELP, CommandGrammar.VERSION);

    /** The global options, as one line. */
    public static final String GLOBAL_OPTIONS = globalOptions();

    private static final int LABEL_COLUMN = labelColumn();

    private Usage() {
    }

    /** @return the usage line of a command without prefix, e.g. {@code stop NAME} */
    public static String line(Verb verb) {
        CommandSpec spec = spec(verb);
        String[] custom = spec.usageMessage().customSynopsis();
        if (custom.length > 0) {
            return String.join(" ", custom);
        }
        StringJoiner line = new StringJoiner(" ").add(verb.word());
        for (CommandLine.Model.PositionalParamSpec positional : spec.positionalParameters()) {
            line.add(positional.arity().min > 0 ? positional.paramLabel() : "[" + positional.paramLabel() + "]");
        }
        for (OptionSpec option : ownOptions(spec)) {
            line.add("[" + label(option) + "]");
        }
        return line.toString();
    }

    /** @return the one-line description of a command */
    public static String description(Verb verb) {
        return String.join(" ", spec(verb).usageMessage().description());
    }

    /** @return the help of one command: usage line, description, a line per argument and option, global options */
    public static String forCommand(Verb verb, FrontEnd frontEnd) {
        CommandSpec spec = spec(verb);
        StringBuilder text = new StringBuilder("Usage: ").append(frontEnd.prefix()).append(' ')
                .append(line(verb)).append('\n').append(description(verb)).append('\n');
        List<ArgSpec> described = new ArrayList<>(spec.positionalParameters());
        described.addAll(ownOptions(spec));
        for (ArgSpec arg : described) {
            if (arg.description().length > 0) {
                String label = arg instanceof OptionSpec option ? label(option) : arg.paramLabel();
                text.append("  ").append(padded(label)).append(String.join(" ", arg.description())).append('\n');
            }
        }
        return text.append(globalOptionsLine()).toString();
    }

    /** @return every command the front-end accepts, with its description, and the global options */
    public static String general(FrontEnd frontEnd) {
        CommandSpec root = frontEnd == FrontEnd.CHAT ? CHAT : GRAMMAR;
        StringBuilder text = new StringBuilder("Usage: ").append(frontEnd.prefix())
                .append(" <command> [options]\nCommands:\n");
        List<Verb> utilities = new ArrayList<>();
        for (String word : root.subcommands().keySet()) {
            Verb verb = CommandGrammar.verbOf(root.subcommands().get(word).getCommandSpec());
            if (verb.utility()) {
                utilities.add(verb);
            } else {
                entry(text, verb);
            }
        }
        text.append("Other commands:\n");
        utilities.forEach(verb -> entry(text, verb));
        return text.append(globalOptionsLine()).append("Add --help or -h to a command for its help.\n").toString();
    }

    private static void entry(StringBuilder text, Verb verb) {
        text.append("  ").append(line(verb)).append('\n').append("      ").append(description(verb)).append('\n');
    }

    private static CommandSpec spec(Verb verb) {
        return GRAMMAR.subcommands().get(verb.word()).getCommandSpec();
    }

    /** The options a command declares itself, in declaration order; not the inherited global ones. */
    private static List<OptionSpec> ownOptions(CommandSpec spec) {
        return spec.options().stream().filter(option -> !option.inherited()).toList();
    }

    private static String label(OptionSpec option) {
        return option.arity().max == 0 ? option.longestName() : option.longestName() + " " + option.paramLabel();
    }

    private static String padded(String label) {
        return label + " ".repeat(Math.max(2, LABEL_COLUMN - label.length()));
    }

    private static String globalOptionsLine() {
        return "Global options (anywhere on the line): " + GLOBAL_OPTIONS + "\n";
    }

    private static String globalOptions() {
        StringJoiner line = new StringJoiner(" ");
        for (OptionSpec option : GRAMMAR.options()) {
            if (!NOT_GLOBAL.contains(option.longestName())) {
                line.add("[" + label(option) + "]");
            }
        }
        return line.toString();
    }

    /** Descriptions start in one column for every command: two spaces after the longest label. */
    private static int labelColumn() {
        int longest = 0;
        for (CommandLine command : GRAMMAR.subcommands().values()) {
            for (ArgSpec arg : command.getCommandSpec().args()) {
                if (arg.inherited()) {
                    continue;
                }
                String label = arg instanceof OptionSpec option ? label(option) : arg.paramLabel();
                longest = Math.max(longest, label.length());
            }
        }
        return longest + 2;
    }
}
