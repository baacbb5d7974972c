package dev.gpunotebook.it.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.GpuNotebooks;
import dev.gpunotebook.core.model.Environment;
import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.model.NotebookSpec;
import dev.gpunotebook.core.model.NotebookState;
import dev.gpunotebook.core.model.NotebookSummary;
import dev.gpunotebook.it.emulator.AwsEmulator;
import dev.gpunotebook.it.emulator.WithAwsEmulator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@WithAwsEmulator
class DeleteIT {

    private SetUpStack stack;
    private GpuNotebooks notebooks;
    private StackProbe probe;
    private Environment env;

    @BeforeEach
    void setUp(AwsEmulator emulator) {
        stack = SetUpStack.open(emulator.endpoint(), emulator.endpoint());
        notebooks = stack.notebooks;
        probe = stack.probe;
        env = stack.env;
    }

    @AfterEach
    void tearDown() {
        stack.close();
    }

    private void start(String name) {
        notebooks.start(NotebookSpec.defaults(NotebookName.of(name), "U0CAROL"), new Notebooks.Recorder());
    }

    @Test
    void delete_whenNotebookExists_removesAllItsResourcesAndKeepsTheOthers() {
        start("gone");
        start("kept");
        List<String> keptBefore = probe.everything(env.clusterName(), "kept");

        notebooks.delete(NotebookName.of("gone"), new Notebooks.Recorder());

        assertThat(probe.everything(env.clusterName(), "gone")).isEmpty();
        assertThat(probe.everything(env.clusterName(), "kept")).isEqualTo(keptBefore).hasSize(6);
        assertThat(notebooks.environment()).isEqualTo(env);
    }

    @Test
    void delete_whenRunTwice_saysThereIsNothingLeft() {
        start("twice");
        notebooks.delete(NotebookName.of("twice"), new Notebooks.Recorder());

        assertThatThrownBy(() -> notebooks.delete(NotebookName.of("twice"), new Notebooks.Recorder()))
                .isInstanceOf(GpuNotebookException.class).hasMessageContaining("no notebook named 'twice'");
    }

    @Test
    void delete_whenPartlyGone_removesWhatIsLeft() {
        start("partial");
        String instance = probe.instances("partial").get(0).instanceId();
        probe.ec2.terminateInstances(r -> r.instanceIds(instance));

        notebooks.delete(NotebookName.of("partial"), new Notebooks.Recorder());

        assertThat(probe.everything(env.clusterName(), "partial")).isEmpty();
    }

    @Test
    void list_whenNotebooksExist_readsThemFromTags() {
        start("listed");

        List<NotebookSummary> listed = notebooks.list().stream().filter(s -> s.name().value().equals("listed")).toList();

        assertThat(listed).singleElement().satisfies(s -> {
            assertThat(s.name().value()).isEqualTo("listed");
            assertThat(s.owner()).isEqualTo("U0CAROL");
            assertThat(s.instanceType()).isEqualTo("g4dn.xlarge");
            assertThat(s.instanceId()).isEqualTo(probe.instances("listed").get(0).instanceId());
            // moto has no ECS scheduler: the service never runs its task, so the notebook stays starting.
            assertThat(s.state()).isEqualTo(NotebookState.STARTING);
            assertThat(s.url()).endsWith("/notebook/listed/");
        });
    }
}
