package dev.gpunotebook.bot.command;

import java.util.regex.Pattern;

/** The shape of a container image reference: {@code [registry[:port]/]path[:tag][@digest]}. */
final class ImageReference {

    private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?";
    private static final String PORT = "(?::[0-9]{1,5})?";
    /** A registry is told from a path by a dot, a port or the name localhost, as Docker does. */
    private static final String REGISTRY = "(?:(?:" + LABEL + "(?:\\." + LABEL + ")+|localhost)" + PORT + "/"
            + "|" + LABEL + ":[0-9]{1,5}/)?";
    private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final String TAG = "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?";
    private static final String DIGEST = "(?:@[a-z0-9]+(?:[+._-][a-z0-9]+)*:[0-9a-fA-F]{32,})?";

    static final Pattern PATTERN =
            Pattern.compile(REGISTRY + COMPONENT + "(?:/" + COMPONENT + ")*" + TAG + DIGEST);

    static final String EXPECTED = "an image reference such as quay.io/jupyter/pytorch-notebook:cuda12-latest";

    private ImageReference() {
    }
}
