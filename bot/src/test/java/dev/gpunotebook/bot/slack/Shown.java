package dev.gpunotebook.bot.slack;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.slack.api.util.json.GsonFactory;
import java.util.ArrayList;
import java.util.List;

/** What a person would read in a message: its fallback text and every text of its blocks, as Slack gets them. */
final class Shown {

    private Shown() {
    }

    /** Every text of the message's blocks, serialised as the Slack SDK sends them. */
    static List<String> texts(SlackMessage message) {
        JsonArray blocks = JsonParser.parseString(GsonFactory.createSnakeCase().toJson(message.blocks()))
                .getAsJsonArray();
        List<String> texts = new ArrayList<>();
        collect(blocks, texts);
        return texts;
    }

    /** The fallback text and the blocks' texts, one per line. */
    static String all(SlackMessage message) {
        return message.text() + "\n" + String.join("\n", texts(message));
    }

    private static void collect(JsonElement element, List<String> texts) {
        if (element.isJsonArray()) {
            element.getAsJsonArray().forEach(e -> collect(e, texts));
        } else if (element.isJsonObject()) {
            JsonObject object = element.getAsJsonObject();
            if (object.has("text") && object.get("text").isJsonPrimitive()) {
                texts.add(object.get("text").getAsString());
            }
            object.entrySet().forEach(e -> collect(e.getValue(), texts));
        }
    }
}
