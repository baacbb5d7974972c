package dev.gpunotebook.core.diagnose.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.diagnose.Snapshots;
import java.util.List;
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
}
