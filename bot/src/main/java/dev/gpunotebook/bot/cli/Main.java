package dev.gpunotebook.bot.cli;

import java.util.List;

/** The jar's entry point: {@code java -jar gpu-notebook.jar <command> [options]}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        int status = new CommandLine(System.out, System.err, System.in, System.getenv()).run(List.of(args));
        System.exit(status);
    }
}
