package dev.gpunotebook.bot.handler;

import dev.gpunotebook.bot.command.GlobalOptions;
import dev.gpunotebook.core.GpuNotebooks;
import dev.gpunotebook.core.aws.AwsSettings;
import dev.gpunotebook.core.model.EnvironmentConfig;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connects to AWS as the global options say, and keeps one connection per distinct set of options
 * so that the console and the bot do not rebuild the SDK clients for every command.
 *
 * <pre>{@code
 * try (NotebooksFactory factory = new NotebooksFactory(config, null)) {
 *     GpuNotebooks notebooks = factory.connect(parsed.options());
 * }
 * }</pre>
 */
public final class NotebooksFactory implements Connector, AutoCloseable {

    private final EnvironmentConfig config;
    private final URI localEndpoint;
    private final Map<AwsSettings, GpuNotebooks> connections = new ConcurrentHashMap<>();

    /**
     * @param localEndpoint the endpoint of a local emulator started for this run, or null; used
     *     with fixed credentials unless a command names another endpoint
     */
    public NotebooksFactory(EnvironmentConfig config, URI localEndpoint) {
        this.config = config;
        this.localEndpoint = localEndpoint;
    }

    @Override
    public GpuNotebooks connect(GlobalOptions options) {
        return connections.computeIfAbsent(settings(options), s -> GpuNotebooks.connect(s, config));
    }

    AwsSettings settings(GlobalOptions options) {
        AwsSettings settings;
        if (options.endpointUrl() != null) {
            settings = AwsSettings.defaults().withEndpoint(options.endpointUrl());
        } else if (localEndpoint != null) {
            settings = AwsSettings.emulator(localEndpoint, "us-east-1");
        } else {
            settings = AwsSettings.defaults();
        }
        if (options.region() != null) {
            settings = settings.withRegion(options.region());
        }
        if (options.profile() != null) {
            settings = settings.withProfile(options.profile());
        }
        return settings;
    }

    @Override
    public void close() {
        connections.values().forEach(GpuNotebooks::close);
        connections.clear();
    }
}
