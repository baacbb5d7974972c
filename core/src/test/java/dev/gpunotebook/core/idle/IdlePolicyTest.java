package dev.gpunotebook.core.idle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.idle.IdlePolicy.Decision;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdlePolicyTest {

    private static final IdlePolicy POLICY = IdlePolicy.defaults();
    private static final Instant LAUNCHED = Instant.parse("2026-01-05T08:00:00Z");

    /** Literal answers of Jupyter's /api/status, last active at 10:00. */
    private static final String IDLE = "{\"connections\": 0, \"kernels\": 0, \"last_activity\": \"2026-01-05T10:00:00.000000Z\","
            + " \"started\": \"2026-01-05T08:01:00.000000Z\"}";
    private static final String KERNEL_OPEN = "{\"connections\": 0, \"kernels\": 1, \"last_activity\":"
            + " \"2026-01-05T10:00:00.000000Z\", \"started\": \"2026-01-05T08:01:00.000000Z\"}";
    private static final String BROWSER_OPEN = "{\"connections\": 1, \"kernels\": 0, \"last_activity\":"
            + " \"2026-01-05T10:00:00.000000Z\", \"started\": \"2026-01-05T08:01:00.000000Z\"}";

    private static Instant at(String time) {
        return Clock.fixed(Instant.parse("2026-01-05T" + time + ":00Z"), ZoneOffset.UTC).instant();
    }

    @Nested
    class ANotebookWithNoKernelAndNoConnection {

        @ParameterizedTest
        @CsvSource({"10:30,Idle", "10:54,Idle", "10:55,Warn", "10:59,Warn", "11:00,Stop", "13:00,Stop"})
        void decide_whenTimePassesWithALimitOf60_idlesThenWarnsThenStops(String now, String expected) {
            Decision decision = POLICY.decide(60, JupyterStatus.parse(IDLE), at(now), LAUNCHED);

            assertThat(decision.getClass().getSimpleName()).isEqualTo(expected);
        }

        @Test
        void decide_whenStopping_saysHowLongItWasIdle() {
            Decision decision = POLICY.decide(60, JupyterStatus.parse(IDLE), at("11:30"), LAUNCHED);

            assertThat(decision).isEqualTo(new Decision.Stop(Duration.ofMinutes(90)));
        }

        @Test
        void decide_whenWarning_saysWhenItWillStop() {
            Decision decision = POLICY.decide(60, JupyterStatus.parse(IDLE), at("10:56"), LAUNCHED);

            assertThat(decision).isEqualTo(new Decision.Warn(Duration.ofMinutes(56), at("11:00")));
        }

        @Test
        void decide_whenTheLimitIsZero_neverStops() {
            assertThat(POLICY.decide(0, JupyterStatus.parse(IDLE), at("23:00"), LAUNCHED))
                    .isInstanceOf(Decision.NeverStops.class);
        }

        @Test
        void decide_whenNoLimitIsTagged_usesTheDefaultOf60() {
            assertThat(POLICY.decide(-1, JupyterStatus.parse(IDLE), at("10:59"), LAUNCHED)).isInstanceOf(Decision.Warn.class);
            assertThat(POLICY.decide(-1, JupyterStatus.parse(IDLE), at("11:00"), LAUNCHED)).isInstanceOf(Decision.Stop.class);
        }

        @Test
        void decide_whenTheLimitIsShorterThanTheWarning_warnsAtOnce() {
            assertThat(POLICY.decide(3, JupyterStatus.parse(IDLE), at("10:01"), LAUNCHED)).isInstanceOf(Decision.Warn.class);
            assertThat(POLICY.decide(3, JupyterStatus.parse(IDLE), at("10:03"), LAUNCHED)).isInstanceOf(Decision.Stop.class);
        }

        @Test
        void decide_whenTheInstanceWasResumedAfterTheLastActivity_countsFromTheResume() {
            Instant resumed = at("12:00");

            assertThat(POLICY.decide(60, JupyterStatus.parse(IDLE), at("12:10"), resumed)).isInstanceOf(Decision.Idle.class);
        }
    }

    @Nested
    class ANotebookInUse {

        @Test
        void decide_whenAKernelIsOpen_isInUseHoweverOldTheActivity() {
            Decision decision = POLICY.decide(60, JupyterStatus.parse(KERNEL_OPEN), at("23:00"), LAUNCHED);

            assertThat(decision).isEqualTo(new Decision.InUse("1 open kernel"));
        }

        @Test
        void decide_whenABrowserIsConnected_isInUse() {
            assertThat(POLICY.decide(60, JupyterStatus.parse(BROWSER_OPEN), at("23:00"), LAUNCHED))
                    .isEqualTo(new Decision.InUse("1 open connection"));
        }
    }
}
