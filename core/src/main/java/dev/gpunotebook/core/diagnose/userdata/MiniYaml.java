package dev.gpunotebook.core.diagnose.userdata;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The YAML that cloud-config files use: block mappings and sequences, literal ({@code |}) and
 * folded ({@code >}) block scalars with chomping, single- and double-quoted scalars, flow
 * sequences of scalars and comments. Yields {@code Map<String,Object>}, {@code List<Object>},
 * {@code String} or null. Anchors, tags and flow mappings are not supported (cloud-config
 * files rarely use them); a flow mapping comes back as its text.
 */
final class MiniYaml {
    private final List<String> lines;
    private int at;

    private MiniYaml(String text) {
        this.lines = new ArrayList<>(List.of(text.replace("\r\n", "\n").replace('\t', ' ').split("\n", -1)));
    }

    static Object parse(String text) {
        MiniYaml yaml = new MiniYaml(text);
        yaml.skipInsignificant();
        if (yaml.at >= yaml.lines.size()) {
            return null;
        }
        Object document = yaml.block(indentOf(yaml.lines.get(yaml.at)));
        yaml.skipInsignificant();
        if (yaml.at < yaml.lines.size()) {
            throw new IllegalArgumentException("line " + (yaml.at + 1) + ": unexpected indentation or text");
        }
        return document;
    }

    private Object block(int indent) {
        skipInsignificant();
        if (at >= lines.size()) {
            return null;
        }
        String content = lines.get(at).substring(indent);
        return isSequenceItem(content) ? sequence(indent) : mapping(indent);
    }

    private List<Object> sequence(int indent) {
        List<Object> items = new ArrayList<>();
        while (true) {
            skipInsignificant();
            if (at >= lines.size() || indentOf(lines.get(at)) != indent
                    || !isSequenceItem(lines.get(at).substring(indent))) {
                return items;
            }
            String line = lines.get(at);
            String afterDash = line.substring(indent + 1);
            String rest = afterDash.strip();
            if (rest.isEmpty() || rest.startsWith("#")) {
                at++;
                items.add(nestedOrNull(indent));
            } else if (isMappingStart(rest) || isSequenceItem(rest)) {
                // "- key: value": the item is a mapping (or a sequence) starting at the column after "- ".
                int column = indent + 1 + (afterDash.length() - afterDash.stripLeading().length());
                lines.set(at, " ".repeat(column) + rest);
                items.add(block(column));
            } else {
                items.add(scalar(rest, indent));
            }
        }
    }

    private Map<String, Object> mapping(int indent) {
        Map<String, Object> map = new LinkedHashMap<>();
        while (true) {
            skipInsignificant();
            if (at >= lines.size() || indentOf(lines.get(at)) != indent) {
                return map;
            }
            String content = lines.get(at).substring(indent);
            if (isSequenceItem(content)) {
                return map;
            }
            int colon = keyColon(content);
            if (colon < 0) {
                throw new IllegalArgumentException("line " + (at + 1) + ": expected 'key: value'");
            }
            String key = unquoteKey(content.substring(0, colon).strip());
            String rest = content.substring(colon + 1).strip();
            if (rest.isEmpty() || rest.startsWith("#")) {
                at++;
                map.put(key, nestedOrNull(indent));
            } else {
                map.put(key, scalar(rest, indent));
            }
        }
    }

    /** The value after "key:" on its own lines: deeper, or a sequence at the key's own indent. */
    private Object nestedOrNull(int parentIndent) {
        skipInsignificant();
        if (at >= lines.size()) {
            return null;
        }
        int indent = indentOf(lines.get(at));
        if (indent > parentIndent || indent == parentIndent && isSequenceItem(lines.get(at).substring(indent))) {
            return block(indent);
        }
        return null;
    }

    /** A scalar starting on the current line (already stripped into {@code text}). */
    private Object scalar(String text, int parentIndent) {
        at++;
        if (text.startsWith("|") || text.startsWith(">")) {
            return blockScalar(text, parentIndent);
        }
        if (text.startsWith("\"")) {
            return doubleQuoted(text, parentIndent);
        }
        if (text.startsWith("'")) {
            return singleQuoted(text, parentIndent);
        }
        if (text.startsWith("[")) {
            return flowSequence(text);
        }
        StringBuilder plain = new StringBuilder(stripComment(text));
        while (at < lines.size() && !lines.get(at).isBlank() && indentOf(lines.get(at)) > parentIndent) {
            plain.append(' ').append(stripComment(lines.get(at).strip()));
            at++;
        }
        String value = plain.toString();
        return value.equals("~") || value.equals("null") ? null : value;
    }

    private String blockScalar(String header, int parentIndent) {
        boolean literal = header.charAt(0) == '|';
        char chomping = header.contains("-") ? '-' : header.contains("+") ? '+' : ' ';
        List<String> content = new ArrayList<>();
        int blockIndent = -1;
        while (at < lines.size()) {
            String line = lines.get(at);
            if (line.isBlank()) {
                content.add("");
                at++;
                continue;
            }
            int indent = indentOf(line);
            if (indent <= parentIndent) {
                break;
            }
            if (blockIndent < 0) {
                blockIndent = indent;
            }
            if (indent < blockIndent) {
                break;
            }
            content.add(line.substring(blockIndent));
            at++;
        }
        int trailing = 0;
        while (!content.isEmpty() && content.get(content.size() - 1).isEmpty()) {
            content.remove(content.size() - 1);
            trailing++;
        }
        String body;
        if (literal) {
            body = String.join("\n", content);
        } else {
            StringBuilder folded = new StringBuilder();
            for (int i = 0; i < content.size(); i++) {
                String line = content.get(i);
                if (i > 0) {
                    folded.append(line.isEmpty() || content.get(i - 1).isEmpty() ? "\n" : " ");
                }
                folded.append(line);
            }
            body = folded.toString();
        }
        if (content.isEmpty()) {
            return "";
        }
        return switch (chomping) {
            case '-' -> body;
            case '+' -> body + "\n".repeat(trailing + 1);
            default -> body + "\n";
        };
    }

    private String doubleQuoted(String text, int parentIndent) {
        StringBuilder source = new StringBuilder(text.substring(1));
        while (closingQuote(source, '"') < 0 && at < lines.size()) {
            source.append(' ').append(lines.get(at++).strip());
        }
        int end = closingQuote(source, '"');
        String inner = end < 0 ? source.toString() : source.substring(0, end);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c != '\\' || i + 1 >= inner.length()) {
                out.append(c);
                continue;
            }
            char e = inner.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case '0' -> out.append('\0');
                case 'x' -> {
                    out.append((char) Integer.parseInt(inner.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                case 'u' -> {
                    out.append((char) Integer.parseInt(inner.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> out.append(e);
            }
        }
        return out.toString();
    }

    private String singleQuoted(String text, int parentIndent) {
        StringBuilder source = new StringBuilder(text.substring(1));
        while (closingQuote(source, '\'') < 0 && at < lines.size()) {
            source.append(' ').append(lines.get(at++).strip());
        }
        int end = closingQuote(source, '\'');
        return (end < 0 ? source.toString() : source.substring(0, end)).replace("''", "'");
    }

    private static int closingQuote(CharSequence text, char quote) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == '"' && c == '\\') {
                i++;
            } else if (c == quote) {
                if (quote == '\'' && i + 1 < text.length() && text.charAt(i + 1) == '\'') {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    private List<Object> flowSequence(String text) {
        StringBuilder source = new StringBuilder(text);
        while (source.indexOf("]") < 0 && at < lines.size()) {
            source.append(' ').append(lines.get(at++).strip());
        }
        String inner = source.substring(1, Math.max(1, source.lastIndexOf("]")));
        List<Object> items = new ArrayList<>();
        StringBuilder item = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    item.append(c == '\\' && quote == '"' && i + 1 < inner.length() ? inner.charAt(++i) : c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == ',') {
                items.add(item.toString().strip());
                item.setLength(0);
            } else {
                item.append(c);
            }
        }
        if (!item.toString().isBlank()) {
            items.add(item.toString().strip());
        }
        return items;
    }

    private void skipInsignificant() {
        while (at < lines.size()) {
            String stripped = lines.get(at).strip();
            if (!stripped.isEmpty() && !stripped.startsWith("#") && !stripped.equals("---")) {
                return;
            }
            at++;
        }
    }

    private static boolean isSequenceItem(String content) {
        return content.equals("-") || content.startsWith("- ");
    }

    private static boolean isMappingStart(String content) {
        return keyColon(content) > 0 && !content.startsWith("\"") && !content.startsWith("'")
                && !content.startsWith("[") && !content.startsWith("{");
    }

    /** The colon that ends a mapping key: followed by a space or the end of the line, outside quotes. */
    private static int keyColon(String content) {
        char quote = 0;
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if ((c == '"' || c == '\'') && i == 0) {
                quote = c;
            } else if (c == '#' && i > 0 && content.charAt(i - 1) == ' ') {
                return -1;
            } else if (c == ':' && (i + 1 == content.length() || content.charAt(i + 1) == ' ')) {
                return i;
            }
        }
        return -1;
    }

    private static String unquoteKey(String key) {
        if (key.length() >= 2 && (key.startsWith("\"") && key.endsWith("\"") || key.startsWith("'") && key.endsWith("'"))) {
            return key.substring(1, key.length() - 1);
        }
        return key;
    }

    private static String stripComment(String text) {
        int hash = text.indexOf(" #");
        return (hash < 0 ? text : text.substring(0, hash)).strip();
    }

    private static int indentOf(String line) {
        int n = 0;
        while (n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        return n;
    }
}
