package dev.gpunotebook.it.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The tests' real Jupyter Server itself: where it listens when its port is taken, and the closed port beside it. */
class LocalJupyterIT {

    private static final Path LOGS = Path.of(System.getProperty("gpunotebook.emulator.logDir", "target/emulator-logs"));

    @BeforeAll
    static void jupyterIsInstalled() {
        LocalJupyter.requireInstalled();
    }

    @Nested
    class WhenThePortItTriesFirstIsTaken {

        // The race LocalJupyter lives with: a port found free is taken before Jupyter binds it.
        @Test
        void start_whenAnotherServerHoldsTheFirstPort_listensOnAnotherAndReportsIt() throws Exception {
            try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                    LocalJupyter jupyter = LocalJupyter.start("moved", "it-fake-jupyter-token", LOGS,
                            taken.getLocalPort())) {
                int status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(jupyter.baseUrl().resolve("api"))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode();

                assertThat(jupyter.baseUrl().getPort()).isNotEqualTo(taken.getLocalPort());
                assertThat(status).isEqualTo(200);
            }
        }
    }

    @Nested
    class AClosedPort {

        @Test
        void closedPort_whileHeld_refusesConnections() throws Exception {
            try (Socket closed = LocalJupyter.closedPort()) {
                int port = closed.getLocalPort();

                assertThat(port).isPositive();
                assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port)
                        .close()).isInstanceOf(ConnectException.class);
            }
        }
    }
}
