package dev.gpunotebook.bot.command;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a chat line into tokens like a shell, and joins tokens back into a line.
 * <ul>
 *   <li>Whitespace (including no-break spaces) separates tokens.</li>
 *   <li>{@code '...'} keeps everything literally. Typographic quotes, as chat clients type them,
 *       count as quotes: ‘ ’ as {@code '}, “ ” „ as {@code "}.</li>
 *   <li>{@code "..."} keeps everything, except that a backslash escapes a double quote or a backslash.</li>
 *   <li>Outside quotes a backslash escapes the next character.</li>
 *   <li>Quoted and unquoted parts next to each other form one token; {@code ''} is an empty token.</li>
 * </ul>
 *
 * <pre>{@code
 * Tokenizer.tokenize("start --image 'my image'");  // [start, --image, my image]
 * Tokenizer.join(List.of("a b", "c"));             // 'a b' c
 * }</pre>
 */
public final class Tokenizer {

    private Tokenizer() {
    }

    /**
     * @param line a line as typed
     * @return its tokens
     * @throws IllegalArgumentException with a one-line message when a quote is not closed
     */
    public static List<String> tokenize(String line) {
        List<String> tokens = new ArrayList<>();
        StringBuilder token = new StringBuilder();
        boolean inToken = false;
        int index = 0;
        while (index < line.length()) {
            char c = line.charAt(index);
            if (isSpace(c)) {
                if (inToken) {
                    tokens.add(token.toString());
                    token.setLength(0);
                    inToken = false;
                }
                index++;
            } else if (isSingleQuote(c)) {
                index = readSingleQuoted(line, index, token);
                inToken = true;
            } else if (isDoubleQuote(c)) {
                index = readDoubleQuoted(line, index, token);
                inToken = true;
            } else if (c == '\\' && index + 1 < line.length()) {
                token.append(line.charAt(index + 1));
                index += 2;
                inToken = true;
            } else {
                token.append(c);
                index++;
                inToken = true;
            }
        }
        if (inToken) {
            tokens.add(token.toString());
        }
        return tokens;
    }

    /**
     * The inverse of {@link #tokenize}: {@code tokenize(join(tokens))} equals {@code tokens}.
     *
     * @return the tokens separated by spaces, quoted where needed
     */
    public static String join(List<String> tokens) {
        StringBuilder line = new StringBuilder();
        for (String token : tokens) {
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(quote(token));
        }
        return line.toString();
    }

    /** @return the token as is when it needs no quotes, else quoted so that {@link #tokenize} reads it back */
    public static String quote(String token) {
        boolean plain = !token.isEmpty();
        boolean hasSingleQuote = false;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            plain &= !(isSpace(c) || isSingleQuote(c) || isDoubleQuote(c) || c == '\\');
            hasSingleQuote |= isSingleQuote(c);
        }
        if (plain) {
            return token;
        }
        if (!hasSingleQuote) {
            return "'" + token + "'";
        }
        StringBuilder quoted = new StringBuilder("\"");
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '\\' || isDoubleQuote(c)) {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.append('"').toString();
    }

    private static int readSingleQuoted(String line, int open, StringBuilder token) {
        for (int index = open + 1; index < line.length(); index++) {
            char c = line.charAt(index);
            if (isSingleQuote(c)) {
                return index + 1;
            }
            token.append(c);
        }
        throw unterminated(line, open);
    }

    private static int readDoubleQuoted(String line, int open, StringBuilder token) {
        int index = open + 1;
        while (index < line.length()) {
            char c = line.charAt(index);
            if (isDoubleQuote(c)) {
                return index + 1;
            }
            if (c == '\\' && index + 1 < line.length()
                    && (line.charAt(index + 1) == '\\' || isDoubleQuote(line.charAt(index + 1)))) {
                token.append(line.charAt(index + 1));
                index += 2;
            } else {
                token.append(c);
                index++;
            }
        }
        throw unterminated(line, open);
    }

    private static IllegalArgumentException unterminated(String line, int open) {
        return new IllegalArgumentException(
                "unterminated quote: the " + line.charAt(open) + " at character " + (open + 1) + " is never closed");
    }

    static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private static boolean isSingleQuote(char c) {
        return c == '\'' || c == '\u2018' || c == '\u2019';
    }

    private static boolean isDoubleQuote(char c) {
        return c == '"' || c == '\u201C' || c == '\u201D' || c == '\u201E';
    }
}
