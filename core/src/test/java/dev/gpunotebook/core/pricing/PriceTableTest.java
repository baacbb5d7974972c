package dev.gpunotebook.core.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.model.CostEstimate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceTableTest {

    @Nested
    class TheBuiltInTable {

        @Test
        void hourly_whenTheTypeIsCommon_hasAPriceAndSaysWhereItComesFrom() {
            PriceTable table = PriceTable.builtIn();

            assertThat(table.hourly("us-east-1", "g5.xlarge")).hasValueSatisfying(p ->
                    assertThat(p).isEqualByComparingTo("1.006"));
            assertThat(table.hourly("us-east-1", "g4dn.xlarge")).hasValueSatisfying(p ->
                    assertThat(p).isEqualByComparingTo("0.526"));
            assertThat(table.source()).contains("On-Demand").contains("20");
        }

        @Test
        void estimate_whenTheRegionIsNotInTheTable_isUnknownRatherThanAGuess() {
            CostEstimate cost = PriceTable.builtIn().estimate("ap-south-2", "g5.xlarge", Duration.ofHours(1));

            assertThat(cost.hourly()).isEmpty();
            assertThat(cost.currentRun()).isEmpty();
            assertThat(cost.source()).contains("unknown").contains("ap-south-2").contains(PriceTable.ENV_VARIABLE);
        }
    }

    @Nested
    class TheCostOfARun {

        private final PriceTable table = PriceTable.builtIn().overriddenBy("eu-west-1/g5.xlarge=1.20", "test");

        @Test
        void estimate_whenRunningNinetyMinutes_isOneAndAHalfHoursRoundedToCents() {
            CostEstimate cost = table.estimate("eu-west-1", "g5.xlarge", Duration.ofMinutes(90));

            assertThat(cost.hourlyUsd()).isEqualByComparingTo("1.20");
            assertThat(cost.currentRunUsd()).isEqualByComparingTo("1.80");
        }

        @Test
        void estimate_whenJustStarted_chargesEc2sSixtySecondMinimum() {
            CostEstimate cost = table.estimate("eu-west-1", "g5.xlarge", Duration.ofSeconds(5));

            // 1.20 $/h * 60 s / 3600 s = 0.02
            assertThat(cost.currentRunUsd()).isEqualByComparingTo("0.02");
        }

        @Test
        void estimate_whenNotRunning_hasAPriceButNoCurrentRun() {
            CostEstimate cost = table.estimate("eu-west-1", "g5.xlarge", null);

            assertThat(cost.hourlyUsd()).isEqualByComparingTo("1.20");
            assertThat(cost.currentRun()).isEmpty();
        }

        @Test
        void estimate_whenRoundingAHalfCent_roundsHalfUp() {
            PriceTable one = PriceTable.builtIn().overriddenBy("eu-west-1/g5.xlarge=0.09", "test");

            // 0.09 $/h * 10 min = 0.015 -> 0.02
            assertThat(one.estimate("eu-west-1", "g5.xlarge", Duration.ofMinutes(10)).currentRunUsd())
                    .isEqualByComparingTo("0.02");
        }
    }

    @Nested
    class AnOverrideFile {

        @Test
        void fromEnvironment_whenAFileIsNamed_itsEntriesWinAndTheRestStays(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("prices.properties");
            Files.writeString(file, "source=our negotiated prices\nus-east-1/g5.xlarge=0.80\n");

            PriceTable table = PriceTable.fromEnvironment(Map.of(PriceTable.ENV_VARIABLE, file.toString()));

            assertThat(table.hourly("us-east-1", "g5.xlarge")).hasValueSatisfying(p -> assertThat(p).isEqualByComparingTo("0.80"));
            assertThat(table.hourly("us-east-1", "g4dn.xlarge")).hasValueSatisfying(p ->
                    assertThat(p).isEqualByComparingTo("0.526"));
            assertThat(table.source()).contains("our negotiated prices");
        }

        @Test
        void fromEnvironment_whenTheFileIsMissing_saysWhichVariableAndFile(@TempDir Path dir) {
            String missing = dir.resolve("nope.properties").toString();

            assertThatThrownBy(() -> PriceTable.fromEnvironment(Map.of(PriceTable.ENV_VARIABLE, missing)))
                    .isInstanceOf(GpuNotebookException.class).hasMessageContaining(PriceTable.ENV_VARIABLE)
                    .hasMessageContaining(missing);
        }

        @Test
        void overriddenBy_whenAPriceIsNotANumber_namesTheKey() {
            assertThatThrownBy(() -> PriceTable.builtIn().overriddenBy("us-east-1/g5.xlarge=cheap", "f"))
                    .isInstanceOf(GpuNotebookException.class).hasMessageContaining("us-east-1/g5.xlarge")
                    .hasMessageContaining("US dollars per hour");
        }

        @Test
        void overriddenBy_whenAKeyHasNoRegion_explainsTheFormat() {
            assertThatThrownBy(() -> PriceTable.builtIn().overriddenBy("g5.xlarge=1.0", "f"))
                    .isInstanceOf(GpuNotebookException.class).hasMessageContaining("<region>/<instance type>");
        }
    }
}
