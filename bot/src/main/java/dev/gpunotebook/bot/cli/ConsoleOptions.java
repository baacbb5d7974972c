package dev.gpunotebook.bot.cli;

import dev.gpunotebook.bot.command.GlobalOptions;
import java.util.Objects;

/**
 * The global options the console was started with, which each line's own global options override
 * one by one: a line that gives only {@code --endpoint-url} keeps the console's region and profile,
 * one that gives only {@code --region} keeps its endpoint, and so on. {@code --output} belongs to
 * the line alone (text unless the line says {@code --output json}).
 *
 * <p>Where the console was started with {@code --local}, its endpoint, region ({@code us-east-1})
 * and fixed credentials live in the connector ({@code NotebooksFactory}), which applies the merged
 * options over them in the same way.
 *
 * <pre>{@code
 * ConsoleOptions console = new ConsoleOptions(launch);               // console --local --region eu-west-1
 * GlobalOptions options = console.forLine(lineOptions);             // /notebook list --endpoint-url http://...
 * options.region();                                                 // "eu-west-1"
 * }</pre>
 *
 * @param launch the options given after {@code console}; never null
 */
record ConsoleOptions(GlobalOptions launch) {

    ConsoleOptions {
        Objects.requireNonNull(launch, "launch");
    }

    /**
     * @param line the global options typed on one line
     * @return the options that line runs with
     * @throws IllegalArgumentException when the line gives {@code --local} to a console that was not
     *     started with it (a line cannot start an emulator)
     */
    GlobalOptions forLine(GlobalOptions line) {
        if (line.local() && !launch.local()) {
            throw new IllegalArgumentException("--local cannot be given on a line: it starts an emulator for the"
                    + " whole console. Leave this console (exit) and start it again with `console --local`.");
        }
        return new GlobalOptions(
                line.region() != null ? line.region() : launch.region(),
                line.profile() != null ? line.profile() : launch.profile(),
                line.endpointUrl() != null ? line.endpointUrl() : launch.endpointUrl(),
                line.output(),
                false);
    }
}
