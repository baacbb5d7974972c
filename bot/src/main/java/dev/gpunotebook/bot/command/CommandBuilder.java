package dev.gpunotebook.bot.command;

import dev.gpunotebook.core.GpuNotebookException;

import dev.gpunotebook.core.model.NotebookName;

import static dev.gpunotebook.bot.command.StartCommand.MAX_GPUS;
import static dev.gpunotebook.bot.command.StartCommand.MAX_IDLE_MINUTES;
import static dev.gpunotebook.bot.command.StartCommand.MAX_VOLUME_GIB;
import static dev.gpunotebook.bot.command.StartCommand.MIN_GPUS;
import static dev.gpunotebook.bot.command.StartCommand.MIN_IDLE_MINUTES;
import static dev.gpunotebook.bot.command.StartCommand.MIN_VOLUME_GIB;

/** Turns the scanned arguments of a verb into its command record. */
final class CommandBuilder {

    private CommandBuilder() {
    }

    /**
     * @throws UsageProblem when a required word is missing or a value breaks a rule
     */
    static Command build(Verb verb, Arguments arguments, FrontEnd frontEnd) {
        try {
            return buildOrThrow(verb, arguments, frontEnd);
        } catch (IllegalArgumentException | GpuNotebookException e) {
            // Core's value records (NotebookName) refuse bad input with a GpuNotebookException.
            throw new UsageProblem(e.getMessage(), verb);
        }
    }

    private static Command buildOrThrow(Verb verb, Arguments arguments, FrontEnd frontEnd) {
        switch (verb) {
            case SETUP:
                return new SetupCommand();
            case START:
                return start(arguments);
            case STOP:
                return new StopCommand(requiredName(verb, arguments));
            case DELETE:
                return new DeleteCommand(requiredName(verb, arguments), arguments.flag(Syntax.YES));
            case LIST:
                return new ListCommand();
            case STATUS:
                return new StatusCommand(requiredName(verb, arguments));
            case DIAGNOSE:
                return new DiagnoseCommand(optionalName(arguments), arguments.value(Syntax.CLUSTER),
                        arguments.value(Syntax.SERVICE));
            case HELP:
                return help(arguments.positional(0), frontEnd);
            case CONSOLE:
                return new ConsoleCommand();
            case SLACK:
                return new SlackCommand();
            default:
                throw new IllegalStateException("no builder for " + verb);
        }
    }

    private static StartCommand start(Arguments arguments) {
        return new StartCommand(
                optionalName(arguments),
                arguments.value(Syntax.INSTANCE_TYPE),
                Checks.parseInRange(Syntax.GPUS, arguments.value(Syntax.GPUS), MIN_GPUS, MAX_GPUS,
                        StartCommand.GPUS_NOTE),
                arguments.value(Syntax.IMAGE),
                Checks.parseInRange(Syntax.VOLUME_GIB, arguments.value(Syntax.VOLUME_GIB),
                        MIN_VOLUME_GIB, MAX_VOLUME_GIB, StartCommand.VOLUME_NOTE),
                Checks.parseInRange(Syntax.IDLE_MINUTES, arguments.value(Syntax.IDLE_MINUTES),
                        MIN_IDLE_MINUTES, MAX_IDLE_MINUTES, StartCommand.IDLE_NOTE),
                arguments.value(Syntax.OWNER),
                arguments.flag(Syntax.NEW_TOKEN));
    }

    private static NotebookName requiredName(Verb verb, Arguments arguments) {
        NotebookName name = optionalName(arguments);
        if (name == null) {
            throw new IllegalArgumentException(verb.word() + " needs a notebook NAME: " + Usage.line(verb));
        }
        return name;
    }

    private static NotebookName optionalName(Arguments arguments) {
        String word = arguments.positional(0);
        return word == null ? null : new NotebookName(word);
    }

    private static HelpCommand help(String topic, FrontEnd frontEnd) {
        if (topic == null) {
            return HelpCommand.general();
        }
        return new HelpCommand(CommandParser.verbFor(topic, frontEnd, Verb.HELP));
    }
}
