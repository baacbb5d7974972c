package dev.gpunotebook.core.aws;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.cloud.Cloud;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.servicequotas.ServiceQuotasClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Builds the AWS SDK clients for one account and region and exposes them as gpu-notebook's
 * {@link Cloud} ports. Every client shares one HTTP client, the standard retry mode (backoff on
 * throttling) and an {@link ApiCallCounter}.
 *
 * <pre>{@code
 * try (AwsCloud aws = AwsCloud.connect(AwsSettings.defaults().withRegion("us-east-1"))) {
 *     Environment env = new EnvironmentSetup(aws.cloud(), executor).setup(config, listener);
 * }
 * }</pre>
 */
public final class AwsCloud implements AutoCloseable {

    private final Cloud cloud;
    private final ApiCallCounter counter;
    private final SdkHttpClient httpClient;
    private final List<AutoCloseable> clients;
    private final AwsSnapshotCollector.Clients diagnosisClients;

    private AwsCloud(Cloud cloud, ApiCallCounter counter, SdkHttpClient httpClient, List<AutoCloseable> clients,
            AwsSnapshotCollector.Clients diagnosisClients) {
        this.cloud = cloud;
        this.diagnosisClients = diagnosisClients;
        this.counter = counter;
        this.httpClient = httpClient;
        this.clients = clients;
    }

    public static AwsCloud connect(AwsSettings settings) {
        Region region = Region.of(resolveRegion(settings));
        ApiCallCounter counter = new ApiCallCounter();
        SdkHttpClient http = UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(10))
                .socketTimeout(Duration.ofSeconds(60)).build();
        Factory factory = new Factory(settings, region, credentials(settings), http, counter);
        List<AutoCloseable> clients = new ArrayList<>();
        Ec2Client ec2 = factory.build(Ec2Client.builder(), clients);
        EcsClient ecs = factory.build(EcsClient.builder(), clients);
        ElasticLoadBalancingV2Client elb = factory.build(ElasticLoadBalancingV2Client.builder(), clients);
        IamClient iam = factory.build(IamClient.builder(), clients);
        SsmClient ssm = factory.build(SsmClient.builder(), clients);
        ServiceQuotasClient quotas = factory.build(ServiceQuotasClient.builder(), clients);
        CloudWatchLogsClient logs = factory.build(CloudWatchLogsClient.builder(), clients);
        StsClient sts = factory.build(StsClient.builder(), clients);
        Cloud cloud = new Cloud(region.id(), new AwsEc2Gateway(ec2), new AwsEcsGateway(ecs), new AwsElbGateway(elb),
                new AwsIamGateway(iam), new AwsSsmGateway(ssm), new AwsQuotaGateway(quotas), new AwsLogsGateway(logs));
        return new AwsCloud(cloud, counter, http, List.copyOf(clients),
                new AwsSnapshotCollector.Clients(ec2, ecs, elb, iam, quotas, logs, sts));
    }

    public Cloud cloud() {
        return cloud;
    }

    public ApiCallCounter counter() {
        return counter;
    }

    /**
     * Reads the AWS facts of {@code diagnose} with these clients (calls counted by {@link #counter()});
     * {@code httpTimeout} bounds the GET of each notebook's URL.
     */
    public AwsSnapshotCollector snapshotCollector(Duration httpTimeout) {
        return new AwsSnapshotCollector(cloud.region(), diagnosisClients, counter, httpTimeout);
    }

    @Override
    public void close() {
        for (AutoCloseable client : clients) {
            try {
                client.close();
            } catch (Exception e) {
                // Closing releases connections only; nothing to report to the user.
            }
        }
        httpClient.close();
    }

    private static String resolveRegion(AwsSettings settings) {
        if (!settings.region().isEmpty()) {
            return settings.region();
        }
        try {
            var chain = settings.profile().isEmpty() ? DefaultAwsRegionProviderChain.builder().build()
                    : DefaultAwsRegionProviderChain.builder().profileName(settings.profile()).build();
            return chain.getRegion().id();
        } catch (SdkClientException e) {
            throw GpuNotebookException.of(GpuNotebookException.Reason.CREDENTIALS, "No AWS region is set: use --region"
                    + " (or AWS_REGION, or a region in your AWS profile).", e);
        }
    }

    private static AwsCredentialsProvider credentials(AwsSettings settings) {
        if (settings.emulatorCredentials()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
        }
        if (!settings.profile().isEmpty()) {
            return ProfileCredentialsProvider.create(settings.profile());
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private record Factory(AwsSettings settings, Region region, AwsCredentialsProvider credentials, SdkHttpClient http,
            ApiCallCounter counter) {

        <B extends AwsClientBuilder<B, C> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>, C extends AutoCloseable>
                C build(B builder, List<AutoCloseable> clients) {
            builder.region(region).credentialsProvider(credentials).httpClient(http)
                    .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD)
                            .addExecutionInterceptor(counter).build());
            if (settings.endpoint() != null) {
                builder.endpointOverride(settings.endpoint());
            }
            C client = builder.build();
            clients.add(client);
            return client;
        }
    }
}
