package dev.gpunotebook.core.aws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gpunotebook.core.Json;
import dev.gpunotebook.core.diagnose.snapshot.Fact;
import dev.gpunotebook.core.diagnose.snapshot.JupyterProbe;
import dev.gpunotebook.core.diagnose.snapshot.ListenerFacts;
import dev.gpunotebook.core.diagnose.snapshot.RuleFacts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;

/**
 * GETs a notebook's {@code <base_url>api} through its load balancer, at the URL a listener rule
 * that forwards to the service's target group leads to, and reads Jupyter's version from the answer.
 * No AWS call and no IAM action: a plain HTTP request without credentials, from where diagnose runs
 * (an internal load balancer is often out of reach, which the check reports as UNKNOWN).
 */
final class JupyterHttpProbe {

    private final HttpClient http;
    private final Duration timeout;

    JupyterHttpProbe(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * GET {@code <url>api} of the notebook, with a short timeout; never fails. Does not hold a thread
     * while it waits: a load balancer that does not answer would hold one for the whole timeout.
     *
     * @param targetGroupArn the service's target group
     * @param loadBalancer the load balancer of that target group
     * @param listeners that load balancer's listeners with their rules, or why they could not be read
     */
    CompletableFuture<Fact<JupyterProbe>> probe(Optional<String> targetGroupArn, Optional<LoadBalancer> loadBalancer,
            Fact<List<ListenerFacts>> listeners) {
        if (loadBalancer.isPresent() && !listeners.isKnown()) {
            return CompletableFuture.completedFuture(FactCalls.carry(listeners, "the listeners"));
        }
        Optional<String> url = notebookApiUrl(targetGroupArn, loadBalancer, listeners.toOptional().orElse(List.of()));
        if (url.isEmpty()) {
            return CompletableFuture.completedFuture(Fact.unavailable("no load balancer URL leads to the service "
                    + "(no listener rule forwards to its target group, or each one that does also needs an HTTP "
                    + "header, a source address or a wildcard host that diagnose cannot supply)"));
        }
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url.get())).timeout(timeout).GET().build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(Fact.known(new JupyterProbe(url.get(), null, null,
                    "not a URL: " + e.getMessage())));
        }
        // The request's timeout ends when the headers arrive; a body that never ends is bounded here.
        Duration bound = timeout.multipliedBy(2);
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .orTimeout(bound.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .handle((response, failure) -> {
                    if (failure == null) {
                        return Fact.known(new JupyterProbe(url.get(), response.statusCode(),
                                jupyterVersion(response.body()), null));
                    }
                    Throwable e = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    String why = e instanceof java.net.http.HttpTimeoutException
                            ? "no answer within " + timeout.toSeconds() + " s"
                            : e instanceof java.util.concurrent.TimeoutException
                                    ? "no complete answer within " + bound.toSeconds() + " s"
                                    : e.getClass().getSimpleName() + (e.getMessage() == null ? ""
                                            : ": " + e.getMessage());
                    return Fact.known(new JupyterProbe(url.get(), null, null, why));
                });
    }

    /** Jupyter answers {@code GET <base_url>api} with {@code {"version": "2.14.2"}}; anything else has no version. */
    private static String jupyterVersion(String body) {
        try {
            JsonNode version = Json.read(body).path("version");
            return version.isTextual() ? version.textValue() : null;
        } catch (IllegalArgumentException notJson) {
            return null;
        }
    }

    private static Optional<String> notebookApiUrl(Optional<String> tg, Optional<LoadBalancer> lb,
            List<ListenerFacts> listeners) {
        if (tg.isEmpty() || lb.isEmpty()) {
            return Optional.empty();
        }
        for (ListenerFacts listener : listeners) {
            // A rule that only a named host reaches is probed at that host (as people open it); one that
            // needs another condition (a header, a source address) is not probed.
            Optional<RuleFacts> rule = listener.rules().stream()
                    .filter(x -> x.forwardTargetGroupArns().contains(tg.get()) && x.otherConditions().isEmpty()
                            && (x.hostHeaders().isEmpty() || literalHost(x).isPresent()))
                    .min(Comparator.comparingInt(RuleFacts::order));
            if (rule.isEmpty()) {
                continue;
            }
            String path = rule.get().pathPatterns().stream().findFirst().map(p -> p.replaceAll("[*?].*$", ""))
                    .orElse("/");
            if (!path.endsWith("/")) {
                path = path + "/";
            }
            boolean https = "HTTPS".equalsIgnoreCase(listener.protocol());
            int defaultPort = https ? 443 : 80;
            String port = listener.port() == defaultPort ? "" : ":" + listener.port();
            String host = literalHost(rule.get()).orElse(lb.get().dnsName());
            return Optional.of((https ? "https://" : "http://") + host + port + path + "api");
        }
        return Optional.empty();
    }

    /** The rule's first host-header value without wildcards, e.g. {@code jupyter.example.com}. */
    private static Optional<String> literalHost(RuleFacts rule) {
        return rule.hostHeaders().stream().filter(h -> h.matches("[A-Za-z0-9.-]+")).findFirst();
    }
}
