package dev.gpunotebook.bot.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SuggestionsTest {

    private static final List<String> COMMANDS = List.of("setup", "start", "stop", "delete", "list", "status");

    @Nested
    class TheDistanceBetweenTwoWords {

        @ParameterizedTest
        @CsvSource({"list,list,0", "lsit,list,1", "lst,list,1", "lisst,list,1", "lust,list,1", "strat,start,1",
                "stauts,status,1", "abc,xyz,3", "'',abc,3"})
        void distance_forAnyTwoWords_countsAddsDropsChangesAndSwaps(String a, String b, int expected) {
            assertThat(Suggestions.distance(a, b)).isEqualTo(expected);
            assertThat(Suggestions.distance(b, a)).isEqualTo(expected);
        }
    }

    @Nested
    class TheWordsSuggested {

        @Test
        void nearest_whenAWordIsClose_suggestsItBeforePicocliS() {
            assertThat(Suggestions.nearest("lsit", COMMANDS, List.of("setup"))).containsExactly("list");
        }

        @Test
        void nearest_whenTwoWordsAreEquallyClose_suggestsBoth() {
            assertThat(Suggestions.nearest("bat", List.of("bag", "dog", "cat"), List.of())).containsExactly("bag", "cat");
        }

        @Test
        void nearest_whenNoWordIsClose_fallsBackOnPicocliS() {
            assertThat(Suggestions.nearest("frobnicate", COMMANDS, List.of("delete"))).containsExactly("delete");
        }

        @Test
        void nearest_whenManyAreSuggested_givesAtMostThree() {
            assertThat(Suggestions.nearest("zzz", COMMANDS, COMMANDS)).hasSize(3);
        }

        @Test
        void nearest_whenTheWordIsAlreadyRight_doesNotSuggestItself() {
            assertThat(Suggestions.nearest("--gpus", List.of("--gpus", "--image"), List.of("--gpus"))).isEmpty();
        }
    }

    @Nested
    class HowCloseAWordMustBe {

        @Test
        void nearest_whenASixLetterWordIsTwoEditsAway_suggestsIt() {
            // Longer words carry more typos: from six letters on, two edits still count as close.
            assertThat(Suggestions.nearest("dxlxte", COMMANDS, List.of())).containsExactly("delete");
        }

        @Test
        void nearest_whenAFiveLetterWordIsTwoEditsAway_fallsBackOnPicocliS() {
            assertThat(Suggestions.nearest("stxxt", COMMANDS, List.of("status"))).containsExactly("status");
        }

        @Test
        void nearest_whenSeveralWordsAreClose_putsTheNearestFirst() {
            assertThat(Suggestions.nearest("abcdef", List.of("abcxyf", "abcdex"), List.of()))
                    .containsExactly("abcdex", "abcxyf");
        }

        @Test
        void nearest_whenTheCaseDiffers_comparesWithoutIt() {
            assertThat(Suggestions.nearest("LSIT", COMMANDS, List.of())).containsExactly("list");
        }
    }
}
