package dev.gpunotebook.bot.slack;

import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.DividerBlock;
import com.slack.api.model.block.HeaderBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.element.BlockElement;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a message within Slack's limits: at most {@value #MAX_BLOCKS} blocks, at most
 * {@value #MAX_SECTION_TEXT} characters in a section's text, {@value #MAX_HEADER} in a header. A long
 * text becomes several sections; blocks beyond the limit are left out with a note saying how many;
 * the buttons always stay. Takes text already escaped ({@link SlackText#escape}).
 */
public final class BlockBudget {

    public static final int MAX_BLOCKS = 50;
    public static final int MAX_SECTION_TEXT = 3000;
    public static final int MAX_HEADER = 150;
    /** Fallback text: Slack truncates beyond 40,000; notifications show far less. */
    public static final int MAX_TEXT = 3000;

    private final List<LayoutBlock> body = new ArrayList<>();
    private ActionsBlock actions;

    /** A header in plain text (escaping is not needed there); cut to {@value #MAX_HEADER} characters. */
    public BlockBudget header(String plain) {
        body.add(HeaderBlock.builder().text(plainText(SlackText.truncate(plain, MAX_HEADER))).build());
        return this;
    }

    /** One or more sections holding {@code escapedMrkdwn}, split at line ends. */
    public BlockBudget section(String escapedMrkdwn) {
        for (String chunk : SlackText.chunks(escapedMrkdwn, MAX_SECTION_TEXT)) {
            if (!chunk.isBlank()) {
                body.add(SectionBlock.builder().text(markdownText(chunk)).build());
            }
        }
        return this;
    }

    /** A small grey line. */
    public BlockBudget context(String escapedMrkdwn) {
        body.add(ContextBlock.builder().elements(List.of(markdownText(SlackText.truncate(escapedMrkdwn,
                MAX_SECTION_TEXT)))).build());
        return this;
    }

    public BlockBudget divider() {
        body.add(DividerBlock.builder().build());
        return this;
    }

    /** The buttons, kept last and never left out. */
    public BlockBudget actions(List<BlockElement> elements) {
        actions = elements.isEmpty() ? null : ActionsBlock.builder().blockId("notebook-actions")
                .elements(List.copyOf(elements)).build();
        return this;
    }

    /** @return the message; {@code fallback} (escaped) is cut to {@value #MAX_TEXT} characters */
    public SlackMessage build(String fallback) {
        int room = MAX_BLOCKS - (actions == null ? 0 : 1);
        List<LayoutBlock> blocks = new ArrayList<>();
        if (body.size() <= room) {
            blocks.addAll(body);
        } else {
            int kept = room - 1;
            blocks.addAll(body.subList(0, kept));
            int left = body.size() - kept;
            blocks.add(ContextBlock.builder().elements(List.of(markdownText("_" + left + " more block"
                    + (left == 1 ? "" : "s") + " not shown: Slack shows at most " + MAX_BLOCKS
                    + " per message._"))).build());
        }
        if (actions != null) {
            blocks.add(actions);
        }
        return new SlackMessage(SlackText.truncate(fallback, MAX_TEXT), blocks);
    }
}
