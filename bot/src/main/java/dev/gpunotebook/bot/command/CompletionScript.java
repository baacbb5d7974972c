package dev.gpunotebook.bot.command;

import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * The shell completion script of the command line, written by picocli's {@link AutoComplete} from
 * {@link CommandGrammar}: commands, options, and the words an option takes ({@code --output text|json},
 * {@code help COMMAND}, {@code completion bash|zsh}). One script serves bash and zsh: in zsh it turns on
 * {@code bashcompinit} itself.
 *
 * <pre>{@code
 * alias gpu-notebook='java -jar bot/target/gpu-notebook.jar'
 * source <(gpu-notebook completion bash)      # or: completion zsh, in zsh
 * }</pre>
 */
public final class CompletionScript {

    /** The command the script completes: an alias or a wrapper of that name runs the jar. */
    public static final String COMMAND_NAME = "gpu-notebook";

    private CompletionScript() {
    }

    /** @return the script for the shell, to be sourced there */
    public static String forShell(CompletionCommand.Shell shell) {
        CommandLine commandLine = CommandGrammar.build(FrontEnd.COMMAND_LINE);
        commandLine.getCommandSpec().name(COMMAND_NAME);
        return AutoComplete.bash(COMMAND_NAME, commandLine);
    }
}
