package dev.gpunotebook.core.diagnose.userdata;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits one logical shell line into words and operators the way bash would for the simple
 * commands people put in user data: quotes removed, {@code $VAR} and {@code ${VAR}} expanded when
 * the script assigned them (else kept as written, so the value reads as unresolved), comments
 * dropped. Command substitutions are kept verbatim: their output is only known on the instance.
 */
final class ShellTokenizer {

    enum Type { WORD, OP }

    record Token(Type type, String text, boolean quoted) {
        boolean isOp(String op) {
            return type == Type.OP && text.equals(op);
        }
    }

    /** The line ends inside a quote: the caller joins the next line and tries again. */
    static final class Incomplete extends Exception {
        private static final long serialVersionUID = 1L;

        Incomplete() {
            super(null, null, false, false);
        }
    }

    private final String line;
    private final Map<String, String> variables;
    private final List<Token> tokens = new ArrayList<>();
    private final StringBuilder word = new StringBuilder();
    private boolean inWord;
    private boolean quoted;
    private int at;

    private ShellTokenizer(String line, Map<String, String> variables) {
        this.line = line;
        this.variables = variables;
    }

    static List<Token> tokenize(String line, Map<String, String> variables) throws Incomplete {
        ShellTokenizer tokenizer = new ShellTokenizer(line, variables);
        tokenizer.run();
        return tokenizer.tokens;
    }

    /** Expands variables in a here-document body (unquoted delimiter), as bash does. */
    static String expandHereDocument(String body, Map<String, String> variables) {
        ShellTokenizer tokenizer = new ShellTokenizer(body, variables);
        StringBuilder out = new StringBuilder();
        while (tokenizer.at < body.length()) {
            char c = body.charAt(tokenizer.at);
            if (c == '\\' && tokenizer.at + 1 < body.length() && "$`\\".indexOf(body.charAt(tokenizer.at + 1)) >= 0) {
                out.append(body.charAt(tokenizer.at + 1));
                tokenizer.at += 2;
            } else if (c == '$') {
                tokenizer.at++;
                out.append(tokenizer.expansion());
            } else {
                out.append(c);
                tokenizer.at++;
            }
        }
        return out.toString();
    }

    private void run() throws Incomplete {
        while (at < line.length()) {
            char c = line.charAt(at);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                endWord();
                at++;
            } else if (c == '#' && !inWord) {
                return;
            } else if (c == '\'') {
                singleQuoted();
            } else if (c == '"') {
                doubleQuoted();
            } else if (c == '\\') {
                if (at + 1 < line.length()) {
                    word.append(line.charAt(at + 1));
                }
                inWord = true;
                at += 2;
            } else if (c == '$') {
                at++;
                word.append(expansion());
                inWord = true;
            } else if (c == '`') {
                word.append(backticks());
                inWord = true;
            } else if ("|&;<>()".indexOf(c) >= 0) {
                operator(c);
            } else {
                word.append(c);
                inWord = true;
                at++;
            }
        }
        endWord();
    }

    private void operator(char c) {
        if (c == '>' && inWord && word.chars().allMatch(Character::isDigit)) {
            String fd = word.toString();
            word.setLength(0);
            inWord = false;
            String op = line.startsWith(">>", at) ? ">>" : ">";
            at += op.length();
            addOp(fd + op);
            return;
        }
        endWord();
        String[] candidates = {"<<<", "<<-", "&&", "||", ">>", "<<", "&>", ">&", ">|", "|&", ";;",
            "|", "&", ";", "<", ">", "(", ")"};
        for (String op : candidates) {
            if (line.startsWith(op, at)) {
                at += op.length();
                addOp(switch (op) {
                    case ">&", ">|" -> ">";
                    case "|&" -> "|";
                    case ";;", "(", ")" -> ";";
                    default -> op;
                });
                if (op.equals(">&")) {
                    // "2>&1", ">&2": the target is a descriptor; keep it recognisable as one.
                    word.append('&');
                    inWord = true;
                }
                return;
            }
        }
    }

    private void addOp(String op) {
        tokens.add(new Token(Type.OP, op, false));
    }

    private void endWord() {
        if (inWord) {
            tokens.add(new Token(Type.WORD, word.toString(), quoted));
        }
        word.setLength(0);
        inWord = false;
        quoted = false;
    }

    private void singleQuoted() throws Incomplete {
        int end = line.indexOf('\'', at + 1);
        if (end < 0) {
            throw new Incomplete();
        }
        word.append(line, at + 1, end);
        at = end + 1;
        inWord = true;
        quoted = true;
    }

    private void doubleQuoted() throws Incomplete {
        at++;
        inWord = true;
        quoted = true;
        while (at < line.length()) {
            char c = line.charAt(at);
            if (c == '"') {
                at++;
                return;
            }
            if (c == '\\' && at + 1 < line.length()) {
                char next = line.charAt(at + 1);
                if ("\"\\$`".indexOf(next) >= 0) {
                    word.append(next);
                } else if (next != '\n') {
                    word.append(c).append(next);
                }
                at += 2;
            } else if (c == '$') {
                at++;
                word.append(expansion());
            } else if (c == '`') {
                word.append(backticks());
            } else {
                word.append(c);
                at++;
            }
        }
        throw new Incomplete();
    }

    /** After a {@code $}: the value when known, else the text as written. */
    private String expansion() {
        if (at >= line.length()) {
            return "$";
        }
        char c = line.charAt(at);
        if (c == '{') {
            int end = line.indexOf('}', at);
            if (end < 0) {
                return "$";
            }
            String inner = line.substring(at + 1, end);
            at = end + 1;
            int dash = inner.indexOf(":-");
            String name = dash < 0 ? inner : inner.substring(0, dash);
            String value = variables.get(name);
            if (value != null) {
                return value;
            }
            return dash < 0 ? "${" + inner + "}" : inner.substring(dash + 2);
        }
        if (c == '(') {
            int depth = 0;
            int start = at;
            while (at < line.length()) {
                char d = line.charAt(at++);
                if (d == '(') {
                    depth++;
                } else if (d == ')' && --depth == 0) {
                    break;
                }
            }
            return "$" + line.substring(start, at);
        }
        if (Character.isLetter(c) || c == '_') {
            int start = at;
            while (at < line.length() && (Character.isLetterOrDigit(line.charAt(at)) || line.charAt(at) == '_')) {
                at++;
            }
            String name = line.substring(start, at);
            return variables.getOrDefault(name, "$" + name);
        }
        return "$";
    }

    private String backticks() {
        int end = line.indexOf('`', at + 1);
        String text = end < 0 ? line.substring(at) : line.substring(at, end + 1);
        at = end < 0 ? line.length() : end + 1;
        return text;
    }
}
