package dev.gpunotebook.bot.command;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes a command back as tokens or as a line, in the canonical order of its usage line; the
 * parser reads the result back to an equal record. Useful to echo or log what will run.
 *
 * <pre>{@code
 * CommandFormatter.toLine(parsed);  // "start alice --gpus 2 --region eu-west-1"
 * }</pre>
 */
public final class CommandFormatter {

    private CommandFormatter() {
    }

    /** @return the command's tokens followed by the global options that differ from the defaults */
    public static List<String> toTokens(ParsedCommand parsed) {
        List<String> tokens = toTokens(parsed.command());
        GlobalOptions options = parsed.options();
        option(tokens, CommandGrammar.REGION, options.region());
        option(tokens, CommandGrammar.PROFILE, options.profile());
        option(tokens, CommandGrammar.ENDPOINT_URL,
                options.endpointUrl() == null ? null : options.endpointUrl().toString());
        if (options.output() != OutputFormat.TEXT) {
            option(tokens, CommandGrammar.OUTPUT, options.output().word());
        }
        flag(tokens, CommandGrammar.LOCAL, options.local());
        return tokens;
    }

    /** @return the command's tokens, starting with its verb */
    public static List<String> toTokens(Command command) {
        List<String> tokens = new ArrayList<>();
        tokens.add(command.verb().word());
        if (command instanceof StartCommand start) {
            start(tokens, start);
        } else if (command instanceof StopCommand stop) {
            tokens.add(stop.name().value());
        } else if (command instanceof DeleteCommand delete) {
            tokens.add(delete.name().value());
            flag(tokens, CommandGrammar.YES, delete.confirmed());
        } else if (command instanceof StatusCommand status) {
            tokens.add(status.name().value());
        } else if (command instanceof DiagnoseCommand diagnose) {
            diagnose(tokens, diagnose);
        } else if (command instanceof HelpCommand help && help.topic() != null) {
            tokens.add(help.topic().word());
        } else if (command instanceof CompletionCommand completion) {
            tokens.add(completion.shell().word());
        }
        return tokens;
    }

    /** @return the tokens of {@link #toTokens(ParsedCommand)} joined into one line, quoted where needed */
    public static String toLine(ParsedCommand parsed) {
        return Tokenizer.join(toTokens(parsed));
    }

    private static void start(List<String> tokens, StartCommand start) {
        if (start.name() != null) {
            tokens.add(start.name().value());
        }
        option(tokens, CommandGrammar.INSTANCE_TYPE, start.instanceType());
        option(tokens, CommandGrammar.GPUS, start.gpus());
        option(tokens, CommandGrammar.IMAGE, start.image());
        option(tokens, CommandGrammar.VOLUME_GIB, start.volumeGib());
        option(tokens, CommandGrammar.IDLE_MINUTES, start.idleMinutes());
        option(tokens, CommandGrammar.OWNER, start.owner());
        flag(tokens, CommandGrammar.NEW_TOKEN, start.newToken());
    }

    private static void diagnose(List<String> tokens, DiagnoseCommand diagnose) {
        if (diagnose.notebook() != null) {
            tokens.add(diagnose.notebook().value());
        }
        option(tokens, CommandGrammar.CLUSTER, diagnose.cluster());
        option(tokens, CommandGrammar.SERVICE, diagnose.service());
    }

    /** Adds {@code --name value}, or {@code --name=value} when the value starts with '-'. */
    private static void option(List<String> tokens, String name, Object value) {
        if (value == null) {
            return;
        }
        String text = value.toString();
        if (text.startsWith("-")) {
            tokens.add(name + "=" + text);
        } else {
            tokens.add(name);
            tokens.add(text);
        }
    }

    private static void flag(List<String> tokens, String name, boolean given) {
        if (given) {
            tokens.add(name);
        }
    }
}
