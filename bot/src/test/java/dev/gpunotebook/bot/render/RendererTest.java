package dev.gpunotebook.bot.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.gpunotebook.bot.handler.Outcome;
import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.model.NotebookState;
import dev.gpunotebook.core.model.NotebookSummary;
import dev.gpunotebook.core.model.CostEstimate;
import dev.gpunotebook.core.provision.ProgressEvent;
import java.math.BigDecimal;
import java.time.Duration;
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

    private static final NotebookSummary COSTED = new NotebookSummary(NotebookName.of("bob"), "U0BOB",
            NotebookState.RUNNING, "", "g5.xlarge", "i-0b", "http://lb.example.com/notebook/bob/", 1,
            Duration.ofMinutes(90), new CostEstimate(new BigDecimal("1.006"), new BigDecimal("1.51"), "table"), 60);

    private static final NotebookSummary UNPRICED = new NotebookSummary(NotebookName.of("carol"), "U0C",
            NotebookState.STOPPED, "stopped by U0C", "g9.xlarge", "i-0c", "http://lb.example.com/notebook/carol/", 0,
            null, CostEstimate.unknown("unknown: no price for g9.xlarge"), 0);

    @Test
    void json_whenStatusHasACost_givesGpusUptimeAndCostAsNumbers() {
        JsonObject notebook = JsonParser.parseString(JsonRenderer.render(new Outcome.Status(COSTED))).getAsJsonObject();

        assertThat(notebook.get("gpus").getAsInt()).isEqualTo(1);
        assertThat(notebook.get("uptimeSeconds").getAsLong()).isEqualTo(5400);
        assertThat(notebook.getAsJsonObject("cost").get("perHour").getAsBigDecimal()).isEqualByComparingTo("1.006");
        assertThat(notebook.getAsJsonObject("cost").get("currentRun").getAsBigDecimal()).isEqualByComparingTo("1.51");
        assertThat(notebook.get("idleMinutes").getAsInt()).isEqualTo(60);
    }

    @Test
    void json_whenThePriceIsUnknown_saysNullRatherThanAGuess() {
        JsonObject notebook = JsonParser.parseString(JsonRenderer.render(new Outcome.Status(UNPRICED))).getAsJsonObject();

        assertThat(notebook.getAsJsonObject("cost").get("perHour").isJsonNull()).isTrue();
        assertThat(notebook.getAsJsonObject("cost").get("currentRun").isJsonNull()).isTrue();
        assertThat(notebook.get("uptimeSeconds").isJsonNull()).isTrue();
        assertThat(notebook.get("state").getAsString()).isEqualTo("stopped");
    }

    @Test
    void json_whenRenderedWithJackson_isTheTextGsonWroteBefore() {
        Gson before = new GsonBuilder().disableHtmlEscaping().serializeNulls().setPrettyPrinting().create();
        List<Outcome> outcomes = List.of(new Outcome.Listed(List.of(ALICE, COSTED, UNPRICED)), new Outcome.Listed(List.of()),
                new Outcome.Status(UNPRICED), new Outcome.Failed("bad \"value\" <here> & \u2028\nnext", 1));

        assertThat(outcomes).allSatisfy(outcome ->
                assertThat(JsonRenderer.render(outcome)).isEqualTo(before.toJson(JsonRenderer.toMap(outcome))));
    }

    @Test
    void text_whenStatusHasACost_showsUptimeGpusAndDollars() {
        String text = TextRenderer.render(new Outcome.Status(COSTED));

        assertThat(text).contains("1 GPU").contains("Uptime:    1h 30m").contains("$1.51 this run")
                .contains("$1.006/h");
    }

    @Test
    void text_whenThePriceIsUnknown_saysUnknown() {
        assertThat(TextRenderer.render(new Outcome.Status(UNPRICED))).contains("Cost:      unknown")
                .contains("Idle stop: never");
        assertThat(TextRenderer.render(new Outcome.Listed(List.of(UNPRICED)))).contains("unknown");
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
