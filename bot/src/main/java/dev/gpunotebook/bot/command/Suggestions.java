package dev.gpunotebook.bot.command;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a mistyped word probably meant. picocli's own suggestions come first in spirit but not in
 * quality: for commands it ranks by shared letter pairs, which misses a swapped pair ({@code lsit} has
 * none in common with {@code list}) and keeps one of two equally good words. Here the words within a
 * small edit distance (a letter added, dropped, changed, or two swapped) win; picocli's suggestions
 * are the fallback when none is that close.
 *
 * <pre>{@code
 * Suggestions.nearest("lsit", List.of("list", "status"), List.of("status"));   // [list]
 * }</pre>
 */
final class Suggestions {

    private static final int MOST = 3;

    private Suggestions() {
    }

    /**
     * @param typed the word as typed
     * @param words the words there are
     * @param picocli what picocli suggested, used when no word is close
     * @return up to three words, nearest first
     */
    static List<String> nearest(String typed, Iterable<String> words, List<String> picocli) {
        String lower = typed.toLowerCase(Locale.ROOT);
        int allowed = lower.length() >= 6 ? 2 : 1;
        List<String> close = new ArrayList<>();
        for (String word : words) {
            if (distance(lower, word.toLowerCase(Locale.ROOT)) <= allowed && !word.equalsIgnoreCase(typed)) {
                close.add(word);
            }
        }
        close.sort(Comparator.comparingInt(word -> distance(lower, word.toLowerCase(Locale.ROOT))));
        Set<String> chosen = new LinkedHashSet<>(close.isEmpty() ? picocli : close);
        chosen.remove(typed);
        return chosen.stream().limit(MOST).toList();
    }

    /** The optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
