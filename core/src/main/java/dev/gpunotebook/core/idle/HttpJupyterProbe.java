package dev.gpunotebook.core.idle;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * {@link JupyterProbe} over HTTP with the JDK's client: {@code GET {base}api/status} with
 * {@code Authorization: token <token>}. Every failure becomes a reason without the token.
 */
public final class HttpJupyterProbe implements JupyterProbe {

    private final HttpClient client;
    private final Duration timeout;

    public HttpJupyterProbe(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public HttpJupyterProbe() {
        this(Duration.ofSeconds(5));
    }

    @Override
    public Reading read(URI baseUrl, String token) {
        URI status = statusUri(baseUrl);
        if (token == null || token.isEmpty() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            // The JDK would quote the whole header value, token included, in its exception message.
            return new Reading.Unreachable("the token in SSM is empty or has spaces or control characters (a trailing"
                    + " newline?); put the token again without them");
        }
        HttpRequest request = HttpRequest.newBuilder(status).timeout(timeout)
                .header("Authorization", "token " + token).header("Accept", "application/json").GET().build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return new Reading.Unreachable("no answer from " + status + " within " + timeout.toSeconds() + " s");
        } catch (ConnectException e) {
            return new Reading.Unreachable("cannot connect to " + status + " (connection refused or no route)");
        } catch (IOException e) {
            return new Reading.Unreachable("cannot read " + status + ": " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reading.Unreachable("interrupted while reading " + status);
        }
        int code = response.statusCode();
        if (code == 401 || code == 403) {
            return new Reading.Unreachable(status + " answered HTTP " + code + ": the token in SSM is not the one"
                    + " Jupyter runs with (rotated without a restart?)");
        }
        if (code != 200) {
            return new Reading.Unreachable(status + " answered HTTP " + code + " (the task may be starting or"
                    + " stopped, or the load balancer has no healthy target)");
        }
        try {
            return new Reading.Read(JupyterStatus.parse(response.body()));
        } catch (IllegalArgumentException e) {
            return new Reading.Unreachable(status + " answered 200 but not with Jupyter's status: " + e.getMessage());
        }
    }

    static URI statusUri(URI baseUrl) {
        String base = baseUrl.toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + "api/status");
    }
}
