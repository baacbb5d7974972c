package dev.gpunotebook.it.provision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.model.EnvironmentName;
import dev.gpunotebook.it.emulator.WithAwsEmulator;
import dev.gpunotebook.it.emulator.World;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.model.Filter;

/** The stack each test gets: its own environment, whichever world the class runs in. */
@WithAwsEmulator
class SetUpStackExtensionIT {

    @RegisterExtension
    static final SetUpStackExtension STACK = SetUpStackExtension.onTheEmulator();

    @Nested
    class InAWorldPerTest {

        @Test
        void stack_whenTheEmulatorIsTheTestsOwn_isTheDefaultEnvironment(SetUpStack stack) {
            assertThat(stack.env.env()).isEqualTo(EnvironmentName.DEFAULT);
        }
    }

    @Nested
    @WithAwsEmulator(world = World.PER_CLASS)
    class InAWorldPerClass {

        private static final Set<EnvironmentName> SEEN = ConcurrentHashMap.newKeySet();

        // Repetitions run in order in one emulator: the second finds the first one's notebook of the same name,
        // yet its stack and its probe are its own.
        @RepeatedTest(2)
        void stack_whenTheClassSharesTheEmulator_isANewEnvironmentWhoseProbeSeesOnlyItsOwnNotebooks(SetUpStack stack,
                RepetitionInfo repetition) {
            stack.start("same");

            assertThat(stack.env.env()).isNotEqualTo(EnvironmentName.DEFAULT);
            assertThat(SEEN.add(stack.env.env())).as("a new environment: %s", stack.env.env()).isTrue();
            assertThat(stack.instances("same")).singleElement().satisfies(i -> assertThat(i.tags())
                    .anyMatch(t -> t.key().equals("gpu-notebook:env") && t.value().equals(stack.env.env().value())));
            assertThat(stack.probe.everything(stack.env.clusterName(), "same")).hasSize(6);
            List<String> everyNotebookSame = stack.probe.ec2.describeInstances(r -> r.filters(Filter.builder()
                    .name("tag:gpu-notebook:notebook").values("same").build())).reservations().stream()
                    .flatMap(res -> res.instances().stream()).map(i -> i.instanceId()).toList();
            assertThat(everyNotebookSame).hasSize(repetition.getCurrentRepetition());
        }
    }
}
