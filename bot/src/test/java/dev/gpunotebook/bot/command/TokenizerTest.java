package dev.gpunotebook.bot.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TokenizerTest {

    @Nested
    class WhenTheLineIsPlain {

        @Test
        void tokenize_whenWordsAreSeparatedByAnyWhitespace_splitsOnIt() {
            assertThat(Tokenizer.tokenize("  start\tfoo \u00A0--gpus\n2  ")).containsExactly("start", "foo", "--gpus", "2");
        }

        @Test
        void tokenize_whenLineIsBlank_returnsNoTokens() {
            assertThat(Tokenizer.tokenize(" \t ")).isEmpty();
        }

        @Test
        void tokenize_whenABackslashPrecedesASpace_keepsTheSpace() {
            assertThat(Tokenizer.tokenize("a\\ b c")).containsExactly("a b", "c");
        }

        @Test
        void tokenize_whenTheLineEndsWithABackslash_keepsIt() {
            assertThat(Tokenizer.tokenize("a\\")).containsExactly("a\\");
        }
    }

    @Nested
    class WhenQuotesAreUsed {

        @Test
        void tokenize_whenSingleQuotesHoldSpacesAndBackslashes_keepsThemLiterally() {
            assertThat(Tokenizer.tokenize("--owner 'a b\\\"c'")).containsExactly("--owner", "a b\\\"c");
        }

        @Test
        void tokenize_whenDoubleQuotesHoldEscapedQuotes_unescapesThem() {
            assertThat(Tokenizer.tokenize("\"say \\\"hi\\\" \\\\ \\n\"")).containsExactly("say \"hi\" \\ \\n");
        }

        @Test
        void tokenize_whenQuotedAndPlainPartsTouch_joinsThemIntoOneToken() {
            assertThat(Tokenizer.tokenize("--image=\"a b\"'c'd e")).containsExactly("--image=a bcd", "e");
        }

        @Test
        void tokenize_whenQuotesAreEmpty_givesAnEmptyToken() {
            assertThat(Tokenizer.tokenize("stop '' \"\"")).containsExactly("stop", "", "");
        }

        @Test
        void tokenize_whenAChatClientTypedTypographicQuotes_treatsThemAsQuotes() {
            assertThat(Tokenizer.tokenize("start \u201Cmy nb\u201D \u2018x y\u2019")).containsExactly("start", "my nb", "x y");
        }
    }

    @Nested
    class WhenAQuoteIsUnterminated {

        @Test
        void tokenize_whenASingleQuoteIsNotClosed_failsNamingItsPosition() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> Tokenizer.tokenize("start 'foo"))
                    .withMessage("unterminated quote: the ' at character 7 is never closed");
        }

        @Test
        void tokenize_whenADoubleQuoteEndsWithAnEscapedQuote_fails() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> Tokenizer.tokenize("\"abc\\\""))
                    .withMessageStartingWith("unterminated quote: the \" at character 1");
        }
    }

    @Nested
    class WhenTokensAreJoined {

        @Test
        void join_whenTokensArePlain_separatesThemBySpaces() {
            assertThat(Tokenizer.join(List.of("start", "foo", "--gpus", "2"))).isEqualTo("start foo --gpus 2");
        }

        @Test
        void join_whenATokenHasSpacesOrIsEmpty_singleQuotesIt() {
            assertThat(Tokenizer.join(List.of("a b", ""))).isEqualTo("'a b' ''");
        }

        @Test
        void join_whenATokenHasASingleQuote_doubleQuotesAndEscapesIt() {
            assertThat(Tokenizer.join(List.of("it's \"x\" \\"))).isEqualTo("\"it's \\\"x\\\" \\\\\"");
        }
    }
}
