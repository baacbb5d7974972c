package dev.gpunotebook.core.diagnose.checks;

import dev.gpunotebook.core.diagnose.snapshot.TaskDefinitionFacts.ContainerDefinitionFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Jupyter's own settings as far as the container's command line shows them: the port
 * ({@code --port}, {@code --ServerApp.port}, {@code --NotebookApp.port}), the base URL
 * ({@code --ServerApp.base_url}, {@code --NotebookApp.base_url}), TLS ({@code --certfile}) and
 * the listening address ({@code --ip}). Empty when the command does not say (the image's
 * defaults or a config file then decide).
 */
record JupyterCommandLine(Optional<Integer> port, Optional<String> baseUrl, boolean tls, Optional<String> ip) {

    static JupyterCommandLine of(ContainerDefinitionFacts container) {
        List<String> words = new ArrayList<>();
        for (String part : container.commandLine()) {
            // "sh -c 'jupyter lab --port=8888 ...'" arrives as one string: look inside it too.
            for (String word : part.strip().split("\\s+")) {
                words.add(word.replaceAll("^[\"']|[\"']$", ""));
            }
        }
        Optional<Integer> port = option(words, "port").flatMap(JupyterCommandLine::number);
        Optional<String> baseUrl = option(words, "base_url").or(() -> option(words, "base-url"))
                .map(JupyterCommandLine::normaliseBaseUrl);
        boolean tls = option(words, "certfile").isPresent();
        Optional<String> ip = option(words, "ip");
        return new JupyterCommandLine(port, baseUrl, tls, ip);
    }

    /** {@code --name=value}, {@code --name value}, {@code --ServerApp.name=value}... last one wins. */
    private static Optional<String> option(List<String> words, String name) {
        Optional<String> found = Optional.empty();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            for (String prefix : List.of("--", "--ServerApp.", "--NotebookApp.", "--LabApp.")) {
                String flag = prefix + name;
                if (word.startsWith(flag + "=")) {
                    found = Optional.of(word.substring(flag.length() + 1));
                } else if (word.equals(flag) && i + 1 < words.size()) {
                    found = Optional.of(words.get(i + 1));
                }
            }
        }
        return found;
    }

    private static Optional<Integer> number(String text) {
        try {
            return Optional.of(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Jupyter always serves under a base URL that starts and ends with a slash. */
    static String normaliseBaseUrl(String baseUrl) {
        String url = baseUrl.strip();
        if (!url.startsWith("/")) {
            url = "/" + url;
        }
        return url.endsWith("/") ? url : url + "/";
    }

    boolean listensOnLoopbackOnly() {
        return ip.map(address -> address.equals("127.0.0.1") || address.equals("localhost")).orElse(false);
    }
}
