package dev.gpunotebook.core.diagnose.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.diagnose.Snapshots;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class JupyterCommandLineTest {

    private static JupyterCommandLine of(String... command) {
        return JupyterCommandLine.of(Snapshots.container(1024, null, 1, List.of(), List.of(command)));
    }

    @Test
    void of_whenOptionsUseEqualsOrSpaces_readsThem() {
        JupyterCommandLine line = of("jupyter", "lab", "--port", "9999", "--NotebookApp.base_url=notebook/x");

        assertThat(line.port()).contains(9999);
        assertThat(line.baseUrl()).contains("/notebook/x/");
        assertThat(line.tls()).isFalse();
    }

    @Test
    void of_whenCommandIsAShellString_looksInsideIt() {
        JupyterCommandLine line = of("sh", "-c", "jupyter lab --ServerApp.port=8890 --ip=127.0.0.1 "
                + "--ServerApp.certfile=/certs/c.pem");

        assertThat(line.port()).contains(8890);
        assertThat(line.listensOnLoopbackOnly()).isTrue();
        assertThat(line.tls()).isTrue();
    }

    @Test
    void of_whenCommandSaysNothing_isEmpty() {
        JupyterCommandLine line = of();

        assertThat(line.port()).isEmpty();
        assertThat(line.baseUrl()).isEmpty();
    }

    @Nested
    @DisplayName("unusual ways to write the options")
    class UnusualWaysToWriteTheOptions {
        @Test
        void of_whenTheBaseUrlIsWrittenWithAHyphen_readsItAsTraitletsDoes() {
            assertThat(of("jupyter", "lab", "--ServerApp.base-url=/notebook/bob/").baseUrl()).contains("/notebook/bob/");
        }

        @Test
        void of_whenAnOptionEndsTheCommandWithoutItsValue_leavesItUnset() {
            JupyterCommandLine line = of("jupyter", "lab", "--port");

            assertThat(line.port()).isEmpty();
        }

        @Test
        void of_whenThePortIsNotANumber_leavesItUnset() {
            assertThat(of("jupyter", "lab", "--port=${JUPYTER_PORT}").port()).isEmpty();
        }
    }

    @Nested
    @DisplayName("the listening address")
    class TheListeningAddress {
        @Test
        void listensOnLoopbackOnly_whenBoundToLocalhost_isTrue() {
            assertThat(of("jupyter", "lab", "--ip", "localhost").listensOnLoopbackOnly()).isTrue();
        }

        @Test
        void listensOnLoopbackOnly_whenBoundToEveryAddress_isFalse() {
            assertThat(of("jupyter", "lab", "--ip=0.0.0.0").listensOnLoopbackOnly()).isFalse();
        }

        @Test
        void listensOnLoopbackOnly_whenTheCommandDoesNotSay_isFalse() {
            // The image's default decides then; the jupyter images listen on every address.
            assertThat(of("start-notebook.py").listensOnLoopbackOnly()).isFalse();
        }
    }
}
