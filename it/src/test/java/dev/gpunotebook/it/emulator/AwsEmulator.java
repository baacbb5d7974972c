package dev.gpunotebook.it.emulator;

import java.net.URI;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;

/**
 * An AWS emulator the integration tests talk to: a {@code moto_server} process, a moto or LocalStack
 * container, or an external endpoint given in {@code AWS_ENDPOINT_URL}.
 *
 * <p>Obtain the JVM's one emulator with {@link AwsEmulators#obtain()} or, in JUnit tests, let
 * {@link EmulatorExtension} inject it. Do not close the shared emulator yourself: the extension (and a
 * JVM shutdown hook) does.
 */
public interface AwsEmulator extends AutoCloseable {

    /** The region every test uses. */
    String REGION = "us-east-1";

    /** Base URL to hand to an AWS SDK client's {@code endpointOverride}. */
    URI endpoint();

    /** The region to configure clients with: {@value #REGION}. */
    default String region() {
        return REGION;
    }

    /** A client for this emulator, e.g. {@code emulator.client(Ec2Client.builder())}; see {@link EmulatorClients}. */
    default <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder) {
        return EmulatorClients.build(builder, endpoint());
    }

    /** Drops every resource the emulator holds, so that the next test starts clean. */
    void reset();

    /** What this emulator is and where it listens, for logs, e.g. {@code moto_server 5.2.1 at http://127.0.0.1:40123}. */
    String describe();

    /** Stops the emulator if this harness started it; idempotent. */
    @Override
    void close();
}
