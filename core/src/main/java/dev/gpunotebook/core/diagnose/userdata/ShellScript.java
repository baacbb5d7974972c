package dev.gpunotebook.core.diagnose.userdata;

import dev.gpunotebook.core.diagnose.userdata.ShellTokenizer.Token;
import dev.gpunotebook.core.diagnose.userdata.ShellTokenizer.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Follows a user-data shell script far enough to know what it writes to
 * {@code /etc/ecs/ecs.config}: here-documents ({@code cat <<EOF > file}, {@code cat >> file <<'EOF'},
 * {@code tee -a file <<EOF}), {@code echo}/{@code printf} redirected or piped into
 * {@code [sudo] tee [-a]}, {@code sh -c '...'}, simple variable assignments, and commands that
 * change the file in ways that cannot be read here (cp, aws s3 cp, curl -o, sed -i...). It never
 * runs anything.
 */
final class ShellScript {
    private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*", Pattern.DOTALL);
    private static final Set<String> PREFIXES = Set.of("sudo", "env", "command", "exec", "nohup", "time");
    private static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "zsh", "ksh");
    private static final Set<String> READERS = Set.of("cat", "grep", "egrep", "touch", "chmod", "chown", "ls", "test",
            "[", "[[", "stat", "head", "tail", "wc", "less", "more", "source", ".", "mkdir", "diff", "file", "echo",
            "printf", "awk", "sed", "cut", "sort", "uniq", "tr", "md5sum", "sha256sum", "logger");

    private final ConfigFile file;
    private final String label;
    private final Map<String, String> variables = new HashMap<>();
    private final List<EcsSetting> assignments;
    private final List<String> notes;
    private final boolean numberLines;
    private final int depth;

    ShellScript(ConfigFile file, String label, List<EcsSetting> assignments, List<String> notes) {
        this(file, label, assignments, notes, true, 0);
    }

    private ShellScript(ConfigFile file, String label, List<EcsSetting> assignments, List<String> notes,
            boolean numberLines, int depth) {
        this.file = file;
        this.label = label;
        this.assignments = assignments;
        this.notes = notes;
        this.numberLines = numberLines;
        this.depth = depth;
    }

    private record Redirect(String op, String target) {
    }

    private static final class Command {
        final List<String> words = new ArrayList<>();
        final List<Redirect> redirects = new ArrayList<>();
        String stdin;
    }

    void run(String script) {
        String[] lines = script.replace("\r\n", "\n").split("\n", -1);
        int i = 0;
        while (i < lines.length) {
            int first = i;
            StringBuilder logical = new StringBuilder(lines[i++]);
            List<Token> tokens = null;
            while (tokens == null) {
                // A trailing backslash continues the line; an open quote spans lines.
                if (endsWithContinuation(logical) && i < lines.length) {
                    logical.setLength(logical.length() - 1);
                    logical.append(lines[i++]);
                    continue;
                }
                try {
                    tokens = ShellTokenizer.tokenize(logical.toString(), variables);
                } catch (ShellTokenizer.Incomplete e) {
                    if (i >= lines.length) {
                        notes.add(label + (numberLines ? " line " + (first + 1) : "")
                                + ": unterminated quote; the rest was not read");
                        return;
                    }
                    logical.append('\n').append(lines[i++]);
                }
            }
            i = readHereDocuments(tokens, lines, i);
            execute(tokens, numberLines ? label + " line " + (first + 1) : label);
        }
    }

    private static boolean endsWithContinuation(CharSequence line) {
        int backslashes = 0;
        for (int k = line.length() - 1; k >= 0 && line.charAt(k) == '\\'; k--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    /** Replaces each {@code << DELIM} with the document's text, consuming its lines. */
    private int readHereDocuments(List<Token> tokens, String[] lines, int next) {
        for (int t = 0; t < tokens.size(); t++) {
            Token token = tokens.get(t);
            if (!(token.isOp("<<") || token.isOp("<<-")) || t + 1 >= tokens.size()) {
                continue;
            }
            Token delimiter = tokens.get(t + 1);
            boolean stripTabs = token.isOp("<<-");
            StringBuilder body = new StringBuilder();
            while (next < lines.length) {
                String line = stripTabs ? lines[next].replaceFirst("^\t+", "") : lines[next];
                next++;
                // bash wants the delimiter alone at the start of the line; indented user data (from
                // a template) is common and bash's own result is the same text, so compare trimmed.
                if (line.strip().equals(delimiter.text())) {
                    break;
                }
                body.append(line).append('\n');
            }
            String text = delimiter.quoted() ? body.toString()
                    : ShellTokenizer.expandHereDocument(body.toString(), variables);
            tokens.set(t, new Token(Type.OP, "<<BODY", false));
            tokens.set(t + 1, new Token(Type.WORD, text, true));
        }
        return next;
    }

    private void execute(List<Token> tokens, String origin) {
        List<Command> pipeline = new ArrayList<>();
        Command current = new Command();
        String pendingRedirect = null;
        for (Token token : tokens) {
            if (token.type() == Type.WORD) {
                if (pendingRedirect == null) {
                    current.words.add(token.text());
                } else if (pendingRedirect.equals("<<BODY") || pendingRedirect.equals("<<<")) {
                    current.stdin = pendingRedirect.equals("<<<") ? token.text() + "\n" : token.text();
                    pendingRedirect = null;
                } else {
                    current.redirects.add(new Redirect(pendingRedirect, token.text()));
                    pendingRedirect = null;
                }
                continue;
            }
            switch (token.text()) {
                case "|" -> {
                    pipeline.add(current);
                    current = new Command();
                }
                case ";", "&&", "||", "&" -> {
                    pipeline.add(current);
                    runPipeline(pipeline, origin);
                    pipeline = new ArrayList<>();
                    current = new Command();
                }
                default -> pendingRedirect = token.text();
            }
        }
        pipeline.add(current);
        runPipeline(pipeline, origin);
    }

    private void runPipeline(List<Command> pipeline, String origin) {
        String previousOutput = null;
        for (int k = 0; k < pipeline.size(); k++) {
            Command command = pipeline.get(k);
            String stdin = command.stdin != null ? command.stdin : k == 0 ? null : previousOutput;
            String output = run(command, stdin, origin);
            boolean redirected = false;
            for (Redirect redirect : command.redirects) {
                boolean stdout = redirect.op().equals(">") || redirect.op().equals(">>") || redirect.op().equals("1>")
                        || redirect.op().equals("1>>") || redirect.op().equals("&>");
                if (!stdout) {
                    continue;
                }
                redirected = true;
                if (ConfigFile.PATH.equals(redirect.target())) {
                    boolean append = redirect.op().endsWith(">>");
                    if (output == null) {
                        file.writeOpaque(append, origin + ": " + describe(command));
                    } else {
                        file.write(append, output, origin);
                    }
                }
            }
            previousOutput = redirected ? "" : output;
        }
    }

    /** Runs one simple command in imagination; returns its standard output, or null when unknown. */
    private String run(Command command, String stdin, String origin) {
        List<String> words = new ArrayList<>(command.words);
        if (!words.isEmpty() && words.stream().allMatch(w -> ASSIGNMENT.matcher(w).matches())) {
            words.forEach(w -> assign(w, origin));
            return "";
        }
        words = withoutPrefixes(words);
        if (words.isEmpty()) {
            return "";
        }
        String name = words.get(0).substring(words.get(0).lastIndexOf('/') + 1);
        List<String> args = words.subList(1, words.size());
        switch (name) {
            case "echo":
                return echo(args);
            case "printf":
                return Printf.format(args);
            case "cat":
                if (args.isEmpty() || args.equals(List.of("-"))) {
                    return stdin;
                }
                return null;
            case "tee":
                tee(args, stdin, origin);
                return stdin;
            case "export", "declare", "readonly", "local", "typeset":
                args.stream().filter(a -> ASSIGNMENT.matcher(a).matches()).forEach(a -> assign(a, origin));
                return "";
            case "rm", "unlink":
                if (args.contains(ConfigFile.PATH)) {
                    file.write(false, "", origin);
                }
                return "";
            default:
                if (SHELLS.contains(name)) {
                    runNestedShell(args, stdin, origin);
                    return null;
                }
                if (args.contains(ConfigFile.PATH) && !readsOnly(name, args)) {
                    // An in-place edit keeps what was there; anything else (cp, curl -o...) replaces it.
                    boolean edit = name.equals("sed") || name.equals("perl");
                    file.writeOpaque(edit, origin + ": " + String.join(" ", words));
                }
                return null;
        }
    }

    private static boolean readsOnly(String name, List<String> args) {
        if (name.equals("sed") || name.equals("perl")) {
            return args.stream().noneMatch(a -> a.startsWith("-i") || a.equals("--in-place"));
        }
        return READERS.contains(name);
    }

    private void assign(String assignment, String origin) {
        int eq = assignment.indexOf('=');
        String name = assignment.substring(0, eq);
        String value = assignment.substring(eq + 1);
        variables.put(name, value);
        if (name.startsWith("ECS_")) {
            assignments.add(new EcsSetting(name, value, origin));
        }
    }

    /** Drops {@code sudo [-E] [-u user]}, {@code env [VAR=x]} and similar wrappers. */
    private static List<String> withoutPrefixes(List<String> words) {
        List<String> rest = new ArrayList<>(words);
        while (!rest.isEmpty() && PREFIXES.contains(rest.get(0))) {
            String prefix = rest.remove(0);
            while (!rest.isEmpty() && (rest.get(0).startsWith("-")
                    || prefix.equals("env") && ASSIGNMENT.matcher(rest.get(0)).matches())) {
                String option = rest.remove(0);
                if (prefix.equals("sudo") && (option.equals("-u") || option.equals("-g")) && !rest.isEmpty()) {
                    rest.remove(0);
                }
            }
        }
        return rest;
    }

    private static String echo(List<String> args) {
        boolean newline = true;
        boolean escapes = false;
        int k = 0;
        while (k < args.size() && args.get(k).matches("-[neE]+")) {
            String flags = args.get(k++);
            newline &= !flags.contains("n");
            escapes = flags.contains("e") || escapes && !flags.contains("E");
        }
        String text = String.join(" ", args.subList(k, args.size()));
        return (escapes ? Printf.escapes(text) : text) + (newline ? "\n" : "");
    }

    private void tee(List<String> args, String stdin, String origin) {
        boolean append = args.stream().anyMatch(a -> a.equals("--append") || a.matches("-[a-zA-Z]*a[a-zA-Z]*"));
        for (String arg : args) {
            if (ConfigFile.PATH.equals(arg)) {
                if (stdin == null) {
                    file.writeOpaque(append, origin + ": tee " + String.join(" ", args));
                } else {
                    file.write(append, stdin, origin);
                }
            }
        }
    }

    /** {@code sh -c 'script'}, or a script fed on standard input ({@code bash <<EOF}). */
    private void runNestedShell(List<String> args, String stdin, String origin) {
        int c = args.indexOf("-c");
        String script = c >= 0 && c + 1 < args.size() ? args.get(c + 1) : args.isEmpty() ? stdin : null;
        if (script == null) {
            if (args.stream().anyMatch(a -> a.contains("ecs"))) {
                notes.add(origin + ": runs a script file (" + String.join(" ", args) + ") that cannot be read here");
            }
            return;
        }
        if (depth < 5) {
            ShellScript nested = new ShellScript(file, origin, assignments, notes, false, depth + 1);
            nested.variables.putAll(variables);
            nested.run(script);
        }
    }

    private static String describe(Command command) {
        return String.join(" ", command.words);
    }
}
