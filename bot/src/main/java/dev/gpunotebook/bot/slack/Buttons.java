package dev.gpunotebook.bot.slack;

import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;

import com.slack.api.model.block.composition.ConfirmationDialogObject;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.block.element.ButtonElement;
import dev.gpunotebook.core.model.NotebookName;
import java.util.regex.Pattern;

/**
 * The bot's buttons. Each carries a command line as its value; pressing it runs that line through
 * the same parser, checks and handler as a typed {@code /notebook} command.
 */
final class Buttons {

    /** Every action id of the bot matches this; {@link SlackBot} registers it once. */
    static final Pattern ACTION_IDS = Pattern.compile("notebook-(diagnose|stop|delete|start)");

    private Buttons() {
    }

    static BlockElement diagnose(NotebookName name) {
        return ButtonElement.builder().actionId("notebook-diagnose").text(plainText("Diagnose"))
                .value("diagnose " + name).build();
    }

    /** Resumes a stopped notebook: {@code start NAME} finds its instance and starts it again. */
    static BlockElement startAgain(NotebookName name) {
        return ButtonElement.builder().actionId("notebook-start").text(plainText("Start again"))
                .value("start " + name).style("primary").build();
    }

    static BlockElement stop(NotebookName name) {
        return ButtonElement.builder().actionId("notebook-stop").text(plainText("Stop"))
                .value("stop " + name).build();
    }

    /** The confirmed delete, behind Slack's own "are you sure" dialog as well. */
    static BlockElement confirmDelete(String confirmCommand, String question) {
        ConfirmationDialogObject dialog = ConfirmationDialogObject.builder().title(plainText("Delete the notebook?"))
                .text(markdownText(SlackText.truncate(SlackText.escape(question), 300)))
                .confirm(plainText("Delete")).deny(plainText("Keep it")).style("danger").build();
        return ButtonElement.builder().actionId("notebook-delete").text(plainText("Delete"))
                .style("danger").value(confirmCommand).confirm(dialog).build();
    }
}
