package dev.gpunotebook.bot.handler;

import dev.gpunotebook.bot.command.GlobalOptions;
import dev.gpunotebook.core.GpuNotebooks;

/** Gives the handler a connection to AWS for a command's global options; the caller owns its lifecycle. */
@FunctionalInterface
public interface Connector {

    GpuNotebooks connect(GlobalOptions options);
}
