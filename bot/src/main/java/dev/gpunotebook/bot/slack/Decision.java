package dev.gpunotebook.bot.slack;

import java.util.Objects;

/**
 * What {@link Authorization} decided; a refusal says why, in words for the user.
 *
 * @param allowed whether the command may run
 * @param reason why not (empty when allowed)
 */
public record Decision(boolean allowed, String reason) {

    private static final Decision ALLOWED = new Decision(true, "");

    public Decision {
        Objects.requireNonNull(reason, "reason");
        if (!allowed && reason.isBlank()) {
            throw new IllegalArgumentException("a refusal needs a reason");
        }
    }

    public static Decision allow() {
        return ALLOWED;
    }

    public static Decision refuse(String reason) {
        return new Decision(false, reason);
    }
}
