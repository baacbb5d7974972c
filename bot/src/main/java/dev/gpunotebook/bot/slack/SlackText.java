package dev.gpunotebook.bot.slack;

import java.util.ArrayList;
import java.util.List;

/**
 * Text for Slack messages: escaping of the three characters Slack's mrkdwn gives meaning to, and
 * cutting to Slack's limits without breaking an escape or a surrogate pair.
 *
 * <pre>{@code
 * SlackText.escape("<!channel> & co");   // "&lt;!channel&gt; &amp; co": shown as typed, pings nobody
 * SlackText.chunks(longText, 3000);      // pieces of at most 3000 characters, cut at line ends where possible
 * }</pre>
 */
public final class SlackText {

    private SlackText() {
    }

    /** Escapes {@code & < >} as Slack asks, so that user text cannot form mentions, links or pings. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Cuts already escaped text into pieces of at most {@code limit} characters: at line ends where
     * possible; a longer line is cut, but never inside an escape such as {@code &amp;} or a surrogate pair.
     */
    public static List<String> chunks(String escaped, int limit) {
        if (limit < 8) {
            throw new IllegalArgumentException("limit too small: " + limit);
        }
        List<String> pieces = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : escaped.split("\n", -1)) {
            String rest = line;
            while (rest.length() > limit) {
                flush(current, pieces);
                int cut = safeCut(rest, limit);
                pieces.add(rest.substring(0, cut));
                rest = rest.substring(cut);
            }
            int needed = current.length() == 0 ? rest.length() : current.length() + 1 + rest.length();
            if (needed > limit) {
                flush(current, pieces);
            }
            if (current.length() > 0) {
                current.append('\n');
            }
            current.append(rest);
        }
        flush(current, pieces);
        if (pieces.isEmpty()) {
            pieces.add("");
        }
        return pieces;
    }

    /** Shortens escaped text to at most {@code limit} characters, ending with an ellipsis when cut. */
    public static String truncate(String escaped, int limit) {
        if (escaped.length() <= limit) {
            return escaped;
        }
        return escaped.substring(0, safeCut(escaped, limit - 1)) + "…";
    }

    private static void flush(StringBuilder current, List<String> pieces) {
        if (current.length() > 0) {
            pieces.add(current.toString());
            current.setLength(0);
        }
    }

    /** The largest cut at or below {@code limit} that splits no escape and no surrogate pair. */
    static int safeCut(String text, int limit) {
        int cut = limit;
        int amp = text.lastIndexOf('&', cut - 1);
        if (amp >= 0 && amp > cut - 5 && text.indexOf(';', amp) >= cut) {
            cut = amp;
        }
        if (cut > 0 && Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--;
        }
        return cut == 0 ? limit : cut;
    }
}
