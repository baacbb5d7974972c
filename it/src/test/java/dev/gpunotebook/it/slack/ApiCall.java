package dev.gpunotebook.it.slack;

import java.util.Map;
import java.util.Objects;

/**
 * One request the Slack fake received: a Web API method (form parameters) or a post to a response URL
 * (method {@code response_url}, the JSON body under {@code body}).
 *
 * @param method e.g. {@code chat.postMessage}
 * @param params the form parameters, or {@code body} for a JSON post
 * @param raw the whole request body as received, for "this never appears anywhere" assertions
 */
public record ApiCall(String method, Map<String, String> params, String raw) {

    public ApiCall {
        Objects.requireNonNull(method, "method");
        params = Map.copyOf(params);
        raw = raw == null ? "" : raw;
    }

    public String param(String name) {
        return params.getOrDefault(name, "");
    }

    /** Text and blocks together, what a person would read. */
    public String shown() {
        return param("text") + "\n" + param("blocks") + "\n" + param("body");
    }
}
