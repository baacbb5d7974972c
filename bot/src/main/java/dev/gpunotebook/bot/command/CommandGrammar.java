package dev.gpunotebook.bot.command;

import static dev.gpunotebook.bot.command.StartCommand.MAX_GPUS;
import static dev.gpunotebook.bot.command.StartCommand.MAX_IDLE_MINUTES;
import static dev.gpunotebook.bot.command.StartCommand.MAX_VOLUME_GIB;
import static dev.gpunotebook.bot.command.StartCommand.MIN_GPUS;
import static dev.gpunotebook.bot.command.StartCommand.MIN_IDLE_MINUTES;
import static dev.gpunotebook.bot.command.StartCommand.MIN_VOLUME_GIB;

import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.model.SafeText;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one grammar of the command line, the console chat and Slack, as picocli annotations: one class
 * per command, whose fields are what the command accepts and whose {@link Arguments#toCommand()}
 * turns what picocli matched into the validated record. The global options sit on {@link Root} and
 * are inherited by every command, so they may stand anywhere on a line. Help text comes from the
 * descriptions here ({@link Usage} lays them out).
 *
 * <pre>{@code
 * CommandLine line = CommandGrammar.build(FrontEnd.CHAT);   // no console, slack or completion
 * line.parseArgs("start", "alice", "--gpus", "2");
 * }</pre>
 *
 * <p>Values stay strings here: the records check them and say what is wrong in the project's own words
 * ({@code --gpus must be a whole number from 1 to 8, got 'two'}).
 */
final class CommandGrammar {

    static final String REGION = "--region";
    static final String PROFILE = "--profile";
    static final String ENDPOINT_URL = "--endpoint-url";
    static final String OUTPUT = "--output";
    static final String LOCAL = "--local";
    static final String HELP = "--help";
    static final String VERSION = "--version";

    static final String INSTANCE_TYPE = "--instance-type";
    static final String GPUS = "--gpus";
    static final String IMAGE = "--image";
    static final String VOLUME_GIB = "--volume-gib";
    static final String IDLE_MINUTES = "--idle-minutes";
    static final String OWNER = "--owner";
    static final String NEW_TOKEN = "--new-token";
    static final String YES = "--yes";
    static final String CLUSTER = "--cluster";
    static final String SERVICE = "--service";

    private static final String NOTEBOOK = "a notebook";

    /** Built once: picocli reads the annotations of a dozen classes, a few milliseconds each time. */
    private static final Map<FrontEnd, CommandLine> BY_FRONT_END = new EnumMap<>(FrontEnd.class);

    static {
        for (FrontEnd frontEnd : FrontEnd.values()) {
            BY_FRONT_END.put(frontEnd, build(frontEnd));
        }
    }

    private CommandGrammar() {
    }

    /**
     * @return the front-end's command line. Its model (commands, options, descriptions) never changes;
     *     parsing with it is not thread-safe (picocli keeps what it matched in the annotated objects):
     *     {@link CommandParser} parses one line at a time with it.
     */
    static CommandLine of(FrontEnd frontEnd) {
        return BY_FRONT_END.get(frontEnd);
    }

    /** @return a new command line for the front-end: the commands it accepts, with this project's parser settings */
    static CommandLine build(FrontEnd frontEnd) {
        CommandLine root = new CommandLine(new Root());
        root.getCommandSpec().name(frontEnd.prefix());
        for (Arguments command : List.of(new Setup(), new Start(), new Stop(), new Delete(), new ListNotebooks(),
                new Status(), new Diagnose(), new Help(), new Version(), new Console(), new Slack(), new Completion())) {
            CommandLine subcommand = new CommandLine(command);
            Verb verb = verbOf(subcommand.getCommandSpec());
            if (frontEnd.accepts(verb)) {
                root.addSubcommand(verb.word(), subcommand);
            }
        }
        // Slack text must never make the bot read a file ("@/etc/passwd") or resolve variables.
        root.setExpandAtFiles(false);
        root.setInterpolateVariables(false);
        root.setSubcommandsCaseInsensitive(true);
        root.setPosixClusteredShortOptionsAllowed(false);
        // Unknown words are collected, not thrown at once: -h anywhere still asks for help, and the refusal
        // is written in this project's words, with picocli's suggestions.
        root.setUnmatchedArgumentsAllowed(true);
        return root;
    }

    /**
     * @param word a command word as typed
     * @param root the front-end's command line, which knows the commands it accepts
     * @throws UnknownCommand for a word that is no command, with what it probably meant
     * @throws IllegalArgumentException for a command this front-end does not run
     */
    static Verb verbFor(String word, CommandSpec root) {
        Verb verb = Verb.fromWord(word).orElseThrow(() -> new UnknownCommand(word, root));
        if (!root.subcommands().containsKey(verb.word())) {
            throw new IllegalArgumentException(verb.word() + " is only available on the command line");
        }
        return verb;
    }

    /** A word that names no command; carries the commands it probably meant. */
    static final class UnknownCommand extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        private final transient List<String> suggestions;

        UnknownCommand(String word, CommandSpec root) {
            super((word.startsWith("-") ? "expected a command before option " : "unknown command ")
                    + SafeText.quote(word) + "; commands: " + String.join(", ", everydayCommands(root)));
            this.suggestions = word.startsWith("-") ? List.of() : Suggestions.nearest(word,
                    root.subcommands().keySet(),
                    new UnmatchedArgumentException(root.commandLine(), List.of(word)).getSuggestions());
        }

        List<String> suggestions() {
            return suggestions;
        }
    }

    /** @return the words of the front-end's commands, leaving out the utilities ({@code version}, {@code completion}) */
    static List<String> everydayCommands(CommandSpec root) {
        return root.subcommands().keySet().stream()
                .filter(word -> !Verb.fromWord(word).map(Verb::utility).orElse(true))
                .toList();
    }

    /** @return the verb a command of this grammar stands for */
    static Verb verbOf(CommandSpec spec) {
        return Verb.fromWord(spec.name()).orElseThrow(
                () -> new IllegalStateException("the grammar has a command without a verb: " + spec.name()));
    }

    /** What a command's class does once picocli has matched a line to it. */
    interface Arguments {

        /**
         * @return the validated record
         * @throws IllegalArgumentException (or core's {@code GpuNotebookException}) when a value breaks a rule
         */
        dev.gpunotebook.bot.command.Command toCommand();
    }

    @Command(name = "gpu-notebook",
            description = "A GPU JupyterLab on your own AWS account, from Slack, a console chat or the command line.")
    static final class Root {

        @Option(names = REGION, paramLabel = "R", scope = ScopeType.INHERIT,
                description = "the AWS region, such as eu-west-1")
        String region;

        @Option(names = PROFILE, paramLabel = "P", scope = ScopeType.INHERIT,
                description = "a profile of the shared AWS config files")
        String profile;

        @Option(names = ENDPOINT_URL, paramLabel = "URL", scope = ScopeType.INHERIT,
                description = "send every AWS call to this endpoint, such as http://localhost:5000")
        String endpointUrl;

        @Option(names = OUTPUT, paramLabel = "text|json", scope = ScopeType.INHERIT,
                completionCandidates = OutputWords.class, description = "how results are written")
        String output;

        @Option(names = LOCAL, arity = "0", scope = ScopeType.INHERIT,
                description = "run against a local AWS emulator that vanishes afterwards")
        boolean local;

        /** {@code -h} means this too: {@link CommandParser} reads it as {@code --help}. */
        @Option(names = HELP, arity = "0", scope = ScopeType.INHERIT, description = "show the help of the command")
        boolean help;

        @Option(names = VERSION, arity = "0", scope = ScopeType.INHERIT, description = "show the version")
        boolean version;
    }

    @Command(name = "setup", description = "Create or adopt the shared stack: VPC, cluster, load balancer, roles.")
    static final class Setup implements Arguments {

        @Override
        public SetupCommand toCommand() {
            return new SetupCommand();
        }
    }

    @Command(name = "start", description = "Start a GPU JupyterLab; without NAME a name is derived for you.")
    static final class Start implements Arguments {

        @Parameters(paramLabel = "NAME", arity = "0..1", description = NOTEBOOK)
        String name;

        @Option(names = INSTANCE_TYPE, paramLabel = "T", description = "a GPU instance type such as g4dn.xlarge")
        String instanceType;

        @Option(names = GPUS, paramLabel = "N", description = "GPUs for the notebook, " + MIN_GPUS + " to " + MAX_GPUS)
        String gpus;

        @Option(names = IMAGE, paramLabel = "URI",
                description = "the JupyterLab image, such as quay.io/jupyter/pytorch-notebook:cuda12-latest")
        String image;

        @Option(names = VOLUME_GIB, paramLabel = "N", description = "root volume, " + MIN_VOLUME_GIB + " to "
                + MAX_VOLUME_GIB + " GiB (the ECS GPU AMI needs at least " + MIN_VOLUME_GIB + ")")
        String volumeGib;

        @Option(names = IDLE_MINUTES, paramLabel = "N",
                description = "stop after N idle minutes, " + MIN_IDLE_MINUTES + " (never) to " + MAX_IDLE_MINUTES)
        String idleMinutes;

        @Option(names = OWNER, paramLabel = "ID", description = "the owner tag, such as a Slack user id")
        String owner;

        @Option(names = NEW_TOKEN, arity = "0", description = "replace the notebook's Jupyter token")
        boolean newToken;

        @Override
        public StartCommand toCommand() {
            return new StartCommand(
                    optionalName(name),
                    instanceType,
                    Checks.parseInRange(GPUS, gpus, MIN_GPUS, MAX_GPUS, StartCommand.GPUS_NOTE),
                    image,
                    Checks.parseInRange(VOLUME_GIB, volumeGib, MIN_VOLUME_GIB, MAX_VOLUME_GIB, StartCommand.VOLUME_NOTE),
                    Checks.parseInRange(IDLE_MINUTES, idleMinutes, MIN_IDLE_MINUTES, MAX_IDLE_MINUTES,
                            StartCommand.IDLE_NOTE),
                    owner,
                    newToken);
        }
    }

    @Command(name = "stop", description = "Stop a notebook's task and GPU instance.")
    static final class Stop implements Arguments {

        @Parameters(paramLabel = "NAME", description = NOTEBOOK)
        String name;

        @Override
        public StopCommand toCommand() {
            return new StopCommand(new NotebookName(name));
        }
    }

    @Command(name = "delete", description = "Delete a notebook and everything it owns.")
    static final class Delete implements Arguments {

        @Parameters(paramLabel = "NAME", description = NOTEBOOK)
        String name;

        @Option(names = YES, arity = "0", description = "do not ask for confirmation")
        boolean yes;

        @Override
        public DeleteCommand toCommand() {
            return new DeleteCommand(new NotebookName(name), yes);
        }
    }

    @Command(name = "list", description = "List the notebooks and their state.")
    static final class ListNotebooks implements Arguments {

        @Override
        public ListCommand toCommand() {
            return new ListCommand();
        }
    }

    @Command(name = "status", description = "Show a notebook's state and address.")
    static final class Status implements Arguments {

        @Parameters(paramLabel = "NAME", description = NOTEBOOK)
        String name;

        @Override
        public StatusCommand toCommand() {
            return new StatusCommand(new NotebookName(name));
        }
    }

    /** Its usage line is written by hand: picocli has no notation for "a NAME, or both options". */
    @Command(name = "diagnose", customSynopsis = "diagnose [NAME | --cluster C --service S]",
            description = "Find what keeps a notebook, or any GPU ECS service, from working and say how to fix it.")
    static final class Diagnose implements Arguments {

        @Parameters(paramLabel = "NAME", arity = "0..1", description = NOTEBOOK)
        String name;

        @Option(names = CLUSTER, paramLabel = "C", description = "any ECS cluster (name or ARN), with --service")
        String cluster;

        @Option(names = SERVICE, paramLabel = "S", description = "any ECS service (name or ARN), with --cluster")
        String service;

        @Override
        public DiagnoseCommand toCommand() {
            return new DiagnoseCommand(optionalName(name), cluster, service);
        }
    }

    @Command(name = "help", description = "Show this help, or the help of one command.")
    static final class Help implements Arguments {

        @Parameters(paramLabel = "COMMAND", arity = "0..1", completionCandidates = VerbWords.class,
                description = "the command to explain")
        String topic;

        @Spec
        CommandSpec spec;

        @Override
        public HelpCommand toCommand() {
            return topic == null ? HelpCommand.general() : new HelpCommand(verbFor(topic, spec.root()));
        }
    }

    @Command(name = "version", description = "Show the version of gpu-notebook.")
    static final class Version implements Arguments {

        @Override
        public VersionCommand toCommand() {
            return new VersionCommand();
        }
    }

    @Command(name = "console", description = "Chat with the bot on this console.")
    static final class Console implements Arguments {

        @Override
        public ConsoleCommand toCommand() {
            return new ConsoleCommand();
        }
    }

    @Command(name = "slack", description = "Run the Slack bot (Socket Mode).")
    static final class Slack implements Arguments {

        @Override
        public SlackCommand toCommand() {
            return new SlackCommand();
        }
    }

    @Command(name = "completion",
            description = "Print a script that completes commands and options in bash or zsh.")
    static final class Completion implements Arguments {

        @Parameters(paramLabel = "bash|zsh", completionCandidates = ShellWords.class, description = "the shell")
        String shell;

        @Override
        public CompletionCommand toCommand() {
            return new CompletionCommand(CompletionCommand.Shell.fromWord(shell));
        }
    }

    private static NotebookName optionalName(String word) {
        return word == null ? null : new NotebookName(word);
    }

    /** Words a completion script offers for a value; picocli makes one of each subclass. */
    private abstract static class Candidates implements Iterable<String> {

        private final List<String> words;

        Candidates(Stream<String> words) {
            this.words = words.toList();
        }

        @Override
        public Iterator<String> iterator() {
            return words.iterator();
        }
    }

    /** After {@code --output}. */
    static final class OutputWords extends Candidates {
        OutputWords() {
            super(Arrays.stream(OutputFormat.values()).map(OutputFormat::word));
        }
    }

    /** After {@code help}. */
    static final class VerbWords extends Candidates {
        VerbWords() {
            super(Arrays.stream(Verb.values()).map(Verb::word));
        }
    }

    /** After {@code completion}. */
    static final class ShellWords extends Candidates {
        ShellWords() {
            super(Arrays.stream(CompletionCommand.Shell.values()).map(CompletionCommand.Shell::word));
        }
    }
}
