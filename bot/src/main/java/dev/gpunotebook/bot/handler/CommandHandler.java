package dev.gpunotebook.bot.handler;

import dev.gpunotebook.bot.command.Command;
import dev.gpunotebook.bot.command.CompletionCommand;
import dev.gpunotebook.bot.command.CompletionScript;
import dev.gpunotebook.bot.command.DeleteCommand;
import dev.gpunotebook.bot.command.DiagnoseCommand;
import dev.gpunotebook.bot.command.FrontEnd;
import dev.gpunotebook.bot.command.GlobalOptions;
import dev.gpunotebook.bot.command.HelpCommand;
import dev.gpunotebook.bot.command.ListCommand;
import dev.gpunotebook.bot.command.ParsedCommand;
import dev.gpunotebook.bot.command.SetupCommand;
import dev.gpunotebook.bot.command.StartCommand;
import dev.gpunotebook.bot.command.StatusCommand;
import dev.gpunotebook.bot.command.StopCommand;
import dev.gpunotebook.bot.command.Usage;
import dev.gpunotebook.bot.command.VersionCommand;
import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.GpuNotebookException.Reason;
import dev.gpunotebook.core.NotebookOperations;
import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.model.NotebookSpec;
import dev.gpunotebook.core.provision.ProgressListener;
import java.util.List;
import java.util.function.Function;

/**
 * The one place where a parsed command becomes a call to core, for every front-end. It never
 * throws for an expected failure: the {@link Outcome} carries the message and the exit code.
 *
 * <pre>{@code
 * Outcome outcome = new CommandHandler(factory, FrontEnd.COMMAND_LINE).handle(parsed, "alice", listener);
 * }</pre>
 */
public final class CommandHandler {

    private final Function<GlobalOptions, ? extends NotebookOperations> connect;
    private final FrontEnd frontEnd;

    public CommandHandler(Connector factory, FrontEnd frontEnd) {
        this(frontEnd, factory::connect);
    }

    private CommandHandler(FrontEnd frontEnd, Function<GlobalOptions, ? extends NotebookOperations> connect) {
        this.connect = connect;
        this.frontEnd = frontEnd;
    }

    /** A handler whose commands reach {@code connect}'s operations instead of AWS (tests). */
    static CommandHandler over(Function<GlobalOptions, ? extends NotebookOperations> connect, FrontEnd frontEnd) {
        return new CommandHandler(frontEnd, connect);
    }

    /**
     * Runs the command for {@code requester} (a Slack user id or the local user name), reporting
     * progress of long operations to {@code listener}.
     */
    public Outcome handle(ParsedCommand parsed, String requester, ProgressListener listener) {
        Command command = parsed.command();
        if (command instanceof HelpCommand help) {
            return new Outcome.Help(help.optionalTopic().map(v -> Usage.forCommand(v, frontEnd))
                    .orElseGet(() -> Usage.general(frontEnd)), 0);
        }
        if (command instanceof VersionCommand) {
            return new Outcome.Version(ProductVersion.current());
        }
        if (command instanceof CompletionCommand completion) {
            return new Outcome.Script(completion.shell().word(), CompletionScript.forShell(completion.shell()));
        }
        if (command instanceof DeleteCommand delete && !delete.confirmed() && frontEnd != FrontEnd.COMMAND_LINE) {
            String name = delete.name().value();
            return new Outcome.NeedsConfirmation("Delete notebook " + name + " and everything in it, including its"
                    + " work folder?", frontEnd.prefix() + " delete " + name + " --yes");
        }
        try {
            return run(command, connect.apply(parsed.options()), requester, listener);
        } catch (GpuNotebookException e) {
            return new Outcome.Failed(e.getMessage(), exitCode(e.reason()));
        } catch (RuntimeException e) {
            // A bug or an error core did not expect: one line for the user, never a stack trace in their face.
            return new Outcome.Failed("Unexpected error (" + e.getClass().getSimpleName() + ") while running "
                    + command.verb().word() + "; nothing more is known. Try again, or report it with the command"
                    + " you ran.", 1);
        }
    }

    private Outcome run(Command command, NotebookOperations notebooks, String requester, ProgressListener listener) {
        if (command instanceof SetupCommand) {
            return new Outcome.SetupDone(notebooks.setup(listener));
        }
        if (command instanceof StartCommand start) {
            return new Outcome.Started(notebooks.start(spec(start, requester), start.newToken(), listener));
        }
        if (command instanceof StopCommand stop) {
            return new Outcome.Stopped(notebooks.stop(stop.name(), requester, listener));
        }
        if (command instanceof DeleteCommand delete) {
            return new Outcome.Deleted(notebooks.delete(delete.name(), listener));
        }
        if (command instanceof DiagnoseCommand diagnose) {
            return diagnose(diagnose, notebooks);
        }
        if (command instanceof ListCommand) {
            return new Outcome.Listed(notebooks.list());
        }
        if (command instanceof StatusCommand status) {
            NotebookName name = status.name();
            return notebooks.status(name).<Outcome>map(Outcome.Status::new).orElseGet(() -> new Outcome.Failed(
                    "There is no notebook named '" + name + "'; `list` shows the notebooks.", 1));
        }
        return new Outcome.Failed("The command " + command.verb().word() + " is not available here.", 2);
    }

    private static Outcome diagnose(DiagnoseCommand command, NotebookOperations notebooks) {
        if (command.targetsService()) {
            return new Outcome.Diagnosed(List.of(notebooks.diagnose(command.cluster(), command.service())), false);
        }
        if (command.notebook() != null) {
            if (notebooks.status(command.notebook()).isEmpty()) {
                return new Outcome.Failed("There is no notebook named '" + command.notebook() + "' to diagnose;"
                        + " `list` shows the notebooks, and `diagnose --cluster C --service S` checks any other"
                        + " ECS service.", 1);
            }
            return new Outcome.Diagnosed(List.of(notebooks.diagnose(command.notebook())), false);
        }
        return new Outcome.Diagnosed(notebooks.diagnoseAll(), true);
    }

    static NotebookSpec spec(StartCommand start, String requester) {
        String owner = start.owner() != null ? start.owner() : requester;
        NotebookName name = start.name() != null ? start.name() : NotebookNames.derivedFrom(owner);
        NotebookSpec spec = NotebookSpec.defaults(name, owner);
        if (start.instanceType() != null) {
            spec = spec.withInstanceType(start.instanceType());
        }
        if (start.gpus() != null) {
            spec = spec.withGpus(start.gpus());
        }
        if (start.image() != null) {
            spec = spec.withImage(start.image());
        }
        if (start.volumeGib() != null) {
            spec = spec.withVolumeGib(start.volumeGib());
        }
        if (start.idleMinutes() != null) {
            spec = spec.withIdleMinutes(start.idleMinutes());
        }
        return spec;
    }

    static int exitCode(Reason reason) {
        return switch (reason) {
            case INVALID_INPUT, CREDENTIALS -> 2;
            default -> 1;
        };
    }
}
