package dev.gpunotebook.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DecisionTest {

    @Nested
    class WhenACommandIsRefused {

        @Test
        void refuse_whenTheReasonIsBlank_isRejectedBecauseARefusalMustSayWhy() {
            assertThatIllegalArgumentException().isThrownBy(() -> Decision.refuse(" "))
                    .withMessage("a refusal needs a reason");
        }

        @Test
        void refuse_whenGivenAReason_isNotAllowedAndKeepsIt() {
            Decision decision = Decision.refuse("because");

            assertThat(decision.allowed()).isFalse();
            assertThat(decision.reason()).isEqualTo("because");
        }
    }

    @Nested
    class WhenACommandIsAllowed {

        @Test
        void allow_whenAsked_isAllowedWithAnEmptyReason() {
            assertThat(Decision.allow()).isEqualTo(new Decision(true, ""));
        }
    }
}
