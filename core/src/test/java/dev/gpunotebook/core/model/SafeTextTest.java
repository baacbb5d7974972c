package dev.gpunotebook.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SafeTextTest {

    @Nested
    class WhenTheValueIsPlain {

        @Test
        void quote_whenValueIsShortAndPrintable_returnsItBetweenSingleQuotes() {
            assertThat(SafeText.quote("g4dn.xlarge")).isEqualTo("'g4dn.xlarge'");
        }

        @Test
        void quote_whenValueIsNull_saysNothing() {
            assertThat(SafeText.quote(null)).isEqualTo("nothing");
        }
    }

    @Nested
    class WhenTheValueHidesCharacters {

        @Test
        void quote_whenValueHasANewlineAndATab_escapesThem() {
            assertThat(SafeText.quote("a\nb\tc")).isEqualTo("'a\\u000Ab\\u0009c'");
        }

        @Test
        void quote_whenValueHasABidiOverride_escapesIt() {
            assertThat(SafeText.quote("ab\u202Ecd")).isEqualTo("'ab\\u202Ecd'");
        }

        @Test
        void quote_whenValueHasALoneSurrogate_escapesIt() {
            assertThat(SafeText.quote("x\uD800")).isEqualTo("'x\\uD800'");
        }

        @Test
        void quote_whenValueHasABackslash_doublesIt() {
            assertThat(SafeText.quote("a\\u0041")).isEqualTo("'a\\\\u0041'");
        }

        @Test
        void quote_whenValueHasAnEmoji_keepsItWhole() {
            assertThat(SafeText.quote("gpu\uD83D\uDE80")).isEqualTo("'gpu\uD83D\uDE80'");
        }
    }

    @Nested
    class WhenTheValueIsLong {

        @Test
        void quote_whenValueIsLongerThanTheLimit_cutsItAndGivesTheLength() {
            String quoted = SafeText.quote("x".repeat(1000));

            assertThat(quoted).isEqualTo("'" + "x".repeat(SafeText.MAX_SHOWN) + "'... (1000 characters)");
        }

        @Test
        void quote_whenValueIsExactlyAtTheLimit_keepsItWhole() {
            String value = "y".repeat(SafeText.MAX_SHOWN);

            assertThat(SafeText.quote(value)).isEqualTo("'" + value + "'");
        }

        @Test
        void quote_whenCutFallsInsideASurrogatePair_keepsThePairWhole() {
            String value = "a".repeat(SafeText.MAX_SHOWN - 1) + "\uD83D\uDE80" + "tail";

            assertThat(SafeText.quote(value)).startsWith("'" + "a".repeat(SafeText.MAX_SHOWN - 1) + "\uD83D\uDE80'");
        }
    }
}
