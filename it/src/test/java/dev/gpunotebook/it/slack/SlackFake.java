package dev.gpunotebook.it.slack;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * A local Slack for the bot: the Web API over HTTP (JDK HttpServer; run with
 * {@code sun.net.httpserver.nodelay=true}) answering {@code auth.test}, {@code apps.connections.open}
 * (a {@code ws://127.0.0.1} URL of its {@link SocketModeFake}), {@code chat.postMessage},
 * {@code chat.update}, {@code chat.postEphemeral}, and response URLs; every request is recorded.
 * Tokens are checked as Slack would: the app token for connections, the bot token for the rest.
 *
 * <pre>{@code
 * try (SlackFake slack = SlackFake.start(BOT_TOKEN, APP_TOKEN)) {
 *     String envelope = slack.slashCommand("U0ALICE", "C0GENERAL", "start alice");
 *     Ack ack = slack.awaitAck(envelope, Duration.ofSeconds(3));
 * }
 * }</pre>
 */
public final class SlackFake implements AutoCloseable {

    public static final String TEAM = "T0FAKE";

    private final HttpServer http;
    private final ExecutorService httpThreads;
    private final SocketModeFake socketMode;
    private final String botToken;
    private final String appToken;
    private final List<ApiCall> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger connectionsOpened = new AtomicInteger();
    private final AtomicInteger ts = new AtomicInteger();

    private SlackFake(HttpServer http, ExecutorService httpThreads, SocketModeFake socketMode, String botToken,
            String appToken) {
        this.http = http;
        this.httpThreads = httpThreads;
        this.socketMode = socketMode;
        this.botToken = botToken;
        this.appToken = appToken;
    }

    public static SlackFake start(String botToken, String appToken) throws IOException, InterruptedException {
        SocketModeFake socketMode = new SocketModeFake();
        socketMode.startAndWait();
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ExecutorService threads = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "slack-fake-http");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(threads);
        SlackFake fake = new SlackFake(http, threads, socketMode, botToken, appToken);
        http.createContext("/api/", fake::api);
        http.createContext("/response/", fake::response);
        http.start();
        return fake;
    }

    /** The Web API base URL, for {@code SLACK_API_URL}. */
    public URI apiUrl() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/api/");
    }

    public String responseUrl(String id) {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/response/" + id;
    }

    // ---- Socket Mode ----

    /** Sends {@code /notebook TEXT} as USER in CHANNEL; returns the envelope id. */
    public String slashCommand(String user, String channel, String text) {
        JsonObject payload = new JsonObject();
        payload.addProperty("token", "legacy-verification-token");
        payload.addProperty("team_id", TEAM);
        payload.addProperty("team_domain", "fake");
        payload.addProperty("channel_id", channel);
        payload.addProperty("channel_name", "general");
        payload.addProperty("user_id", user);
        payload.addProperty("user_name", user.toLowerCase());
        payload.addProperty("command", "/notebook");
        payload.addProperty("text", text);
        payload.addProperty("api_app_id", "A0FAKE");
        payload.addProperty("is_enterprise_install", "false");
        payload.addProperty("response_url", responseUrl("cmd-" + ts.incrementAndGet()));
        payload.addProperty("trigger_id", "trigger-" + ts.get());
        return socketMode.send("slash_commands", payload, true);
    }

    /** Presses a button of the bot's: {@code actionId} with {@code value}, as USER in CHANNEL. */
    public String pressButton(String user, String channel, String actionId, String value) {
        JsonObject payload = new JsonObject();
        payload.addProperty("type", "block_actions");
        JsonObject who = new JsonObject();
        who.addProperty("id", user);
        who.addProperty("username", user.toLowerCase());
        who.addProperty("team_id", TEAM);
        payload.add("user", who);
        payload.addProperty("api_app_id", "A0FAKE");
        payload.addProperty("token", "legacy-verification-token");
        JsonObject team = new JsonObject();
        team.addProperty("id", TEAM);
        team.addProperty("domain", "fake");
        payload.add("team", team);
        JsonObject where = new JsonObject();
        where.addProperty("id", channel);
        where.addProperty("name", "general");
        payload.add("channel", where);
        payload.addProperty("trigger_id", "trigger-" + ts.incrementAndGet());
        payload.addProperty("response_url", responseUrl("action-" + ts.get()));
        JsonObject action = new JsonObject();
        action.addProperty("type", "button");
        action.addProperty("action_id", actionId);
        action.addProperty("block_id", "notebook-actions");
        action.addProperty("value", value);
        action.addProperty("action_ts", "1700000000.000001");
        com.google.gson.JsonArray actions = new com.google.gson.JsonArray();
        actions.add(action);
        payload.add("actions", actions);
        return socketMode.send("interactive", payload, false);
    }

    /** Asks the bot to reconnect, as Slack does before it retires a connection. */
    public void disconnect(String reason) {
        socketMode.disconnect(reason);
    }

    public Ack awaitAck(String envelopeId, Duration timeout) {
        await(() -> socketMode.ack(envelopeId) != null, timeout, "an ack of envelope " + envelopeId);
        return socketMode.ack(envelopeId);
    }

    /** How many times the bot called apps.connections.open. */
    public int connectionsOpened() {
        return connectionsOpened.get();
    }

    public void awaitOpenConnection(Duration timeout) {
        await(() -> socketMode.openConnections() > 0, timeout, "an open Socket Mode connection");
    }

    /** Waits until no Socket Mode connection is open, as after a bot has closed its own. */
    public void awaitNoOpenConnection(Duration timeout) {
        await(() -> socketMode.openConnections() == 0, timeout, "every Socket Mode connection to close");
    }

    // ---- Web API ----

    public List<ApiCall> calls() {
        return List.copyOf(calls);
    }

    public List<ApiCall> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    /** Waits for a call that matches; returns it. */
    public ApiCall awaitCall(String method, Predicate<ApiCall> matching, Duration timeout) {
        await(() -> calls(method).stream().anyMatch(matching), timeout, "a " + method + " call that matches");
        return calls(method).stream().filter(matching).findFirst().orElseThrow();
    }

    public void forgetCalls() {
        calls.clear();
    }

    private void api(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestURI().getPath().substring("/api/".length());
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> params = form(body);
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : params.getOrDefault("token", "");
        calls.add(new ApiCall(method, params, body));
        String expected = method.equals("apps.connections.open") ? appToken : botToken;
        if (method.equals("auth.test") && appToken.equals(token)) {
            reply(exchange, "{\"ok\":false,\"error\":\"not_allowed_token_type\"}");
            return;
        }
        if (!expected.equals(token)) {
            reply(exchange, "{\"ok\":false,\"error\":\"invalid_auth\"}");
            return;
        }
        String channel = json(params.getOrDefault("channel", ""));
        String answer = switch (method) {
            case "auth.test" -> "{\"ok\":true,\"url\":\"https://fake.slack.com/\",\"team\":\"Fake\",\"user\":\"gpu-notebook\","
                    + "\"team_id\":\"" + TEAM + "\",\"user_id\":\"U0BOT\",\"bot_id\":\"B0BOT\",\"is_enterprise_install\":false}";
            case "apps.connections.open" -> {
                connectionsOpened.incrementAndGet();
                yield "{\"ok\":true,\"url\":\"ws://127.0.0.1:" + socketMode.getPort() + "/link/?ticket="
                        + connectionsOpened.get() + "\"}";
            }
            case "chat.postMessage" -> "{\"ok\":true,\"channel\":\"" + channel + "\",\"ts\":\"" + nextTs() + "\"}";
            case "chat.update" -> "{\"ok\":true,\"channel\":\"" + channel + "\",\"ts\":\""
                    + json(params.getOrDefault("ts", "")) + "\"}";
            case "chat.postEphemeral" -> "{\"ok\":true,\"message_ts\":\"" + nextTs() + "\"}";
            case "conversations.open" -> "{\"ok\":true,\"channel\":{\"id\":\"D" + json(params.getOrDefault("users", ""))
                    + "\"}}";
            default -> "{\"ok\":false,\"error\":\"unknown_method\"}";
        };
        reply(exchange, answer);
    }

    private void response(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        calls.add(new ApiCall("response_url", Map.of("body", body, "url", exchange.getRequestURI().getPath()), body));
        reply(exchange, "ok");
    }

    private String nextTs() {
        return "1700000000." + String.format("%06d", ts.incrementAndGet());
    }

    private static void reply(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", body.startsWith("{") ? "application/json; charset=utf-8"
                : "text/plain");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> params = new LinkedHashMap<>();
        if (body.isEmpty() || body.startsWith("{")) {
            return params;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(key, value);
        }
        return params;
    }

    private static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    static void await(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    @Override
    public void close() {
        http.stop(0);
        httpThreads.shutdownNow();
        try {
            socketMode.stop(1000);
            httpThreads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
