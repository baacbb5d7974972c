package dev.gpunotebook.core.model;

/** Renders untrusted input safely inside an error message: quoted, shortened, no control characters. */
public final class Printable {

    private static final int MAX = 40;

    private Printable() {
    }

    public static String quote(String value) {
        if (value == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder("'");
        value.codePoints().limit(MAX).forEach(cp -> {
            if (Character.isISOControl(cp) || !Character.isDefined(cp)) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        if (value.codePointCount(0, value.length()) > MAX) {
            out.append("...");
        }
        return out.append('\'').toString();
    }
}
