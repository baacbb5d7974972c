package dev.gpunotebook.bot.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.model.NotebookName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NotebookNamesTest {

    @Nested
    class ANameDerivedFromItsOwner {

        @Test
        void derivedFrom_whenTheOwnerIsExactlyAsLongAsANameMayBe_keepsItWhole() {
            String owner = "u".repeat(NotebookName.MAX_LENGTH);

            assertThat(NotebookNames.derivedFrom(owner).value()).isEqualTo(owner);
        }

        @Test
        void derivedFrom_whenTheCutFallsOnADash_dropsTheDash() {
            // "abcdefghijklmnopqrs-" would end in a dash: a name reads better without it.
            assertThat(NotebookNames.derivedFrom("abcdefghijklmnopqrs.tuvwxyz").value())
                    .isEqualTo("abcdefghijklmnopqrs");
        }

        @ParameterizedTest
        @CsvSource({"'  Bob  ',bob", "__x__y__,x-y", "\u00E9\u00E8,notebook"})
        void derivedFrom_whenTheOwnerHasOtherCharacters_keepsOnlyLettersAndDigitsJoinedByOneDash(String owner,
                String expected) {
            assertThat(NotebookNames.derivedFrom(owner).value()).isEqualTo(expected);
        }
    }
}
