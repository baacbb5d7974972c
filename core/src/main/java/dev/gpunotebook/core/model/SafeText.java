package dev.gpunotebook.core.model;

/**
 * Shows a value given by a user inside a one-line message: between single quotes, with control,
 * format, separator and unassigned characters written as a backslash, {@code u} and four hex
 * digits, backslashes doubled, and cut after {@value #MAX_SHOWN} characters.
 *
 * <pre>{@code
 * SafeText.quote("g4dn");          // 'g4dn'
 * SafeText.quote("x".repeat(99));  // 'xxxx(40 x)'... (99 characters)
 * }</pre>
 */
public final class SafeText {

    /** How many characters (code points) of a value a message shows at most. */
    public static final int MAX_SHOWN = 40;

    private SafeText() {
    }

    /**
     * Quotes a value for a one-line message.
     *
     * @param value any string, or null
     * @return the value between single quotes, escaped and shortened; {@code nothing} for null
     */
    public static String quote(String value) {
        if (value == null) {
            return "nothing";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_SHOWN) + 2).append('\'');
        int shown = 0;
        int index = 0;
        while (index < value.length() && shown < MAX_SHOWN) {
            int codePoint = value.codePointAt(index);
            index += Character.charCount(codePoint);
            shown++;
            appendSafely(out, codePoint);
        }
        out.append('\'');
        int total = value.codePointCount(0, value.length());
        if (total > MAX_SHOWN) {
            out.append("... (").append(total).append(" characters)");
        }
        return out.toString();
    }

    private static void appendSafely(StringBuilder out, int codePoint) {
        if (codePoint == '\\') {
            out.append("\\\\");
        } else if (needsEscape(codePoint)) {
            out.append(String.format("\\u%04X", codePoint));
        } else {
            out.appendCodePoint(codePoint);
        }
    }

    private static boolean needsEscape(int codePoint) {
        switch (Character.getType(codePoint)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
            case Character.SURROGATE:
            case Character.PRIVATE_USE:
            case Character.UNASSIGNED:
                return true;
            default:
                return false;
        }
    }
}
