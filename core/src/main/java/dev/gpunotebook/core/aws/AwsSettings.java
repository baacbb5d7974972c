package dev.gpunotebook.core.aws;

import dev.gpunotebook.core.GpuNotebookException;
import java.net.URI;

/**
 * Where and as whom to call AWS, as the AWS CLI's global options say it. Empty values fall back to
 * the SDK's own chain: {@code AWS_REGION}, {@code AWS_PROFILE}, {@code AWS_ENDPOINT_URL}.
 *
 * <pre>{@code
 * AwsSettings settings = AwsSettings.defaults().withRegion("eu-west-1").withProfile("gpu");
 * AwsSettings local = AwsSettings.emulator(URI.create("http://127.0.0.1:5000"), "us-east-1");
 * }</pre>
 */
public record AwsSettings(String region, String profile, URI endpoint, boolean emulatorCredentials) {

    public AwsSettings {
        region = region == null ? "" : region.trim();
        profile = profile == null ? "" : profile.trim();
        if (endpoint != null && (endpoint.getScheme() == null || endpoint.getHost() == null
                || !(endpoint.getScheme().equals("http") || endpoint.getScheme().equals("https")))) {
            throw GpuNotebookException.invalidInput("Invalid endpoint URL '" + endpoint
                    + "': expected http://host:port or https://host.");
        }
    }

    public static AwsSettings defaults() {
        return new AwsSettings("", "", null, false);
    }

    /** An emulator such as moto: any fixed credentials are accepted. */
    public static AwsSettings emulator(URI endpoint, String region) {
        return new AwsSettings(region, "", endpoint, true);
    }

    public AwsSettings withRegion(String value) {
        return new AwsSettings(value, profile, endpoint, emulatorCredentials);
    }

    public AwsSettings withProfile(String value) {
        return new AwsSettings(region, value, endpoint, emulatorCredentials);
    }

    public AwsSettings withEndpoint(URI value) {
        return new AwsSettings(region, profile, value, emulatorCredentials);
    }
}
