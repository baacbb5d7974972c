package dev.gpunotebook.bot.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP calls to an emulator's control endpoints ({@code /moto-api/...}, {@code /_localstack/...}). */
public final class EmulatorHttp {

    public static final String MOTO_DATA = "/moto-api/data.json";
    public static final String MOTO_RESET = "/moto-api/reset";
    public static final String LOCALSTACK_HEALTH = "/_localstack/health";
    public static final String LOCALSTACK_RESET = "/_localstack/state/reset";

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private EmulatorHttp() {
    }

    /** Status of {@code GET base+path}, or -1 when nothing answers. */
    public static int getStatus(URI base, String path) {
        try {
            return send(HttpRequest.newBuilder(base.resolve(path)).GET()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    /** {@code POST base+path} with an empty body; fails unless the answer is 2xx. */
    public static void post(URI base, String path) {
        HttpResponse<String> response;
        try {
            response = send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.noBody()));
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + base.resolve(path) + " failed", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST " + base.resolve(path) + " answered HTTP "
                    + response.statusCode() + ": " + response.body());
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            return CLIENT.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
