package dev.gpunotebook.bot.command;

import dev.gpunotebook.core.model.SafeText;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Options accepted anywhere on a line, as in the AWS CLI:
 * {@code --region R --profile P --endpoint-url URL --output text|json --local}.
 * A null component means "not given": the AWS SDK's own chain applies
 * ({@code AWS_REGION}, {@code AWS_PROFILE}, {@code AWS_ENDPOINT_URL}, ...).
 *
 * @param region an AWS region such as {@code eu-west-1}, or null
 * @param profile a profile of the shared AWS config files, or null
 * @param endpointUrl an http or https endpoint for every AWS client, or null
 * @param output how results are rendered; never null
 * @param local true with {@code --local}: start a local AWS emulator (not with an endpoint URL)
 */
public record GlobalOptions(String region, String profile, URI endpointUrl, OutputFormat output, boolean local) {

    private static final Pattern REGION = Pattern.compile("[a-z]{2,4}(?:-[a-z]+)+-[0-9]{1,2}");
    private static final Pattern PROFILE = Pattern.compile("[A-Za-z0-9_.@+=,:/-]{1,128}");
    private static final GlobalOptions DEFAULTS = new GlobalOptions(null, null, null, OutputFormat.TEXT, false);

    public GlobalOptions {
        Objects.requireNonNull(output, "output");
        Checks.optionalMatch("--region", region, REGION, "an AWS region such as us-east-1");
        Checks.optionalMatch("--profile", profile, PROFILE,
                "up to 128 letters, digits or _ . @ + = , : / -");
        if (endpointUrl != null) {
            requireHttpUrl(endpointUrl);
        }
        if (local && endpointUrl != null) {
            throw new IllegalArgumentException(
                    "--local and --endpoint-url exclude each other: --local starts its own emulator");
        }
    }

    /** @return nothing given: text output, the SDK's default chain for the rest */
    public static GlobalOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Reads an endpoint URL as typed.
     *
     * @throws IllegalArgumentException when it is not an absolute http or https URL with a host
     */
    public static URI parseEndpointUrl(String text) {
        if (text == null) {
            throw invalidEndpoint(null);
        }
        try {
            URI uri = new URI(text);
            requireHttpUrl(uri);
            return uri;
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw invalidEndpoint(text);
        }
    }

    private static void requireHttpUrl(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw invalidEndpoint(uri.toString());
        }
    }

    private static IllegalArgumentException invalidEndpoint(String text) {
        return new IllegalArgumentException("invalid --endpoint-url " + SafeText.quote(text)
                + ": expected an http or https URL such as http://localhost:5000");
    }
}
