package dev.gpunotebook.bot.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.bot.command.FrontEnd;
import dev.gpunotebook.core.idle.Notice;
import dev.gpunotebook.core.model.NotebookName;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogNotifierTest {

    @Test
    void notify_whenANotebookWasStopped_writesOneLineWithTheOwnerAndTheStartAgainCommand() {
        List<String> lines = new ArrayList<>();
        NotebookName alice = NotebookName.of("alice");

        new LogNotifier(lines::add, FrontEnd.CHAT).notify(new Notice("U0ALICE", alice, Notice.Kind.STOPPED_IDLE,
                "Your notebook alice was stopped.", Notice.startAgain(alice)));

        assertThat(lines).containsExactly("[stopped (idle)] to U0ALICE: Your notebook alice was stopped."
                + " [Start again: /notebook start alice]");
    }

    @Test
    void notify_whenAWarningHasNoAction_writesNoButton() {
        List<String> lines = new ArrayList<>();

        new LogNotifier(lines::add, FrontEnd.COMMAND_LINE).notify(new Notice("", NotebookName.of("bob"),
                Notice.Kind.IDLE_WARNING, "stops soon", null));

        assertThat(lines).containsExactly("[idle warning] to the owner: stops soon");
    }
}
