package dev.gpunotebook.it.emulator;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.matching.StringValuePattern;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.gpunotebook.core.Json;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;

/**
 * An HTTP proxy (WireMock on a free loopback port) in front of an AWS emulator that can answer chosen
 * operations with real AWS responses: for what the emulator does not model (EC2 quotas,
 * {@code VcpuLimitExceeded}, throttling, scheduler events...). Everything not injected goes through to the
 * emulator unchanged, so the SDK parses real wire format either way.
 *
 * <p>Query protocols (EC2, ELBv2, IAM) are matched on the form parameter {@code Action} of the POST body;
 * JSON protocols (ECS, Service Quotas, SSM, Logs) on the {@code X-Amz-Target} header. Injections last until
 * {@link #reset()} (the {@link EmulatorExtension} resets before each test), or for {@link Injection#times(int)}
 * requests.
 *
 * <pre>{@code
 * @WithAwsEmulator
 * class QuotaIT {
 *     @Test
 *     void start_whenVcpuQuotaIsExhausted_failsWithTheQuotaError(FaultInjector faults) {
 *         faults.injectQueryError("RunInstances", 400,
 *                 FaultInjector.ec2Error("VcpuLimitExceeded", "You have requested more vCPU capacity..."));
 *         Ec2Client ec2 = faults.client(Ec2Client.builder()); // points at the proxy, not at moto
 *         // ... exercise the code under test with ec2 ...
 *         assertThat(faults.countRequests("RunInstances")).isEqualTo(1);
 *     }
 * }
 * }</pre>
 */
public final class FaultInjector implements AutoCloseable {

    /** Header carrying the operation of JSON-protocol requests, e.g. {@code ServiceQuotasV20190624.GetServiceQuota}. */
    public static final String AMZ_TARGET = "X-Amz-Target";
    private static final int INJECTION_PRIORITY = 1;
    private static final int PROXY_PRIORITY = 1000;
    private static final Pattern ACTION_NAME = Pattern.compile("[A-Za-z0-9]+");
    private static final Pattern JSON_TYPE = Pattern.compile("\"__type\"\\s*:\\s*\"([^\"]+)\"");

    private final WireMockServer server;
    private final URI target;
    private final URI endpoint;
    private volatile Duration roundTrip = Duration.ZERO;

    private FaultInjector(WireMockServer server, URI target) {
        this.server = server;
        this.target = target;
        this.endpoint = URI.create("http://127.0.0.1:" + server.port());
    }

    /** Starts a proxy in front of {@code target} (an emulator's endpoint). */
    public static FaultInjector inFrontOf(URI target) {
        WireMockServer server = new WireMockServer(options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .containerThreads(64)
                .notifier(new ConsoleNotifier(false)));
        server.start();
        FaultInjector injector = new FaultInjector(server, URI.create(target.toString().replaceAll("/+$", "")));
        injector.proxyEverything();
        return injector;
    }

    /**
     * Delays every proxied answer by {@code roundTrip}, the way a remote AWS endpoint would; the
     * emulator answers on loopback in a few milliseconds, so a benchmark of parallel calls would
     * otherwise measure only how fast the emulator's single process serves them.
     */
    public FaultInjector withRoundTrip(Duration roundTrip) {
        if (roundTrip == null || roundTrip.isNegative()) {
            throw new IllegalArgumentException("a round trip is zero or more, not " + roundTrip);
        }
        this.roundTrip = roundTrip;
        server.resetMappings();
        proxyEverything();
        return this;
    }

    /** Base URL to point SDK clients at instead of the emulator's. */
    public URI endpoint() {
        return endpoint;
    }

    /** The emulator everything not injected is proxied to. */
    public URI target() {
        return target;
    }

    /** A client that talks through this proxy, e.g. {@code faults.client(Ec2Client.builder())}. */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder) {
        return EmulatorClients.build(builder, endpoint);
    }

    /**
     * Answers query-protocol requests (EC2, ELBv2, IAM) whose form parameter {@code Action} is {@code action}
     * (exactly: {@code RunInstances} does not match {@code RunInstancesX}) with {@code status} and an XML body,
     * e.g. {@link #ec2Error} or {@link #queryError}, or any successful response body.
     */
    public Injection injectQueryError(String action, int status, String xmlBody) {
        ResponseDefinitionBuilder response = aResponse().withStatus(status)
                .withHeader("Content-Type", "text/xml;charset=UTF-8")
                .withHeader("x-amzn-RequestId", UUID.randomUUID().toString())
                .withBody(xmlBody);
        return Injection.register(server, () -> post(anyUrl()).withRequestBody(actionIs(action)), response,
                INJECTION_PRIORITY);
    }

    /**
     * Answers JSON-protocol requests whose {@code X-Amz-Target} is {@code amzTarget} with {@code status} and
     * {@code jsonBody}. For an error status, the {@code x-amzn-ErrorType} header is set from the body's
     * {@code __type} (see {@link #jsonError}), as AWS does.
     */
    public Injection injectJson(String amzTarget, int status, String jsonBody) {
        ResponseDefinitionBuilder response = aResponse().withStatus(status)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withHeader("x-amzn-RequestId", UUID.randomUUID().toString())
                .withBody(jsonBody);
        if (status >= 400) {
            errorType(jsonBody).ifPresent(type -> response.withHeader("x-amzn-ErrorType", type));
        }
        Supplier<MappingBuilder> request = () -> post(anyUrl()).withHeader(AMZ_TARGET, equalTo(amzTarget));
        return Injection.register(server, request, response, INJECTION_PRIORITY);
    }

    /**
     * Requests received (proxied or injected) since the last {@link #reset()} for a query {@code Action}
     * (e.g. {@code RunInstances}) or, if the name contains a dot, an {@code X-Amz-Target}
     * (e.g. {@code ServiceQuotasV20190624.GetServiceQuota}).
     */
    public List<LoggedRequest> requestsMatching(String actionOrTarget) {
        return server.findAll(requestsFor(actionOrTarget));
    }

    /** The bodies of the answers (proxied or injected) to the requests {@link #requestsMatching(String)} finds. */
    public List<String> answersTo(String actionOrTarget) {
        var pattern = requestsFor(actionOrTarget).build();
        return server.getAllServeEvents().stream()
                .filter(event -> pattern.match(event.getRequest()).isExactMatch())
                .map(event -> event.getResponse().getBodyAsString())
                .toList();
    }

    /** How many requests {@link #requestsMatching(String)} finds. */
    public int countRequests(String actionOrTarget) {
        return server.countRequestsMatching(requestsFor(actionOrTarget).build()).getCount();
    }

    /** Removes every injection and forgets the requests received; proxying goes on. */
    public void reset() {
        server.resetAll();
        proxyEverything();
    }

    @Override
    public void close() {
        server.stop();
    }

    /** EC2's error body: {@code <Response><Errors><Error><Code>...}. */
    public static String ec2Error(String code, String message) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + xml(code)
                + "</Code><Message>" + xml(message) + "</Message></Error></Errors><RequestID>" + UUID.randomUUID()
                + "</RequestID></Response>";
    }

    /**
     * The query-protocol error body of ELBv2 and IAM: {@code <ErrorResponse><Error><Type>Sender</Type>...}
     * (without the service's XML namespace, which the SDK does not need).
     */
    public static String queryError(String code, String message) {
        return "<ErrorResponse><Error><Type>Sender</Type><Code>"
                + xml(code) + "</Code><Message>" + xml(message) + "</Message></Error><RequestId>" + UUID.randomUUID()
                + "</RequestId></ErrorResponse>";
    }

    /** A JSON-protocol error body, {@code {"__type":"...","message":"..."}}; inject it with {@link #injectJson}. */
    public static String jsonError(String type, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("__type", type);
        body.put("message", message);
        return Json.write(body);
    }

    private void proxyEverything() {
        server.stubFor(any(anyUrl()).atPriority(PROXY_PRIORITY).willReturn(aResponse().proxiedFrom(target.toString())
                .withFixedDelay((int) roundTrip.toMillis())));
    }

    private static RequestPatternBuilder requestsFor(String actionOrTarget) {
        return actionOrTarget.contains(".")
                ? postRequestedFor(anyUrl()).withHeader(AMZ_TARGET, equalTo(actionOrTarget))
                : postRequestedFor(anyUrl()).withRequestBody(actionIs(actionOrTarget));
    }

    /** The whole body matches: {@code Action=<action>} at the start or after {@code &}, then {@code &} or the end. */
    private static StringValuePattern actionIs(String action) {
        if (!ACTION_NAME.matcher(action).matches()) {
            throw new IllegalArgumentException("not an AWS query action name: " + action);
        }
        return matching("(?s)(.*&)?Action=" + action + "(&.*)?");
    }

    private static Optional<String> errorType(String jsonBody) {
        Matcher matcher = JSON_TYPE.matcher(jsonBody);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;").replace("'", "&apos;");
    }

    @Override
    public String toString() {
        return "FaultInjector at " + endpoint + " in front of " + target;
    }
}
