package dev.gpunotebook.bot.handler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of gpu-notebook, as Maven wrote it into {@code version.properties} at build time.
 *
 * <pre>{@code
 * ProductVersion.current();   // "0.1.0-SNAPSHOT"
 * }</pre>
 */
public final class ProductVersion {

    private static final String RESOURCE = "/dev/gpunotebook/bot/version.properties";

    private ProductVersion() {
    }

    /** @return the version, such as {@code 0.1.0} */
    public static String current() {
        try (InputStream in = ProductVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the build; rebuild with mvn package");
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "");
            if (version.isBlank() || version.contains("${")) {
                throw new IllegalStateException(RESOURCE + " was not filtered by Maven; rebuild with mvn package");
            }
            return version;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
