package dev.gpunotebook.bot.command;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The one place that holds the help text of every front-end: each command's usage line, its
 * one-line description and its option notes, and the general usage.
 *
 * <pre>{@code
 * Usage.line(Verb.STOP);                          // "stop NAME"
 * Usage.forCommand(Verb.STOP, FrontEnd.CHAT);     // "Usage: /notebook stop NAME\n..."
 * Usage.general(FrontEnd.COMMAND_LINE);           // every command, one per line
 * }</pre>
 */
public final class Usage {

    /** The global options, as one line. */
    public static final String GLOBAL_OPTIONS =
            "[--region R] [--profile P] [--endpoint-url URL] [--output text|json] [--local]";

    private static final Map<Verb, Entry> ENTRIES = new EnumMap<>(Verb.class);

    static {
        add(Verb.SETUP, "setup", "Create or adopt the shared stack: VPC, cluster, load balancer, roles.");
        add(Verb.START, "start [NAME] [--instance-type T] [--gpus N] [--image URI] [--volume-gib N]"
                        + " [--idle-minutes N] [--owner ID] [--new-token]",
                "Start a GPU JupyterLab; without NAME a name is derived for you.",
                "--instance-type T  a GPU instance type such as g4dn.xlarge",
                "--gpus N           GPUs for the notebook, " + StartCommand.MIN_GPUS + " to " + StartCommand.MAX_GPUS,
                "--image URI        the JupyterLab image, such as quay.io/jupyter/pytorch-notebook:cuda12-latest",
                "--volume-gib N     root volume, " + StartCommand.MIN_VOLUME_GIB + " to "
                        + StartCommand.MAX_VOLUME_GIB + " GiB (the ECS GPU AMI needs at least 30)",
                "--idle-minutes N   stop after N idle minutes, 0 (never) to " + StartCommand.MAX_IDLE_MINUTES,
                "--owner ID         the owner tag, such as a Slack user id",
                "--new-token        replace the notebook's Jupyter token");
        add(Verb.STOP, "stop NAME", "Stop a notebook's task and GPU instance.");
        add(Verb.DELETE, "delete NAME [--yes]", "Delete a notebook and everything it owns.",
                "--yes              do not ask for confirmation");
        add(Verb.LIST, "list", "List the notebooks and their state.");
        add(Verb.STATUS, "status NAME", "Show a notebook's state and address.");
        add(Verb.DIAGNOSE, "diagnose [NAME | --cluster C --service S]",
                "Find what keeps a notebook, or any GPU ECS service, from working and say how to fix it.",
                "NAME               a notebook",
                "--cluster C        any ECS cluster (name or ARN), with --service",
                "--service S        any ECS service (name or ARN), with --cluster");
        add(Verb.HELP, "help [COMMAND]", "Show this help, or the help of one command.");
        add(Verb.CONSOLE, "console", "Chat with the bot on this console.");
        add(Verb.SLACK, "slack", "Run the Slack bot (Socket Mode).");
    }

    private Usage() {
    }

    /** @return the usage line of a command without prefix, e.g. {@code stop NAME} */
    public static String line(Verb verb) {
        return ENTRIES.get(verb).line();
    }

    /** @return the one-line description of a command */
    public static String description(Verb verb) {
        return ENTRIES.get(verb).description();
    }

    /** @return the help of one command: usage line, description, option notes and global options */
    public static String forCommand(Verb verb, FrontEnd frontEnd) {
        Entry entry = ENTRIES.get(verb);
        StringBuilder text = new StringBuilder("Usage: ").append(frontEnd.prefix()).append(' ')
                .append(entry.line()).append('\n').append(entry.description()).append('\n');
        for (String option : entry.options()) {
            text.append("  ").append(option).append('\n');
        }
        return text.append(globalOptionsLine()).toString();
    }

    /** @return every command the front-end accepts, with its description, and the global options */
    public static String general(FrontEnd frontEnd) {
        StringBuilder text = new StringBuilder("Usage: ").append(frontEnd.prefix())
                .append(" <command> [options]\nCommands:\n");
        for (Verb verb : Verb.values()) {
            if (frontEnd.accepts(verb)) {
                text.append("  ").append(line(verb)).append('\n')
                        .append("      ").append(description(verb)).append('\n');
            }
        }
        return text.append(globalOptionsLine()).append("Add --help or -h to a command for its help.\n").toString();
    }

    private static String globalOptionsLine() {
        return "Global options (anywhere on the line): " + GLOBAL_OPTIONS + "\n";
    }

    private static void add(Verb verb, String line, String description, String... options) {
        ENTRIES.put(verb, new Entry(line, description, List.of(options)));
    }

    private record Entry(String line, String description, List<String> options) {
    }
}
