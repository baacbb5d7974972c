package dev.gpunotebook.core.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpunotebook.core.provision.ProgressEvent.Phase;
import java.util.EnumSet;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class StepOutcomeTest {

    @Nested
    class WhatAStepCanSayItDid {

        @Test
        void new_whenThePhaseIsAStepsOwn_keepsItAndItsDetail() {
            for (Phase phase : EnumSet.of(Phase.CREATED, Phase.UPDATED, Phase.FOUND, Phase.CHECKED)) {
                assertThat(new StepOutcome(phase, "d")).as(phase.name()).extracting(StepOutcome::phase)
                        .isEqualTo(phase);
            }
        }

        @Test
        void new_whenThePhaseBelongsToTheRunner_refusesIt() {
            // RUNNING, FAILED, ROLLED_BACK and the rest are the runner's to report, never a step's outcome.
            for (Phase phase : EnumSet.complementOf(EnumSet.of(Phase.CREATED, Phase.UPDATED, Phase.FOUND,
                    Phase.CHECKED))) {
                assertThatThrownBy(() -> new StepOutcome(phase, "d")).as(phase.name())
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(phase.name());
            }
        }

        @Test
        void changed_whenCreatedOrUpdated_isTrueSoThatALaterFailureUndoesIt() {
            assertThat(StepOutcome.created("x").changed()).isTrue();
            assertThat(StepOutcome.updated("x").changed()).isTrue();
            assertThat(StepOutcome.found("x").changed()).isFalse();
            assertThat(StepOutcome.checked("x").changed()).isFalse();
        }

        @Test
        void new_whenTheDetailIsNull_keepsAnEmptyOne() {
            assertThat(StepOutcome.checked(null).detail()).isEmpty();
        }
    }
}
