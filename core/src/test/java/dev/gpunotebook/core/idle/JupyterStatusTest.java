package dev.gpunotebook.core.idle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class JupyterStatusTest {

    /** What jupyter_server 1.23 answered on GET /notebook/x/api/status (measured). */
    static final String IDLE = "{\"connections\": 0, \"kernels\": 0, \"last_activity\":"
            + " \"2026-01-05T10:00:00.123456Z\", \"started\": \"2026-01-05T09:59:58.000001Z\"}";

    @Test
    void parse_whenJupyterIsIdle_readsCountsAndTimes() {
        JupyterStatus status = JupyterStatus.parse(IDLE);

        assertThat(status.kernels()).isZero();
        assertThat(status.connections()).isZero();
        assertThat(status.lastActivity()).isEqualTo(Instant.parse("2026-01-05T10:00:00.123456Z"));
        assertThat(status.started()).isEqualTo(Instant.parse("2026-01-05T09:59:58.000001Z"));
    }

    @Test
    void parse_whenTimesHaveAnOffsetAndFieldsComeInAnyOrder_readsThem() {
        JupyterStatus status = JupyterStatus.parse("{\"last_activity\":\"2026-01-05T10:00:00+00:00\",\"kernels\":2,"
                + "\"connections\":1,\"started\":null}");

        assertThat(status.kernels()).isEqualTo(2);
        assertThat(status.connections()).isEqualTo(1);
        assertThat(status.started()).isNull();
    }

    @Test
    void activeUntil_whenJupyterStartedAfterItsLastActivity_isTheStart() {
        JupyterStatus status = new JupyterStatus(0, 0, Instant.parse("2026-01-05T09:00:00Z"),
                Instant.parse("2026-01-05T10:00:00Z"));

        assertThat(status.activeUntil()).isEqualTo(Instant.parse("2026-01-05T10:00:00Z"));
    }

    @Test
    void parse_whenTheAnswerIsNotAStatus_explainsWhatIsMissing() {
        assertThatThrownBy(() -> JupyterStatus.parse("{\"version\": \"1.23.3\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kernels");
        assertThatThrownBy(() -> JupyterStatus.parse("<html>login</html>"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JupyterStatus.parse("{\"kernels\": 0, \"connections\": 0}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("last_activity");
    }

    @Test
    void constructor_whenCountsAreNegative_refuses() {
        assertThatThrownBy(() -> new JupyterStatus(-1, 0, Instant.EPOCH, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Nested
    class TimesThatAreNotIso8601 {

        @Test
        void parse_whenTheStartIsAnEmptyString_readsItAsNotKnown() {
            JupyterStatus status = JupyterStatus.parse("{\"connections\": 0, \"kernels\": 0, \"last_activity\":"
                    + " \"2026-01-05T10:00:00Z\", \"started\": \"\"}");

            assertThat(status.started()).isNull();
            assertThat(status.activeUntil()).isEqualTo(Instant.parse("2026-01-05T10:00:00Z"));
        }

        @Test
        void parse_whenATimeIsANumber_saysWhichIsUnreadable() {
            // Seconds since 1970, as another server than Jupyter might write it: not guessed at.
            assertThatThrownBy(() -> JupyterStatus.parse("{\"connections\": 0, \"kernels\": 0, \"last_activity\":"
                    + " 1767607200}")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Jupyter's status has an unreadable last_activity");
        }

        @Test
        void parse_whenATimeHasNoOffset_saysWhichIsUnreadable() {
            assertThatThrownBy(() -> JupyterStatus.parse("{\"connections\": 0, \"kernels\": 0, \"last_activity\":"
                    + " \"2026-01-05T10:00:00\", \"started\": \"2026-01-05T09:00:00Z\"}"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Jupyter's status has an unreadable last_activity");
        }
    }
}
