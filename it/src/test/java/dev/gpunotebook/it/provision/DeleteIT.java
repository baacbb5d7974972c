package dev.gpunotebook.it.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.model.NotebookSpec;
import dev.gpunotebook.core.model.NotebookState;
import dev.gpunotebook.core.model.NotebookSummary;
import dev.gpunotebook.it.emulator.WithAwsEmulator;
import dev.gpunotebook.it.emulator.World;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.model.LaunchType;

@WithAwsEmulator
class DeleteIT {

    @RegisterExtension
    static final SetUpStackExtension STACK = SetUpStackExtension.onTheEmulator();

    private static void start(SetUpStack stack, String name) {
        stack.notebooks.start(NotebookSpec.defaults(NotebookName.of(name), "U0CAROL"), new Notebooks.Recorder());
    }

    @Test
    void delete_whenNotebookExists_removesAllItsResourcesAndKeepsTheOthers(SetUpStack stack) {
        start(stack, "gone");
        start(stack, "kept");
        List<String> keptBefore = stack.probe.everything(stack.env.clusterName(), "kept");

        stack.notebooks.delete(NotebookName.of("gone"), new Notebooks.Recorder());

        assertThat(stack.probe.everything(stack.env.clusterName(), "gone")).isEmpty();
        assertThat(stack.probe.everything(stack.env.clusterName(), "kept")).isEqualTo(keptBefore).hasSize(6);
        assertThat(stack.notebooks.environment()).isEqualTo(stack.env);
    }

    @Test
    void delete_whenRunTwice_saysThereIsNothingLeft(SetUpStack stack) {
        start(stack, "twice");
        stack.notebooks.delete(NotebookName.of("twice"), new Notebooks.Recorder());

        assertThatThrownBy(() -> stack.notebooks.delete(NotebookName.of("twice"), new Notebooks.Recorder()))
                .isInstanceOf(GpuNotebookException.class).hasMessageContaining("no notebook named 'twice'");
    }

    @Test
    void delete_whenPartlyGone_removesWhatIsLeft(SetUpStack stack) {
        start(stack, "partial");
        String instance = stack.probe.instances("partial").get(0).instanceId();
        stack.probe.ec2.terminateInstances(r -> r.instanceIds(instance));

        stack.notebooks.delete(NotebookName.of("partial"), new Notebooks.Recorder());

        assertThat(stack.probe.everything(stack.env.clusterName(), "partial")).isEmpty();
    }

    @Test
    void list_whenNotebooksExist_readsThemFromTags(SetUpStack stack) {
        start(stack, "listed");

        List<NotebookSummary> listed = stack.notebooks.list().stream().filter(s -> s.name().value().equals("listed"))
                .toList();

        assertThat(listed).singleElement().satisfies(s -> {
            assertThat(s.name().value()).isEqualTo("listed");
            assertThat(s.owner()).isEqualTo("U0CAROL");
            assertThat(s.instanceType()).isEqualTo("g4dn.xlarge");
            assertThat(s.instanceId()).isEqualTo(stack.probe.instances("listed").get(0).instanceId());
            // moto has no ECS scheduler: the service never runs its task, so the notebook stays starting.
            assertThat(s.state()).isEqualTo(NotebookState.STARTING);
            assertThat(s.url()).endsWith("/notebook/listed/");
        });
    }

    @Nested
    @WithAwsEmulator(world = World.PER_TEST)
    class AServiceOfTheSameNameWithoutTheProjectsTags {

        /** A service named as notebook {@code name}'s would be, made by hand in the environment's cluster: no tags. */
        private void handMadeService(SetUpStack stack, String name) {
            String taskDefinition = stack.probe.ecs.registerTaskDefinition(r -> r.family("hand-made-" + name)
                    .containerDefinitions(c -> c.name("app").image("public.ecr.aws/nginx/nginx:latest").memory(512)))
                    .taskDefinition().taskDefinitionArn();
            stack.probe.ecs.createService(r -> r.cluster(stack.env.clusterName()).serviceName("notebook-" + name)
                    .taskDefinition(taskDefinition).desiredCount(1).launchType(LaunchType.EC2));
        }

        @Test
        void delete_whenOnlyAnUntaggedServiceHasTheName_refusesAndLeavesTheServiceRunning(SetUpStack stack) {
            handMadeService(stack, "stray");

            assertThatThrownBy(() -> stack.notebooks.delete(NotebookName.of("stray"), new Notebooks.Recorder()))
                    .isInstanceOf(GpuNotebookException.class).hasMessageContaining("no notebook named 'stray'");
            assertThat(stack.probe.ecs.describeServices(r -> r.cluster(stack.env.clusterName())
                    .services("notebook-stray")).services()).singleElement().satisfies(service -> {
                        assertThat(service.status()).isEqualTo("ACTIVE");
                        assertThat(service.desiredCount()).isEqualTo(1);
                    });
        }
    }
}
