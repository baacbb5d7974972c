package dev.gpunotebook.bot.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.gpunotebook.bot.handler.Outcome;
import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.model.NotebookState;
import dev.gpunotebook.core.model.NotebookSummary;
import dev.gpunotebook.core.provision.ProgressEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class RendererTest {

    private static final NotebookSummary ALICE = new NotebookSummary(NotebookName.of("alice"), "U0ALICE",
            NotebookState.RUNNING, "", "g4dn.xlarge", "i-0abc", "http://lb.example.com/notebook/alice/");

    @Test
    void json_whenListing_givesEachNotebooksNameOwnerStateTypeInstanceAndUrl() {
        JsonObject notebook = JsonParser.parseString(JsonRenderer.render(new Outcome.Listed(List.of(ALICE))))
                .getAsJsonObject().getAsJsonArray("notebooks").get(0).getAsJsonObject();

        assertThat(notebook.get("name").getAsString()).isEqualTo("alice");
        assertThat(notebook.get("owner").getAsString()).isEqualTo("U0ALICE");
        assertThat(notebook.get("state").getAsString()).isEqualTo("running");
        assertThat(notebook.get("instanceType").getAsString()).isEqualTo("g4dn.xlarge");
        assertThat(notebook.get("instanceId").getAsString()).isEqualTo("i-0abc");
        assertThat(notebook.get("url").getAsString()).isEqualTo("http://lb.example.com/notebook/alice/");
    }

    @Test
    void json_whenAnErrorHasQuotes_staysValidJson() {
        String json = JsonRenderer.render(new Outcome.Failed("bad \"value\" <here>\nnext", 1));

        assertThat(JsonParser.parseString(json).getAsJsonObject().get("error").getAsString())
                .isEqualTo("bad \"value\" <here>\nnext");
    }

    @Test
    void text_whenListing_printsAHeaderAndOneRowPerNotebook() {
        String text = TextRenderer.render(new Outcome.Listed(List.of(ALICE)));

        assertThat(text.lines()).hasSize(2);
        assertThat(text.lines().findFirst().orElseThrow()).startsWith("NAME").contains("STATE").contains("URL");
        assertThat(text).contains("running").contains("i-0abc");
    }

    @Test
    void text_whenNothingIsListed_saysHowToStartOne() {
        assertThat(TextRenderer.render(new Outcome.Listed(List.of()))).contains("No notebooks").contains("start");
    }

    @Test
    void progress_whenAStepIsCreated_showsItsNameAndDetail() {
        assertThat(ProgressText.line(new ProgressEvent("instance", ProgressEvent.Phase.CREATED, "i-1")))
                .contains("instance").contains("created: i-1");
    }
}
