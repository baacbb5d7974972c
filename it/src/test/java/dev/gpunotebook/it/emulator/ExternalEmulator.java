package dev.gpunotebook.it.emulator;

import dev.gpunotebook.bot.local.EmulatorHttp;

import java.net.URI;

/**
 * An emulator somebody else runs, named by {@code AWS_ENDPOINT_URL}. The harness neither starts nor stops
 * it; it resets its state only where the emulator offers a way to (moto's {@code /moto-api/reset},
 * LocalStack's {@code /_localstack/state/reset}).
 */
final class ExternalEmulator implements AwsEmulator {

    private enum ResetApi { MOTO, LOCALSTACK, NONE }

    private final URI endpoint;
    private final ResetApi resetApi;

    ExternalEmulator(URI endpoint) {
        this.endpoint = endpoint;
        this.resetApi = probe(endpoint);
    }

    private static ResetApi probe(URI endpoint) {
        if (EmulatorHttp.getStatus(endpoint, EmulatorHttp.MOTO_DATA) == 200) {
            return ResetApi.MOTO;
        }
        if (EmulatorHttp.getStatus(endpoint, EmulatorHttp.LOCALSTACK_HEALTH) == 200) {
            return ResetApi.LOCALSTACK;
        }
        return ResetApi.NONE;
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void reset() {
        switch (resetApi) {
            case MOTO -> EmulatorHttp.post(endpoint, EmulatorHttp.MOTO_RESET);
            case LOCALSTACK -> EmulatorHttp.post(endpoint, EmulatorHttp.LOCALSTACK_RESET);
            case NONE -> { } // nothing to call: describe() says so
        }
    }

    @Override
    public String describe() {
        return switch (resetApi) {
            case MOTO -> "external moto server at " + endpoint + " (AWS_ENDPOINT_URL; reset via /moto-api/reset)";
            case LOCALSTACK -> "external LocalStack at " + endpoint + " (AWS_ENDPOINT_URL; reset via /_localstack/state/reset)";
            case NONE -> "external emulator at " + endpoint + " (AWS_ENDPOINT_URL; it answers neither /moto-api/reset"
                    + " nor /_localstack/state/reset: state is NOT reset between test classes)";
        };
    }

    @Override
    public void close() {
        // not ours to stop
    }

    @Override
    public String toString() {
        return describe();
    }
}
