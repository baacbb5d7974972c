package dev.gpunotebook.bot.command;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpunotebook.core.GpuNotebookException;

import dev.gpunotebook.core.model.NotebookName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RecordValidationTest {

    @Nested
    class WhenANotebookNameIsBuilt {

        @Test
        void constructor_whenValueFollowsTheRule_keepsIt() {
            assertThat(new NotebookName("0-gpu-box").value()).isEqualTo("0-gpu-box");
        }

        @Test
        void constructor_whenValueIsNull_refusesIt() {
            assertThatThrownBy(() -> new NotebookName(null)).isInstanceOf(GpuNotebookException.class)
                    .hasMessageStartingWith("invalid notebook name nothing");
        }

        @Test
        void toString_whenCalled_returnsTheBareName() {
            assertThat(new NotebookName("alice")).hasToString("alice");
        }
    }

    @Nested
    class WhenAStartCommandIsBuilt {

        @Test
        void constructor_whenGpusIsOutOfRange_refusesItLikeTheParser() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> new StartCommand(null, null, 0, null, null, null, null, false))
                    .withMessage("--gpus must be a whole number from 1 to 8, got '0'");
        }

        @Test
        void constructor_whenVolumeIsBelowTheAmiMinimum_refusesIt() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> new StartCommand(null, null, null, null, 29, null, null, false))
                    .withMessageContaining("at least 30 GiB");
        }

        @Test
        void constructor_whenIdleMinutesIsNegative_refusesIt() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> new StartCommand(null, null, null, null, null, -1, null, false))
                    .withMessageStartingWith("--idle-minutes");
        }

        @Test
        void constructor_whenImageHasWhitespace_refusesIt() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> new StartCommand(null, null, null, "nb latest", null, null, null, false))
                    .withMessageStartingWith("invalid --image 'nb latest'");
        }

        @Test
        void constructor_whenInstanceTypeHasNoSize_refusesIt() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> new StartCommand(null, "p5", null, null, null, null, null, false))
                    .withMessageStartingWith("invalid --instance-type 'p5'");
        }

        @Test
        void constructor_whenImageIsVeryLong_refusesItWithoutMatching() {
            String image = "a".repeat(Checks.MAX_VALUE_LENGTH + 1);

            assertThatIllegalArgumentException()
                    .isThrownBy(() -> new StartCommand(null, null, null, image, null, null, null, false))
                    .withMessageContaining("(" + image.length() + " characters)");
        }

        @Test
        void withDefaults_whenCalled_hasNothingGiven() {
            assertThat(StartCommand.withDefaults())
                    .isEqualTo(new StartCommand(null, null, null, null, null, null, null, false));
        }
    }

    @Nested
    class WhenADiagnoseCommandIsBuilt {

        @Test
        void constructor_whenNotebookAndServiceAreBoth_refusesThem() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> new DiagnoseCommand(new NotebookName("a"), "c", "s"))
                    .withMessageContaining("not both");
        }

        @Test
        void service_whenClusterIsNull_refusesIt() {
            assertThatNullPointerException().isThrownBy(() -> DiagnoseCommand.service(null, "s"));
        }

        @Test
        void optionalNotebook_whenDiagnosingAService_isEmpty() {
            assertThat(DiagnoseCommand.service("c", "s").optionalNotebook()).isEmpty();
        }
    }

    @Nested
    class WhenGlobalOptionsAreBuilt {

        @Test
        void constructor_whenOutputIsNull_refusesIt() {
            assertThatNullPointerException().isThrownBy(() -> new GlobalOptions(null, null, null, null, false));
        }

        @Test
        void constructor_whenEndpointIsNotHttp_refusesIt() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> new GlobalOptions(null, null, URI.create("ftp://x"), OutputFormat.TEXT, false))
                    .withMessageStartingWith("invalid --endpoint-url 'ftp://x'");
        }

        @Test
        void constructor_whenProfileHasASpace_refusesIt() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> new GlobalOptions(null, "my profile", null, OutputFormat.TEXT, false))
                    .withMessageStartingWith("invalid --profile");
        }

        @Test
        void defaults_whenCalled_isTextOutputAndNothingElse() {
            assertThat(GlobalOptions.defaults()).isEqualTo(new GlobalOptions(null, null, null, OutputFormat.TEXT, false));
        }
    }

    @Nested
    class WhenAResultIsBuilt {

        @Test
        void usageError_whenMessageIsBlank_refusesIt() {
            assertThatIllegalArgumentException().isThrownBy(() -> new UsageError(" ", "usage"));
        }

        @Test
        void usageError_whenMessageSpansTwoLines_refusesIt() {
            assertThatIllegalArgumentException().isThrownBy(() -> new UsageError("a\nb", "usage"));
        }

        @Test
        void usageError_whenUsageIsMissing_refusesIt() {
            assertThatIllegalArgumentException().isThrownBy(() -> new UsageError("bad", null));
        }

        @Test
        void parsedCommand_whenCommandIsNull_refusesIt() {
            assertThatNullPointerException().isThrownBy(() -> new ParsedCommand(null, GlobalOptions.defaults()));
        }
    }

    @Nested
    class WhenVerbsAreLookedUp {

        @Test
        void fromWord_whenWordIsKnownInAnyCase_findsTheVerb() {
            assertThat(Verb.fromWord("Diagnose")).contains(Verb.DIAGNOSE);
        }

        @Test
        void fromWord_whenWordIsUnknownOrNull_findsNothing() {
            assertThat(Verb.fromWord("run")).isEmpty();
            assertThat(Verb.fromWord(null)).isEmpty();
        }

        @Test
        void commandLineOnly_whenVerbStartsAFrontEnd_isTrueOnlyForConsoleAndSlack() {
            assertThat(java.util.Arrays.stream(Verb.values()).filter(Verb::commandLineOnly))
                    .containsExactly(Verb.CONSOLE, Verb.SLACK);
        }

        @Test
        void accepts_whenFrontEndIsChat_refusesOnlyTheCommandLineVerbs() {
            assertThat(FrontEnd.CHAT.accepts(Verb.SLACK)).isFalse();
            assertThat(FrontEnd.CHAT.accepts(Verb.START)).isTrue();
            assertThat(FrontEnd.COMMAND_LINE.accepts(Verb.SLACK)).isTrue();
        }
    }

    @Nested
    class WhenAUsageErrorSuggestsWords {

        @Test
        void didYouMean_whenOneWordIsSuggested_asksAboutIt() {
            assertThat(new UsageError("bad", "usage", List.of("start")).didYouMean()).isEqualTo("Did you mean: start?");
        }

        @Test
        void didYouMean_whenTwoWordsAreSuggested_joinsThemWithOr() {
            assertThat(new UsageError("bad", "usage", List.of("start", "status")).didYouMean())
                    .isEqualTo("Did you mean: start or status?");
        }

        @Test
        void didYouMean_whenThreeWordsAreSuggested_listsThemAndPutsOrBeforeTheLast() {
            assertThat(new UsageError("bad", "usage", List.of("start", "status", "stop")).didYouMean())
                    .isEqualTo("Did you mean: start, status or stop?");
        }

        @Test
        void usageError_whenTheMessageHoldsAControlCharacter_refusesIt() {
            // One line without control characters: a terminal or chat shows it as it is.
            assertThatIllegalArgumentException().isThrownBy(() -> new UsageError("bad \u001B[31m", "usage"))
                    .withMessage("a usage error message is one line without control characters");
        }

        @Test
        void usageError_whenTheUsageIsBlank_refusesIt() {
            assertThatIllegalArgumentException().isThrownBy(() -> new UsageError("bad", " "))
                    .withMessage("a usage error needs the usage text");
        }
    }

    @Nested
    class WhenWordsAreReadExactly {

        @Test
        void needsAws_whenTheVerbIsAnsweredLocally_isFalseOnlyForHelpVersionAndCompletion() {
            assertThat(Arrays.stream(Verb.values()).filter(verb -> !verb.needsAws()))
                    .containsExactly(Verb.HELP, Verb.VERSION, Verb.COMPLETION);
        }

        @Test
        void utility_whenTheVerbActsOnNoNotebook_isTrueOnlyForVersionAndCompletion() {
            assertThat(Arrays.stream(Verb.values()).filter(Verb::utility)).containsExactly(Verb.VERSION, Verb.COMPLETION);
        }

        @Test
        void accepts_whenFrontEndIsChat_refusesCompletionToo() {
            // A shell script is no answer in a chat.
            assertThat(FrontEnd.CHAT.accepts(Verb.COMPLETION)).isFalse();
            assertThat(FrontEnd.COMMAND_LINE.accepts(Verb.COMPLETION)).isTrue();
        }

        @Test
        void fromWord_whenAnOutputFormatIsTypedInAnotherCase_findsNothing() {
            assertThat(OutputFormat.fromWord("json")).contains(OutputFormat.JSON);
            assertThat(OutputFormat.fromWord("JSON")).isEmpty();
        }

        @Test
        void fromWord_whenAShellIsNamed_findsItAndOtherwiseNamesTheShellsThereAre() {
            assertThat(CompletionCommand.Shell.fromWord("zsh")).isEqualTo(CompletionCommand.Shell.ZSH);
            assertThatIllegalArgumentException().isThrownBy(() -> CompletionCommand.Shell.fromWord("fish"))
                    .withMessage("no completion script for the shell 'fish': expected bash or zsh");
        }

        @Test
        void parseEndpointUrl_whenTheSchemeIsUpperCase_acceptsIt() {
            assertThat(GlobalOptions.parseEndpointUrl("HTTPS://ecs.example.com"))
                    .isEqualTo(URI.create("HTTPS://ecs.example.com"));
        }

        @Test
        void parseEndpointUrl_whenNothingIsGiven_refusesIt() {
            assertThatIllegalArgumentException().isThrownBy(() -> GlobalOptions.parseEndpointUrl(null))
                    .withMessageStartingWith("invalid --endpoint-url");
        }
    }

    @Nested
    class WhenAValueIsAtTheLengthLimit {

        @Test
        void constructor_whenTheImageIsAsLongAsAValueMayBe_acceptsIt() {
            // The limit keeps the regular expression from long inputs; a value at the limit is still matched.
            String image = "a".repeat(Checks.MAX_VALUE_LENGTH);

            assertThat(new StartCommand(null, null, null, image, null, null, null, false).image()).isEqualTo(image);
        }
    }
}
