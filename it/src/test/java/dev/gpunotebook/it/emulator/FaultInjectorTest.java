package dev.gpunotebook.it.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The fault injector in front of a stand-in emulator that answers every request with {@code from-emulator}. */
class FaultInjectorTest {

    private static final String FROM_EMULATOR = "from-emulator";
    private static final String QUOTA_TARGET = "ServiceQuotasV20190624.GetServiceQuota";

    private static HttpServer emulator;
    private static FaultInjector faults;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void startStandInEmulatorAndInjector() throws IOException {
        emulator = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        emulator.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = FROM_EMULATOR.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        emulator.start();
        faults = FaultInjector.inFrontOf(URI.create("http://127.0.0.1:" + emulator.getAddress().getPort() + "/"));
    }

    @AfterAll
    static void stop() {
        faults.close();
        emulator.stop(0);
    }

    @BeforeEach
    void resetInjections() {
        faults.reset();
    }

    @Nested
    class QueryInjectionsMatchTheActionParameterExactly {

        @BeforeEach
        void injectRunInstancesError() {
            faults.injectQueryError("RunInstances", 400, FaultInjector.ec2Error("VcpuLimitExceeded", "too many"));
        }

        @Test
        void post_whenActionIsTheFirstParameter_getsTheInjectedError() {
            HttpResponse<String> response = form("Action=RunInstances&Version=2016-11-15&MinCount=1");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("<Code>VcpuLimitExceeded</Code>");
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/xml"));
        }

        @Test
        void post_whenActionIsALaterParameter_getsTheInjectedError() {
            assertThat(form("Version=2016-11-15&Action=RunInstances").statusCode()).isEqualTo(400);
        }

        @Test
        void post_whenActionOnlyStartsWithTheInjectedName_reachesTheEmulator() {
            assertThat(form("Action=RunInstancesX&Version=2016-11-15").body()).isEqualTo(FROM_EMULATOR);
        }

        @Test
        void post_whenTheNameAppearsOnlyInsideAnotherValue_reachesTheEmulator() {
            assertThat(form("Action=DescribeVpcs&Note=NoAction=RunInstances").body()).isEqualTo(FROM_EMULATOR);
        }

        @Test
        void injectQueryError_whenActionIsNotAName_isRejected() {
            assertThatThrownBy(() -> faults.injectQueryError("Run.*", 400, "<x/>"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class JsonInjectionsMatchTheTargetHeader {

        @Test
        void post_whenTargetMatches_getsTheBodyAndTheErrorTypeHeader() {
            faults.injectJson(QUOTA_TARGET, 400, FaultInjector.jsonError("NoSuchResourceException", "no quota"));

            HttpResponse<String> response = json(QUOTA_TARGET);

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).isEqualTo("{\"__type\":\"NoSuchResourceException\",\"message\":\"no quota\"}");
            assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("NoSuchResourceException");
        }

        @Test
        void post_whenInjectedAnswerIsASuccess_hasNoErrorTypeHeader() {
            faults.injectJson(QUOTA_TARGET, 200, "{\"__type\":\"odd\",\"Quota\":{}}");

            assertThat(json(QUOTA_TARGET).headers().firstValue("x-amzn-ErrorType")).isEmpty();
        }

        @Test
        void post_whenTargetDiffers_reachesTheEmulator() {
            faults.injectJson(QUOTA_TARGET, 400, FaultInjector.jsonError("X", "y"));

            assertThat(json("ServiceQuotasV20190624.ListServiceQuotas").body()).isEqualTo(FROM_EMULATOR);
        }
    }

    @Nested
    class InjectionsLimitedByTimes {

        @Test
        void post_whenInjectedTimesTwo_isAnsweredTwiceThenReachesTheEmulator() {
            faults.injectQueryError("DescribeVpcs", 403, FaultInjector.ec2Error("UnauthorizedOperation", "no")).times(2);

            assertThat(form("Action=DescribeVpcs").statusCode()).isEqualTo(403);
            assertThat(form("Action=DescribeVpcs").statusCode()).isEqualTo(403);
            assertThat(form("Action=DescribeVpcs").body()).isEqualTo(FROM_EMULATOR);
            assertThat(faults.countRequests("DescribeVpcs")).isEqualTo(3);
        }

        @Test
        void times_whenNotPositive_isRejected() {
            Injection injection = faults.injectQueryError("DescribeVpcs", 403, "<x/>");

            assertThatThrownBy(() -> injection.times(0)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void remove_whenCalled_letsRequestsReachTheEmulator() {
            faults.injectQueryError("DescribeVpcs", 403, "<x/>").remove();

            assertThat(form("Action=DescribeVpcs").body()).isEqualTo(FROM_EMULATOR);
        }
    }

    @Nested
    class ResetAndCounting {

        @Test
        void reset_whenInjectionsExist_removesThemButKeepsProxying() {
            faults.injectQueryError("RunInstances", 400, "<x/>");
            form("Action=RunInstances");

            faults.reset();

            assertThat(faults.countRequests("RunInstances")).isZero();
            assertThat(form("Action=RunInstances").body()).isEqualTo(FROM_EMULATOR);
        }

        @Test
        void countRequests_whenRequestsWereProxiedOrInjected_countsThemByActionOrTarget() {
            faults.injectJson(QUOTA_TARGET, 200, "{}");
            form("Action=DescribeVpcs&Version=2016-11-15");
            form("Action=DescribeVpcs&Version=2016-11-15");
            json(QUOTA_TARGET);

            assertThat(faults.countRequests("DescribeVpcs")).isEqualTo(2);
            assertThat(faults.countRequests(QUOTA_TARGET)).isEqualTo(1);
            assertThat(faults.countRequests("RunInstances")).isZero();
            assertThat(faults.requestsMatching("DescribeVpcs"))
                    .allSatisfy(request -> assertThat(request.getBodyAsString()).startsWith("Action=DescribeVpcs"));
        }
    }

    @Nested
    class WireFormatBodies {

        @Test
        void ec2Error_whenMessageHasMarkup_isWellFormedEc2ErrorXml() throws Exception {
            Document xml = parse(FaultInjector.ec2Error("VcpuLimitExceeded", "limit of 64 <vCPUs> & more"));

            assertThat(xml.getDocumentElement().getTagName()).isEqualTo("Response");
            assertThat(text(xml, "Code")).isEqualTo("VcpuLimitExceeded");
            assertThat(text(xml, "Message")).isEqualTo("limit of 64 <vCPUs> & more");
            assertThat(text(xml, "RequestID")).isNotBlank();
            assertThat(xml.getElementsByTagName("Errors").getLength()).isEqualTo(1);
        }

        @Test
        void queryError_whenCalled_isWellFormedErrorResponseXml() throws Exception {
            Document xml = parse(FaultInjector.queryError("AccessDenied", "User: x is not authorized"));

            assertThat(xml.getDocumentElement().getTagName()).isEqualTo("ErrorResponse");
            assertThat(text(xml, "Type")).isEqualTo("Sender");
            assertThat(text(xml, "Code")).isEqualTo("AccessDenied");
            assertThat(text(xml, "RequestId")).isNotBlank();
        }

        @Test
        void jsonError_whenMessageHasQuotesAndBackslashes_escapesThem() {
            assertThat(FaultInjector.jsonError("ThrottlingException", "say \"no\" \\ now\n"))
                    .isEqualTo("{\"__type\":\"ThrottlingException\",\"message\":\"say \\\"no\\\" \\\\ now\\n\"}");
        }
    }

    private HttpResponse<String> form(String body) {
        return send(HttpRequest.newBuilder(faults.endpoint().resolve("/"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> json(String target) {
        return send(HttpRequest.newBuilder(faults.endpoint().resolve("/"))
                .header("Content-Type", "application/x-amz-json-1.1")
                .header(FaultInjector.AMZ_TARGET, target)
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(Document xml, String tag) {
        return xml.getElementsByTagName(tag).item(0).getTextContent();
    }
}
