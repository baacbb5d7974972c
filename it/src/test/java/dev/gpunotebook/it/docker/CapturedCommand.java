package dev.gpunotebook.it.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One command captured on the real H200 machine (test resources {@code gpu/h200/*.txt}): each
 * starts with {@code $ <command line>} and ends with {@code # exit=N}; the lines between are its output
 * (a section cut off without {@code # exit=N} gets {@link #UNKNOWN_EXIT}).
 */
record CapturedCommand(String commandLine, String output, int exitCode) {

    /** The exit code of a capture that does not record one. */
    static final int UNKNOWN_EXIT = -1;

    private static final Pattern EXIT = Pattern.compile("^# exit=(\\d+)$");

    /** The arguments after {@code nvidia-smi}, or null when this is not a plain nvidia-smi call. */
    String nvidiaSmiArgs() {
        if (commandLine.equals("nvidia-smi")) {
            return "";
        }
        return commandLine.startsWith("nvidia-smi ") ? commandLine.substring("nvidia-smi ".length()) : null;
    }

    static List<CapturedCommand> parse(String text) {
        List<CapturedCommand> commands = new ArrayList<>();
        String command = null;
        StringBuilder output = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            Matcher exit = EXIT.matcher(line);
            if (command == null && line.startsWith("$ ")) {
                command = line.substring(2).strip();
                output.setLength(0);
            } else if (command != null && exit.matches()) {
                commands.add(new CapturedCommand(command, output.toString(), Integer.parseInt(exit.group(1))));
                command = null;
            } else if (command != null) {
                output.append(line).append('\n');
            }
        }
        if (command != null) {
            // the last section of env-and-driver.txt (env | grep) ends without '# exit=N'
            commands.add(new CapturedCommand(command, output.toString(), UNKNOWN_EXIT));
        }
        return commands;
    }

    /** The captured commands of one fixture file. */
    static List<CapturedCommand> load(String fixture) {
        return parse(resource(fixture));
    }

    /** The first captured command of {@code fixture} whose command line is exactly {@code commandLine}. */
    static CapturedCommand find(String fixture, String commandLine) {
        return load(fixture).stream()
                .filter(c -> c.commandLine().equals(commandLine))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(fixture + " has no '$ " + commandLine + "'"));
    }

    static String resource(String fixture) {
        String path = "/gpu/h200/" + fixture;
        try (InputStream in = CapturedCommand.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
