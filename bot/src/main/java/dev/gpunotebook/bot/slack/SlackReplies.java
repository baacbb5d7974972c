package dev.gpunotebook.bot.slack;

import com.slack.api.app_backend.interactive_components.ActionResponseSender;
import com.slack.api.app_backend.interactive_components.response.ActionResponse;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Replies} over Slack's Web API: chat.postMessage, chat.update and chat.postEphemeral, with
 * the request's response URL as the fallback where the bot may not post (a private channel it is not
 * in). Failures are logged by Slack's error code only, never with a message's content.
 */
final class SlackReplies implements Replies {

    private static final Logger LOG = LoggerFactory.getLogger(SlackReplies.class);

    private final MethodsClient methods;
    private final ActionResponseSender responder;
    private final SlackRequest request;

    SlackReplies(MethodsClient methods, ActionResponseSender responder, SlackRequest request) {
        this.methods = methods;
        this.responder = responder;
        this.request = request;
    }

    @Override
    public Optional<String> post(SlackMessage message) {
        try {
            var response = methods.chatPostMessage(r -> r.channel(request.channel()).text(message.text())
                    .blocks(message.blocks()));
            if (succeeded("chat.postMessage", response)) {
                return Optional.ofNullable(response.getTs());
            }
        } catch (IOException | SlackApiException e) {
            failed("chat.postMessage", e);
        }
        return Optional.empty();
    }

    @Override
    public void update(String ts, SlackMessage message) {
        try {
            succeeded("chat.update", methods.chatUpdate(r -> r.channel(request.channel()).ts(ts).text(message.text())
                    .blocks(message.blocks())));
        } catch (IOException | SlackApiException e) {
            failed("chat.update", e);
        }
    }

    @Override
    public void finish(Optional<String> ts, SlackMessage message) {
        if (ts.isPresent()) {
            update(ts.get(), message);
        } else {
            respond("in_channel", message);
        }
    }

    @Override
    public void ephemeral(SlackMessage message) {
        try {
            var response = methods.chatPostEphemeral(r -> r.channel(request.channel()).user(request.user())
                    .text(message.text()).blocks(message.blocks()));
            if (succeeded("chat.postEphemeral", response)) {
                return;
            }
        } catch (IOException | SlackApiException e) {
            failed("chat.postEphemeral", e);
        }
        respond("ephemeral", message);
    }

    private void respond(String type, SlackMessage message) {
        if (request.responseUrl().isEmpty()) {
            LOG.warn("No response URL to fall back on; a {} answer to {} was not delivered", type, request.user());
            return;
        }
        try {
            responder.send(request.responseUrl(), ActionResponse.builder().responseType(type).text(message.text())
                    .blocks(message.blocks()).replaceOriginal(false).build());
        } catch (IOException e) {
            LOG.warn("Posting to the response URL failed ({})", e.getClass().getSimpleName());
        }
    }

    private static boolean succeeded(String method, SlackApiTextResponse response) {
        if (response.isOk()) {
            return true;
        }
        LOG.warn("Slack {} answered {}", method, response.getError());
        return false;
    }

    private static void failed(String method, Exception e) {
        String why = e instanceof SlackApiException api && api.getError() != null ? api.getError().getError()
                : e.getClass().getSimpleName();
        LOG.warn("Slack {} failed: {}", method, why);
    }
}
