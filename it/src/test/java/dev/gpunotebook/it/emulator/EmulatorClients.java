package dev.gpunotebook.it.emulator;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Builds AWS SDK v2 clients that talk to an emulator (or to a {@link FaultInjector} in front of one):
 * endpoint override, region {@value AwsEmulator#REGION}, dummy static credentials, URL-connection HTTP.
 *
 * <pre>{@code Ec2Client ec2 = EmulatorClients.build(Ec2Client.builder(), emulator.endpoint());}</pre>
 */
public final class EmulatorClients {

    /** Dummy key id and secret the emulators accept. */
    public static final String DUMMY_KEY = "testing";

    private EmulatorClients() {
    }

    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, URI endpoint) {
        return builder.endpointOverride(endpoint)
                .region(Region.of(AwsEmulator.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(DUMMY_KEY, DUMMY_KEY)))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }
}
