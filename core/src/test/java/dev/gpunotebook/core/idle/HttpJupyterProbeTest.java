package dev.gpunotebook.core.idle;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gpunotebook.core.idle.JupyterProbe.Reading;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The probe against a stand-in for Jupyter Server on a loopback port (the JDK's HTTP server): it answers
 * {@code /notebook/alice/api/status} as {@link #answer} says, and only to the right token.
 */
class HttpJupyterProbeTest {

    private static final String TOKEN = "3f9c2a7e5b1d";
    private static final String STATUS = "{\"connections\": 0, \"kernels\": 1, \"last_activity\":"
            + " \"2026-01-05T10:00:00.123456Z\", \"started\": \"2026-01-05T08:01:00.000000Z\"}";

    /** What the stand-in answers a request with the right token: a status code and a body. */
    private record Answer(int code, String body) {
    }

    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();
    /** Holds back every answer while a test needs Jupyter to stay silent; released after each test. */
    private final CountDownLatch silence = new CountDownLatch(1);
    private volatile Answer answer = new Answer(200, STATUS);
    private volatile boolean silent;
    private volatile String expectedToken = TOKEN;
    private HttpServer jupyter;

    @BeforeEach
    void startJupyter() throws IOException {
        jupyter = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jupyter.createContext("/", this::handle);
        jupyter.start();
    }

    @AfterEach
    void stopJupyter() {
        silence.countDown();
        jupyter.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        paths.add(exchange.getRequestURI().getPath());
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        authorizations.add(authorization);
        if (silent) {
            try {
                silence.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Answer reply = ("token " + expectedToken).equals(authorization) ? answer
                : new Answer(403, "{\"message\": \"Forbidden\", \"reason\": null}");
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(reply.code(), body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private URI alice() {
        return URI.create("http://127.0.0.1:" + jupyter.getAddress().getPort() + "/notebook/alice/");
    }

    private Reading read(String token) {
        return new HttpJupyterProbe(Duration.ofSeconds(5)).read(alice(), token);
    }

    private static String reason(Reading reading) {
        assertThat(reading).isInstanceOf(Reading.Unreachable.class);
        return ((Reading.Unreachable) reading).reason();
    }

    @Nested
    class AJupyterThatAnswers {

        @Test
        void read_whenJupyterAnswersItsStatus_readsItSendingTheTokenInTheHeader() {
            Reading reading = read(TOKEN);

            assertThat(reading).isEqualTo(new Reading.Read(new JupyterStatus(1, 0,
                    Instant.parse("2026-01-05T10:00:00.123456Z"), Instant.parse("2026-01-05T08:01:00Z"))));
            assertThat(paths).containsExactly("/notebook/alice/api/status");
            assertThat(authorizations).containsExactly("token " + TOKEN);
        }

        @Test
        void read_whenTheBaseUrlHasNoTrailingSlash_asksForTheStatusBelowIt() {
            String base = alice().toString();

            new HttpJupyterProbe().read(URI.create(base.substring(0, base.length() - 1)), TOKEN);

            assertThat(paths).containsExactly("/notebook/alice/api/status");
        }

        @Test
        void read_whenJupyterRunsWithAnotherToken_isUnreachableSayingSoWithoutTheToken() {
            expectedToken = "rotated-since";

            String reason = reason(read(TOKEN));

            assertThat(reason).isEqualTo(alice() + "api/status answered HTTP 403: the token in SSM is not the one"
                    + " Jupyter runs with (rotated without a restart?)").doesNotContain(TOKEN);
        }

        @ParameterizedTest
        @ValueSource(ints = {302, 404, 503})
        void read_whenJupyterAnswersAnotherHttpStatus_isUnreachableNamingIt(int code) {
            answer = new Answer(code, "");

            String reason = reason(read(TOKEN));

            assertThat(reason).startsWith(alice() + "api/status answered HTTP " + code + " (the task may be starting");
        }

        @Test
        void read_whenTheAnswerIsNotJupytersStatus_isUnreachableSayingWhatWasWrong() {
            answer = new Answer(200, "<html>JupyterHub login</html>");

            String reason = reason(read(TOKEN));

            assertThat(reason).isEqualTo(alice() + "api/status answered 200 but not with Jupyter's status: Jupyter's"
                    + " status is not JSON");
        }
    }

    @Nested
    class ATokenThatCannotBeSent {

        @ParameterizedTest
        @NullSource
        @ValueSource(strings = {"", "3f9c 2a7e", "3f9c2a7e\n", "3f9c\t2a7e", "3f9c2a7e\u007f", "3f9c2a7e\u00e9"})
        void read_whenTheTokenIsEmptyOrHasSpacesOrControlCharacters_refusesWithoutSendingIt(String token) {
            String reason = reason(read(token));

            assertThat(reason).contains("the token in SSM is empty or has spaces or control characters");
            assertThat(paths).isEmpty();
        }

        @Test
        void read_whenTheTokenUsesEveryVisibleAsciiCharacter_sendsItAsItIs() {
            String everyVisible = IntStream.rangeClosed(0x21, 0x7e).mapToObj(c -> Character.toString((char) c))
                    .collect(Collectors.joining());
            expectedToken = everyVisible;

            Reading reading = read(everyVisible);

            assertThat(reading).isInstanceOf(Reading.Read.class);
            assertThat(authorizations).containsExactly("token " + everyVisible);
        }
    }

    @Nested
    class AJupyterThatCannotBeReached {

        @Test
        void read_whenNothingListensOnThePort_isUnreachableSayingItCannotConnect() {
            URI gone = alice();
            jupyter.stop(0);

            Reading reading = new HttpJupyterProbe().read(gone, TOKEN);

            assertThat(reason(reading)).isEqualTo("cannot connect to " + gone + "api/status (connection refused or no"
                    + " route)");
        }

        @Test
        void read_whenJupyterDoesNotAnswerInTime_isUnreachableNamingTheWait() {
            silent = true;

            // The probe's own timeout is real time: one second here, so the test waits that long once.
            Reading reading = new HttpJupyterProbe(Duration.ofSeconds(1)).read(alice(), TOKEN);

            assertThat(reason(reading)).isEqualTo("no answer from " + alice() + "api/status within 1 s");
        }

        @Test
        void read_whenTheConnectionClosesWithoutAnAnswer_isUnreachableNamingTheError() throws IOException {
            try (ServerSocket dropping = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                // Every connection is closed once the request arrives: the JDK client retries a GET once.
                Thread closer = new Thread(() -> {
                    while (!dropping.isClosed()) {
                        try (Socket accepted = dropping.accept()) {
                            accepted.getInputStream().read();
                        } catch (IOException e) {
                            return;
                        }
                    }
                });
                closer.start();
                URI base = URI.create("http://127.0.0.1:" + dropping.getLocalPort() + "/notebook/alice/");

                Reading reading = new HttpJupyterProbe().read(base, TOKEN);

                assertThat(reason(reading)).isEqualTo("cannot read " + base + "api/status: IOException")
                        .doesNotContain(TOKEN);
            }
        }

        @Test
        void read_whenTheCallerIsInterrupted_isUnreachableAndTheCallerStaysInterrupted() {
            silent = true;
            Thread.currentThread().interrupt();
            try {
                Reading reading = read(TOKEN);

                assertThat(reason(reading)).isEqualTo("interrupted while reading " + alice() + "api/status");
                // The bot's scheduler must still see the interrupt to shut down.
                assertThat(Thread.currentThread().isInterrupted()).isTrue();
            } finally {
                Thread.interrupted();
            }
        }
    }
}
