package dev.gpunotebook.core.diagnose.userdata;

import java.util.List;

/** The part of bash's {@code printf} and {@code echo -e} that user data uses. */
final class Printf {
    private Printf() {
    }

    /**
     * {@code printf FORMAT [ARG...]}: {@code %s}, {@code %b}, {@code %d}, {@code %%} and backslash
     * escapes; like bash, the format is reused while arguments remain.
     */
    static String format(List<String> args) {
        if (args.isEmpty()) {
            return "";
        }
        String format = args.get(0);
        List<String> values = args.subList(1, args.size());
        StringBuilder out = new StringBuilder();
        int next = 0;
        do {
            int consumed = 0;
            for (int i = 0; i < format.length(); i++) {
                char c = format.charAt(i);
                if (c == '%' && i + 1 < format.length()) {
                    char conversion = format.charAt(++i);
                    if (conversion == '%') {
                        out.append('%');
                        continue;
                    }
                    String value = next < values.size() ? values.get(next) : "";
                    next++;
                    consumed++;
                    out.append(conversion == 'b' ? escapes(value) : value);
                } else if (c == '\\' && i + 1 < format.length()) {
                    out.append(escapes(format.substring(i, i + 2)));
                    i++;
                } else {
                    out.append(c);
                }
            }
            if (consumed == 0) {
                break;
            }
        } while (next < values.size());
        return out.toString();
    }

    /** {@code \n}, {@code \t}, {@code \\} and friends, as {@code echo -e} reads them. */
    static String escapes(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 >= text.length()) {
                out.append(c);
                continue;
            }
            char e = text.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case '\\' -> out.append('\\');
                case 'a' -> out.append('\u0007');
                case 'e' -> out.append('\u001b');
                default -> out.append('\\').append(e);
            }
        }
        return out.toString();
    }
}
