package dev.gpunotebook.it.docker;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small static checker for the project's Dockerfiles. {@link #check(String, Set)} returns one
 * {@link Finding} per violation, each with a stable rule id:
 * <ul>
 *   <li>{@code from.unpinned}: every {@code FROM} names an image by a tag other than {@code latest}
 *       or by a {@code @sha256:} digest; untagged images, {@code :latest} and images given through
 *       a variable ({@code FROM $BASE}) are findings. {@code FROM <earlier stage>} and
 *       {@code scratch} are fine.</li>
 *   <li>{@code user.missing}, {@code user.root}, {@code user.unverifiable}: the final stage has a
 *       {@code USER} and its last one is not {@code root}/uid 0. A variable user is accepted only
 *       for Jupyter Docker Stacks' {@code NB_UID}/{@code NB_USER} (jovyan, uid 1000).</li>
 *   <li>{@code secret.slack-token}, {@code secret.aws-key}, {@code secret.private-key},
 *       {@code secret.jupyter-token}, {@code secret.env}: nothing that looks like a secret, on any
 *       line, comments included: Slack tokens ({@code xoxb-}, {@code xapp-}, ...), AWS access key
 *       ids ({@code AKIA}/{@code ASIA}) and secret keys, PEM private keys, a Jupyter token given
 *       as an option ({@code --ServerApp.token=}, {@code IdentityProvider.token=}, ...) or as
 *       {@code JUPYTER_TOKEN=<value>}, and {@code ENV}/{@code ARG} whose name looks secret
 *       (TOKEN, SECRET, PASSWORD, ...) with a value ({@code ARG} even without one: build
 *       arguments stay in the image history).</li>
 *   <li>{@code jupyter.notebookapp}: no deprecated {@code NotebookApp} options.</li>
 *   <li>{@code healthcheck.missing}: the final stage has a {@code HEALTHCHECK} that is not
 *       {@code NONE}.</li>
 *   <li>{@code expose.missing}: every port in {@code requiredPorts} is {@code EXPOSE}d.</li>
 * </ul>
 * It reads Dockerfile syntax as Docker does for these purposes: instructions are case-insensitive,
 * lines ending in a backslash continue, comment lines inside a continuation are dropped. It does
 * not resolve {@code ARG}/{@code ENV} values.
 */
final class DockerfileRules {

    /** One violation: the rule id, the 1-based line where the instruction starts, and why. */
    record Finding(String rule, int line, String message) {
        @Override
        public String toString() {
            return rule + " (line " + line + "): " + message;
        }
    }

    private record Instruction(int line, String keyword, String arguments) {
    }

    private static final Set<String> KNOWN_NON_ROOT_VARIABLES = Set.of("NB_UID", "NB_USER");
    private static final Pattern DIGEST = Pattern.compile("@sha256:[0-9a-f]{64}$");
    private static final Pattern SECRET_NAME =
            Pattern.compile("(?i).*(TOKEN|SECRET|PASSWORD|PASSWD|PRIVATE_KEY|ACCESS_KEY|API_KEY|CREDENTIAL).*");
    private static final List<Object[]> SECRET_PATTERNS = List.of(
            new Object[] {"secret.slack-token", Pattern.compile("\\bxox[abposr]-[0-9A-Za-z-]{8,}"), "a Slack token"},
            new Object[] {"secret.slack-token", Pattern.compile("\\bxapp-[0-9]+-[0-9A-Za-z-]{8,}"), "a Slack app token"},
            new Object[] {"secret.aws-key", Pattern.compile("\\b(AKIA|ASIA)[0-9A-Z]{16}\\b"), "an AWS access key id"},
            new Object[] {"secret.aws-key", Pattern.compile("(?i)aws_secret_access_key\\s*[=:]\\s*\\S"),
                    "an AWS secret access key"},
            new Object[] {"secret.private-key", Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----"), "a private key"},
            new Object[] {"secret.jupyter-token",
                    Pattern.compile("(?i)\\b(ServerApp|IdentityProvider|NotebookApp)\\.token\\s*="),
                    "a Jupyter token set as an option (Jupyter reads JUPYTER_TOKEN from the environment)"},
            new Object[] {"secret.jupyter-token", Pattern.compile("\\bJUPYTER_TOKEN\\s*=\\s*[\"']?[^\\s\"']"),
                    "JUPYTER_TOKEN with a value"},
            new Object[] {"jupyter.notebookapp", Pattern.compile("NotebookApp"),
                    "deprecated NotebookApp option (use ServerApp / IdentityProvider)"});

    private DockerfileRules() {
    }

    /** All findings for {@code dockerfile}, in line order per rule group; empty when it passes. */
    static List<Finding> check(String dockerfile, Set<Integer> requiredPorts) {
        List<Finding> findings = new ArrayList<>();
        scanSecrets(dockerfile, findings);
        List<Instruction> instructions = parse(dockerfile);
        checkFrom(instructions, findings);
        List<Instruction> finalStage = finalStage(instructions);
        checkUser(finalStage, instructions, findings);
        checkHealthcheck(finalStage, findings);
        checkExpose(instructions, requiredPorts, findings);
        checkSecretEnv(instructions, findings);
        return findings;
    }

    /** The instructions of the Dockerfile with continuations joined, comments and blank lines dropped. */
    private static List<Instruction> parse(String text) {
        List<Instruction> instructions = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        StringBuilder current = null;
        int start = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (current == null && trimmed.isEmpty())) {
                continue;
            }
            if (current == null) {
                current = new StringBuilder();
                start = i + 1;
            }
            boolean continues = trimmed.endsWith("\\");
            current.append(continues ? trimmed.substring(0, trimmed.length() - 1) : trimmed).append(' ');
            if (!continues) {
                add(instructions, start, current.toString().strip());
                current = null;
            }
        }
        if (current != null) {
            add(instructions, start, current.toString().strip());
        }
        return instructions;
    }

    private static void add(List<Instruction> instructions, int line, String text) {
        if (text.isEmpty()) {
            return;
        }
        String[] parts = text.split("\\s+", 2);
        instructions.add(new Instruction(line, parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : ""));
    }

    private static void scanSecrets(String text, List<Finding> findings) {
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            for (Object[] rule : SECRET_PATTERNS) {
                if (((Pattern) rule[1]).matcher(lines[i]).find()) {
                    findings.add(new Finding((String) rule[0], i + 1, "looks like " + rule[2]));
                }
            }
        }
    }

    private static void checkFrom(List<Instruction> instructions, List<Finding> findings) {
        Set<String> stages = new HashSet<>();
        boolean any = false;
        for (Instruction instruction : instructions) {
            if (!instruction.keyword().equals("FROM")) {
                continue;
            }
            any = true;
            List<String> words = new ArrayList<>(List.of(instruction.arguments().split("\\s+")));
            words.removeIf(w -> w.startsWith("--"));
            if (words.isEmpty() || words.get(0).isEmpty()) {
                findings.add(new Finding("from.unpinned", instruction.line(), "FROM without an image"));
                continue;
            }
            String image = words.get(0);
            if (words.size() >= 3 && words.get(1).equalsIgnoreCase("AS")) {
                stages.add(words.get(2).toLowerCase(Locale.ROOT));
            }
            String problem = pinProblem(image, stages);
            if (problem != null) {
                findings.add(new Finding("from.unpinned", instruction.line(), image + ": " + problem));
            }
        }
        if (!any) {
            findings.add(new Finding("from.unpinned", 1, "no FROM instruction"));
        }
    }

    /** Why {@code image} is not pinned, or null when it is. */
    private static String pinProblem(String image, Set<String> stages) {
        if (image.contains("$")) {
            return "image given through a variable; name it literally with a tag or digest";
        }
        String lower = image.toLowerCase(Locale.ROOT);
        if (lower.equals("scratch") || stages.contains(lower)) {
            return null;
        }
        if (DIGEST.matcher(image).find()) {
            return null;
        }
        String lastSegment = image.substring(image.lastIndexOf('/') + 1);
        int colon = lastSegment.indexOf(':');
        if (colon < 0) {
            return "no tag (means latest); pin a tag or a digest";
        }
        String tag = lastSegment.substring(colon + 1);
        if (tag.isEmpty() || tag.equals("latest")) {
            return "tag '" + tag + "' is not a pin; use a specific tag or a digest";
        }
        return null;
    }

    private static List<Instruction> finalStage(List<Instruction> instructions) {
        int lastFrom = -1;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).keyword().equals("FROM")) {
                lastFrom = i;
            }
        }
        return lastFrom < 0 ? instructions : instructions.subList(lastFrom, instructions.size());
    }

    private static void checkUser(List<Instruction> finalStage, List<Instruction> all, List<Finding> findings) {
        Instruction last = null;
        for (Instruction instruction : finalStage) {
            if (instruction.keyword().equals("USER")) {
                last = instruction;
            }
        }
        if (last == null) {
            int line = finalStage.isEmpty() ? (all.isEmpty() ? 1 : all.get(0).line()) : finalStage.get(0).line();
            findings.add(new Finding("user.missing", line, "the final stage has no USER: the container runs as root"));
            return;
        }
        String user = last.arguments().strip().split("\\s+")[0].split(":")[0];
        if (user.equals("root") || user.matches("0+")) {
            findings.add(new Finding("user.root", last.line(), "the last USER is root"));
        } else if (user.contains("$")) {
            String variable = user.replaceAll("[${}]", "");
            if (!KNOWN_NON_ROOT_VARIABLES.contains(variable)) {
                findings.add(new Finding("user.unverifiable", last.line(),
                        "USER " + user + " cannot be checked statically; use a literal non-root user"));
            }
        }
    }

    private static void checkHealthcheck(List<Instruction> finalStage, List<Finding> findings) {
        Instruction last = null;
        for (Instruction instruction : finalStage) {
            if (instruction.keyword().equals("HEALTHCHECK")) {
                last = instruction;
            }
        }
        if (last == null) {
            findings.add(new Finding("healthcheck.missing", finalStage.isEmpty() ? 1 : finalStage.get(0).line(),
                    "the final stage has no HEALTHCHECK"));
        } else if (last.arguments().strip().equalsIgnoreCase("NONE")) {
            findings.add(new Finding("healthcheck.missing", last.line(), "HEALTHCHECK NONE disables the health check"));
        }
    }

    private static void checkExpose(List<Instruction> instructions, Set<Integer> requiredPorts, List<Finding> findings) {
        Set<Integer> exposed = new HashSet<>();
        for (Instruction instruction : instructions) {
            if (instruction.keyword().equals("EXPOSE")) {
                for (String port : instruction.arguments().split("\\s+")) {
                    Matcher number = Pattern.compile("^(\\d+)(/tcp)?$").matcher(port.toLowerCase(Locale.ROOT));
                    if (number.matches()) {
                        exposed.add(Integer.parseInt(number.group(1)));
                    }
                }
            }
        }
        for (int port : requiredPorts) {
            if (!exposed.contains(port)) {
                findings.add(new Finding("expose.missing", 1, "port " + port + " is not EXPOSEd"));
            }
        }
    }

    private static void checkSecretEnv(List<Instruction> instructions, List<Finding> findings) {
        for (Instruction instruction : instructions) {
            boolean env = instruction.keyword().equals("ENV");
            boolean arg = instruction.keyword().equals("ARG");
            if (!env && !arg) {
                continue;
            }
            for (String[] pair : assignments(instruction.arguments(), env)) {
                if (!SECRET_NAME.matcher(pair[0]).matches()) {
                    continue;
                }
                boolean hasValue = !pair[1].isEmpty();
                if (hasValue || arg) {
                    findings.add(new Finding("secret.env", instruction.line(), instruction.keyword() + " " + pair[0]
                            + (arg ? ": build arguments stay in the image history; pass secrets at run time"
                                    : " has a value in the image; pass it at run time")));
                }
            }
        }
    }

    /** name/value pairs of {@code ENV a=b c="d e"}, {@code ENV a b} (legacy form) or {@code ARG a[=b] ...}. */
    private static List<String[]> assignments(String arguments, boolean env) {
        List<String[]> pairs = new ArrayList<>();
        List<String> words = words(arguments);
        if (env && !words.isEmpty() && !words.get(0).contains("=")) {
            pairs.add(new String[] {words.get(0), String.join(" ", words.subList(1, words.size()))});
            return pairs;
        }
        for (String word : words) {
            int eq = word.indexOf('=');
            pairs.add(eq < 0 ? new String[] {word, ""} : new String[] {word.substring(0, eq), word.substring(eq + 1)});
        }
        return pairs;
    }

    /** Whitespace-separated words; quotes group (and are removed), a backslash escapes the next character. */
    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                word.append(text.charAt(++i));
                inWord = true;
            } else if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
