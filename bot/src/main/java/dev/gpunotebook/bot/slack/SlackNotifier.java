package dev.gpunotebook.bot.slack;

import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.element.ButtonElement;
import dev.gpunotebook.core.idle.Notice;
import dev.gpunotebook.core.idle.Notifier;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a notebook's owner in a direct message what the idle reaper did, with a "Start again"
 * button when the notebook was stopped. A message that cannot be delivered is logged, never thrown:
 * the reaper goes on with the other notebooks.
 */
public final class SlackNotifier implements Notifier {

    private static final Logger LOG = LoggerFactory.getLogger(SlackNotifier.class);
    private static final int SECTION_LIMIT = 3000;

    private final MethodsClient methods;

    public SlackNotifier(MethodsClient methods) {
        this.methods = methods;
    }

    @Override
    public void notify(Notice notice) {
        try {
            var opened = methods.conversationsOpen(r -> r.users(List.of(notice.ownerId())));
            if (!opened.isOk() || opened.getChannel() == null) {
                LOG.warn("Could not open a direct message to {} about notebook {}: {}", notice.ownerId(),
                        notice.notebook(), opened.getError());
                return;
            }
            String text = SlackText.truncate(SlackText.escape(notice.message()), SECTION_LIMIT);
            var posted = methods.chatPostMessage(r -> r.channel(opened.getChannel().getId()).text(text)
                    .blocks(blocks(notice, text)));
            if (!posted.isOk()) {
                LOG.warn("Could not message {} about notebook {}: {}", notice.ownerId(), notice.notebook(),
                        posted.getError());
            }
        } catch (IOException | SlackApiException e) {
            LOG.warn("Could not message {} about notebook {} ({})", notice.ownerId(), notice.notebook(),
                    e.getClass().getSimpleName());
        }
    }

    static List<LayoutBlock> blocks(Notice notice, String escapedText) {
        List<LayoutBlock> blocks = new ArrayList<>();
        String mark = notice.kind() == Notice.Kind.STOPPED_IDLE ? ":double_vertical_bar: " : ":hourglass: ";
        blocks.add(SectionBlock.builder().text(markdownText(mark + escapedText)).build());
        if (notice.action() != null) {
            blocks.add(ActionsBlock.builder().elements(List.of(ButtonElement.builder().actionId("notebook-start")
                    .text(plainText(notice.action().label())).value(notice.action().command()).style("primary")
                    .build())).build());
        }
        return blocks;
    }
}
