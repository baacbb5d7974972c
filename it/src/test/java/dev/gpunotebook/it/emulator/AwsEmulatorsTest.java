package dev.gpunotebook.it.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.it.emulator.AwsEmulators.Kind;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AwsEmulatorsTest {

    private static final Map<String, String> NOTHING_SET = Map.of();

    @Nested
    class AnEndpointInTheEnvironment {

        @Test
        void choose_whenAwsEndpointUrlIsSet_usesItWithoutAskingForDocker() {
            AtomicBoolean askedDocker = new AtomicBoolean();

            Kind kind = AwsEmulators.choose(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:5000"),
                    () -> askedDocker.getAndSet(true));

            assertThat(kind).isEqualTo(Kind.EXTERNAL);
            assertThat(askedDocker).isFalse();
        }

        @Test
        void choose_whenAwsEndpointUrlIsBlank_ignoresIt() {
            assertThat(AwsEmulators.choose(Map.of("AWS_ENDPOINT_URL", " "), () -> false)).isEqualTo(Kind.MOTO_PROCESS);
        }
    }

    @Nested
    class WithDocker {

        @Test
        void choose_whenLocalStackTokenIsSet_usesLocalStack() {
            assertThat(AwsEmulators.choose(Map.of("LOCALSTACK_AUTH_TOKEN", "ls-token"), () -> true))
                    .isEqualTo(Kind.LOCALSTACK_CONTAINER);
        }

        @Test
        void choose_whenNoLocalStackToken_usesTheMotoImage() {
            assertThat(AwsEmulators.choose(NOTHING_SET, () -> true)).isEqualTo(Kind.MOTO_CONTAINER);
        }
    }

    @Nested
    class WithoutDocker {

        @Test
        void choose_whenNothingElseIsAvailable_startsAMotoServerProcess() {
            assertThat(AwsEmulators.choose(Map.of("LOCALSTACK_AUTH_TOKEN", "ls-token"), () -> false))
                    .isEqualTo(Kind.MOTO_PROCESS);
        }
    }
}
