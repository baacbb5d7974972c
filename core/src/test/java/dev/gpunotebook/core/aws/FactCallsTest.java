package dev.gpunotebook.core.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.diagnose.snapshot.Fact;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FactCallsTest {

    @Nested
    class Carry {

        @Test
        void carry_whenMissingAlongAChain_namesOnlyWhatIsMissingAtTheRoot() {
            Fact<Object> cluster = Fact.missing("cluster nope (ClusterNotFoundException)");

            Fact<Object> tasks = FactCalls.carry(FactCalls.carry(FactCalls.carry(cluster, "cluster nope"),
                    "service jupyter"), "the tasks");

            assertThat(tasks.describe()).isEqualTo("cluster nope (ClusterNotFoundException) does not exist");
        }

        @Test
        void carry_whenDenied_keepsTheIamAction() {
            Fact<Object> denied = FactCalls.carry(Fact.denied("ecs:DescribeServices", "no"), "the service");

            assertThat(denied).isEqualTo(Fact.denied("ecs:DescribeServices", "no"));
        }
    }
}
