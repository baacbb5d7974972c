package dev.gpunotebook.bot.handler;

import dev.gpunotebook.bot.command.GlobalOptions;
import dev.gpunotebook.bot.local.LocalEmulator;
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
     * @param localEndpoint the endpoint of a local emulator started for this run, or null; used in
     *     its region with fixed credentials, as far as a command's options do not say otherwise
     */
    public NotebooksFactory(EnvironmentConfig config, URI localEndpoint) {
        this.config = config;
        this.localEndpoint = localEndpoint;
    }

    @Override
    public GpuNotebooks connect(GlobalOptions options) {
        return connections.computeIfAbsent(settings(options), s -> GpuNotebooks.connect(s, config));
    }

    /**
     * The command's options override this run's own settings one by one: with a local emulator, a
     * command that names only another endpoint keeps the emulator's region and fixed credentials, one
     * that names only a region keeps the emulator, and a profile replaces the fixed credentials with
     * its own.
     */
    AwsSettings settings(GlobalOptions options) {
        AwsSettings settings = localEndpoint == null ? AwsSettings.defaults()
                : AwsSettings.emulator(localEndpoint, LocalEmulator.REGION);
        if (options.endpointUrl() != null) {
            settings = settings.withEndpoint(options.endpointUrl());
        }
        if (options.region() != null) {
            settings = settings.withRegion(options.region());
        }
        if (options.profile() != null) {
            settings = new AwsSettings(settings.region(), options.profile(), settings.endpoint(), false);
        }
        return settings;
    }

    @Override
    public void close() {
        connections.values().forEach(GpuNotebooks::close);
        connections.clear();
    }
}
