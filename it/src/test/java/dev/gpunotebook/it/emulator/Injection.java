package dev.gpunotebook.it.emulator;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One injected response of a {@link FaultInjector}: answers every matching request until removed, or only
 * the next {@code n} after {@link #times(int)}, after which matching requests reach the emulator again.
 */
public final class Injection {

    private final WireMockServer server;
    private final Supplier<MappingBuilder> request;
    private final ResponseDefinitionBuilder response;
    private final int priority;
    private final List<StubMapping> stubs = new ArrayList<>();

    private Injection(WireMockServer server, Supplier<MappingBuilder> request, ResponseDefinitionBuilder response,
            int priority) {
        this.server = server;
        this.request = request;
        this.response = response;
        this.priority = priority;
    }

    static Injection register(WireMockServer server, Supplier<MappingBuilder> request,
            ResponseDefinitionBuilder response, int priority) {
        Injection injection = new Injection(server, request, response, priority);
        injection.stubs.add(server.stubFor(request.get().atPriority(priority).willReturn(response)));
        return injection;
    }

    /**
     * Answers only the next {@code n} matching requests (counted from now), then lets them through to the
     * emulator. Done with a WireMock scenario whose state advances with each answer.
     */
    public Injection times(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("times(n) needs n >= 1, got " + n);
        }
        remove();
        String scenario = "injection-" + UUID.randomUUID();
        for (int i = 0; i < n; i++) {
            stubs.add(server.stubFor(request.get().atPriority(priority)
                    .inScenario(scenario)
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "answered-" + i)
                    .willSetStateTo("answered-" + (i + 1))
                    .willReturn(response)));
        }
        return this;
    }

    /** Stops answering: matching requests reach the emulator again. */
    public void remove() {
        stubs.forEach(server::removeStub);
        stubs.clear();
    }
}
