package dev.gpunotebook.it.slack;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * Slack's Socket Mode side, on a loopback port: greets each connection with {@code hello}, sends
 * {@code slash_commands} and {@code interactive} envelopes on the newest connection, records acks by
 * {@code envelope_id} with their latency, and can ask the client to reconnect ({@code disconnect}).
 * After a disconnect, the old connection is closed once the client has opened a new one, as Slack does.
 */
final class SocketModeFake extends WebSocketServer {

    private final List<WebSocket> connections = new CopyOnWriteArrayList<>();
    private final List<WebSocket> retiring = new CopyOnWriteArrayList<>();
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final Map<String, Ack> acks = new ConcurrentHashMap<>();
    private volatile boolean started;

    SocketModeFake() {
        super(new InetSocketAddress("127.0.0.1", 0));
        setReuseAddr(true);
        setTcpNoDelay(true);
    }

    void startAndWait() throws InterruptedException {
        start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!started && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        if (!started) {
            throw new IllegalStateException("the Socket Mode fake did not start");
        }
    }

    @Override
    public void onStart() {
        started = true;
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        connections.add(conn);
        conn.send("{\"type\":\"hello\",\"num_connections\":1,\"debug_info\":{\"host\":\"fake\"},"
                + "\"connection_info\":{\"app_id\":\"A0FAKE\"}}");
        for (WebSocket old : retiring) {
            retiring.remove(old);
            old.close(1000, "refreshed");
        }
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        connections.remove(conn);
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        long now = System.nanoTime();
        JsonObject json = JsonParser.parseString(message).getAsJsonObject();
        if (!json.has("envelope_id")) {
            return;
        }
        String id = json.get("envelope_id").getAsString();
        Long sent = sentAt.get(id);
        String text = json.has("payload") && json.getAsJsonObject("payload").has("text")
                ? json.getAsJsonObject("payload").get("text").getAsString() : "";
        acks.put(id, new Ack(id, sent == null ? 0 : now - sent, text));
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
        // A client that goes away mid-frame is normal here; the tests assert on what arrived.
    }

    int openConnections() {
        return (int) connections.stream().filter(WebSocket::isOpen).count();
    }

    /** Sends an envelope on the newest open connection; returns its id. */
    String send(String type, JsonObject payload, boolean acceptsResponsePayload) {
        WebSocket conn = newest();
        String id = UUID.randomUUID().toString();
        JsonObject envelope = new JsonObject();
        envelope.addProperty("envelope_id", id);
        envelope.addProperty("type", type);
        envelope.add("payload", payload);
        envelope.addProperty("accepts_response_payload", acceptsResponsePayload);
        sentAt.put(id, System.nanoTime());
        conn.send(envelope.toString());
        return id;
    }

    /** Asks the client to reconnect; the current connection closes once the next one opens. */
    void disconnect(String reason) {
        WebSocket conn = newest();
        retiring.add(conn);
        conn.send("{\"type\":\"disconnect\",\"reason\":\"" + reason + "\",\"debug_info\":{\"host\":\"fake\"}}");
    }

    Ack ack(String envelopeId) {
        return acks.get(envelopeId);
    }

    private WebSocket newest() {
        for (int i = connections.size() - 1; i >= 0; i--) {
            WebSocket conn = connections.get(i);
            if (conn.isOpen() && !retiring.contains(conn)) {
                return conn;
            }
        }
        throw new IllegalStateException("no open Socket Mode connection");
    }
}
