package dev.gpunotebook.core.diagnose.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FactTest {

    @Nested
    @DisplayName("a known fact")
    class AKnownFact {
        @Test
        void toOptional_whenKnown_holdsTheValue() {
            assertThat(Fact.known("i-1").toOptional()).contains("i-1");
            assertThat(Fact.known("i-1").isKnown()).isTrue();
        }

        @Test
        void constructor_whenValueIsNull_isRefused() {
            assertThatThrownBy(() -> Fact.known(null)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void map_whenKnown_transformsTheValue() {
            assertThat(Fact.known(2).map(n -> n * 2)).isEqualTo(Fact.known(4));
        }
    }

    @Nested
    @DisplayName("a fact that could not be read")
    class AFactThatCouldNotBeRead {
        @Test
        void describe_whenDenied_namesTheIamAction() {
            Fact<String> denied = Fact.denied("iam:GetRole", "not authorized");

            assertThat(denied.describe()).isEqualTo("access denied to iam:GetRole (not authorized)");
            assertThat(denied.toOptional()).isEmpty();
        }

        @Test
        void map_whenDenied_keepsTheDenial() {
            Fact<Integer> denied = Fact.denied("ec2:DescribeInstances", "");

            assertThat(denied.map(n -> n + 1)).isEqualTo(Fact.denied("ec2:DescribeInstances", ""));
        }

        @Test
        void map_whenMissingOrUnavailable_keepsTheCase() {
            assertThat(Fact.<Integer>missing("subnet-1").map(n -> n + 1)).isEqualTo(Fact.missing("subnet-1"));
            assertThat(Fact.<Integer>unavailable("moto").map(n -> n + 1)).isEqualTo(Fact.unavailable("moto"));
        }

        @Test
        void constructor_whenDeniedWithoutAction_isRefused() {
            assertThatThrownBy(() -> Fact.denied(" ", "x")).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
