package dev.gpunotebook.bot.slack;

import com.slack.api.model.block.LayoutBlock;
import java.util.List;
import java.util.Objects;

/**
 * One Slack message: Block Kit blocks and the plain fallback text notifications show. Within Slack's
 * limits by construction ({@link BlockBudget} builds it).
 *
 * @param text the notification text, escaped, at most {@value BlockBudget#MAX_TEXT} characters
 * @param blocks at most {@value BlockBudget#MAX_BLOCKS} blocks
 */
public record SlackMessage(String text, List<LayoutBlock> blocks) {

    public SlackMessage {
        Objects.requireNonNull(text, "text");
        blocks = List.copyOf(blocks);
        if (blocks.size() > BlockBudget.MAX_BLOCKS) {
            throw new IllegalArgumentException("Slack shows at most " + BlockBudget.MAX_BLOCKS + " blocks, got "
                    + blocks.size());
        }
        if (text.length() > BlockBudget.MAX_TEXT) {
            throw new IllegalArgumentException("fallback text too long: " + text.length());
        }
    }
}
