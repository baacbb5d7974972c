package dev.gpunotebook.it.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpunotebook.core.model.EnvironmentName;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AccessDeniedException;
import software.amazon.awssdk.services.servicequotas.ServiceQuotasClient;
import software.amazon.awssdk.services.servicequotas.model.ServiceQuota;

/**
 * The harness itself, against whichever emulator {@link AwsEmulators} picks: SDK clients reach it, each test (or,
 * when asked, each test class) starts with an empty emulator, and the fault injector answers chosen operations with
 * real AWS responses while everything else still reaches the emulator.
 */
@WithAwsEmulator
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class EmulatorHarnessIT {

    private static final String TAG_KEY = "gpu-notebook:harness-test";
    private static final String G_AND_VT_QUOTA = "L-DB2E81BA";
    /** The VPC that {@link AFirstTestClass} leaves behind for {@link TheNextTestClass} to look for. */
    private static volatile String vpcLeftBehind;

    private final AwsEmulator emulator;
    private final Ec2Client ec2;

    EmulatorHarnessIT(AwsEmulator emulator) {
        this.emulator = emulator;
        this.ec2 = emulator.client(Ec2Client.builder());
    }

    @AfterEach
    void closeClient() {
        ec2.close();
    }

    @Nested
    @Order(1)
    @WithAwsEmulator(world = World.PER_CLASS)
    class AFirstTestClass {

        @Test
        void createVpc_whenCalledThroughTheSdk_isVisibleInDescribeVpcs() {
            String vpcId = createTaggedVpc(ec2, "10.10.0.0/16");
            vpcLeftBehind = vpcId;

            assertThat(taggedVpcs(ec2)).extracting(Vpc::vpcId).containsExactly(vpcId);
        }
    }

    @Nested
    @Order(2)
    @WithAwsEmulator(world = World.PER_CLASS)
    class TheNextTestClass {

        @Test
        void describeVpcs_whenAnEarlierClassCreatedAVpc_doesNotSeeIt() {
            assertThat(vpcLeftBehind).as("the VPC %s left behind", AFirstTestClass.class.getSimpleName()).isNotNull();

            assertThat(taggedVpcs(ec2)).isEmpty();
            assertThat(ec2.describeVpcs().vpcs()).extracting(Vpc::vpcId).doesNotContain(vpcLeftBehind);
        }
    }

    @Nested
    @Order(3)
    class ResettingTheEmulator {

        @Test
        void reset_whenResourcesExist_removesThem() {
            createTaggedVpc(ec2, "10.20.0.0/16");

            emulator.reset();

            assertThat(taggedVpcs(ec2)).isEmpty();
        }

        @Test
        void describe_whenCalled_namesTheEmulatorAndItsEndpoint() {
            assertThat(emulator.describe()).contains(emulator.endpoint().toString());
            assertThat(emulator.region()).isEqualTo("us-east-1");
        }
    }

    /** No {@code world} given: the default. */
    @Nested
    @Order(4)
    class AWorldPerTest {

        // The second run sees the first run's VPC unless the emulator was reset between them.
        @RepeatedTest(2)
        void createVpc_whenEachTestHasItsOwnWorld_seesOnlyItsOwnVpc() {
            String vpcId = createTaggedVpc(ec2, "10.40.0.0/16");

            assertThat(taggedVpcs(ec2)).extracting(Vpc::vpcId).containsExactly(vpcId);
        }

        @Test
        void environment_whenTheEmulatorIsTheTestsOwn_isTheDefaultOne(EnvironmentName env) {
            assertThat(env).isEqualTo(EnvironmentName.DEFAULT);
        }
    }

    @Nested
    @Order(5)
    @WithAwsEmulator(world = World.PER_CLASS)
    class AWorldPerClass {

        private static final Set<EnvironmentName> GIVEN = ConcurrentHashMap.newKeySet();

        // Repetitions run in order, so the n-th finds the VPCs of the n - 1 before it: nothing resets in between.
        @RepeatedTest(2)
        void createVpc_whenTheClassSharesAWorld_seesTheVpcsOfTheTestsBefore(RepetitionInfo repetition) {
            createTaggedVpc(ec2, "10.50.0.0/16");

            assertThat(taggedVpcs(ec2)).hasSize(repetition.getCurrentRepetition());
        }

        @RepeatedTest(2)
        void environment_whenTheClassSharesAWorld_isANewOneForEachTestAndTheSameWithinIt(EnvironmentName env,
                EnvironmentName again) {
            assertThat(env).isNotEqualTo(EnvironmentName.DEFAULT).isSameAs(again);
            assertThat(GIVEN.add(env)).as("a new environment: %s", env).isTrue();
        }
    }

    @Nested
    @Order(6)
    class InjectingFaultsInFrontOfTheEmulator {

        private final FaultInjector faults;
        private final Ec2Client ec2ThroughProxy;

        InjectingFaultsInFrontOfTheEmulator(FaultInjector faults) {
            this.faults = faults;
            this.ec2ThroughProxy = faults.client(Ec2Client.builder());
        }

        @AfterEach
        void closeClient() {
            ec2ThroughProxy.close();
        }

        @Test
        void runInstances_whenVcpuLimitExceededIsInjected_throwsEc2ExceptionWithThatCodeWhileOtherCallsReachTheEmulator() {
            faults.injectQueryError("RunInstances", 400, FaultInjector.ec2Error("VcpuLimitExceeded",
                    "You have requested more vCPU capacity than your current vCPU limit of 0 allows for the instance"
                            + " bucket that the specified instance type belongs to."));
            String vpcId = createTaggedVpc(ec2ThroughProxy, "10.30.0.0/16");

            assertThatThrownBy(() -> ec2ThroughProxy.runInstances(r -> r.imageId("ami-12c6146b")
                    .instanceType(InstanceType.G4_DN_XLARGE).minCount(1).maxCount(1)))
                    .isInstanceOfSatisfying(Ec2Exception.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("VcpuLimitExceeded");
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorMessage()).contains("vCPU limit of 0");
                    });
            assertThat(taggedVpcs(ec2ThroughProxy)).extracting(Vpc::vpcId).containsExactly(vpcId);
            assertThat(taggedVpcs(ec2)).extracting(Vpc::vpcId).containsExactly(vpcId);
            assertThat(faults.countRequests("RunInstances")).isEqualTo(1);
            assertThat(faults.countRequests("CreateVpc")).isEqualTo(1);
        }

        @Test
        void countRequests_whenOnlyDescribeCallsWereMade_showsRunInstancesWasNeverSent() {
            ec2ThroughProxy.describeVpcs();
            ec2ThroughProxy.describeSubnets();

            assertThat(faults.countRequests("RunInstances")).isZero();
            assertThat(faults.countRequests("DescribeVpcs")).isEqualTo(1);
            assertThat(faults.requestsMatching("DescribeSubnets")).hasSize(1);
        }

        @Test
        void describeVpcs_whenAnErrorIsInjectedOnce_failsOnceThenReachesTheEmulator() {
            faults.injectQueryError("DescribeVpcs", 403, FaultInjector.ec2Error("UnauthorizedOperation",
                    "You are not authorized to perform this operation.")).times(1);

            assertThatThrownBy(ec2ThroughProxy::describeVpcs)
                    .isInstanceOfSatisfying(Ec2Exception.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnauthorizedOperation"));
            assertThat(ec2ThroughProxy.describeVpcs().vpcs()).isNotEmpty(); // moto's default VPC
        }

        @Test
        void getServiceQuota_whenTheGAndVtQuotaIsInjected_isParsedByTheServiceQuotasClient() {
            faults.injectJson("ServiceQuotasV20190624.GetServiceQuota", 200,
                    "{\"Quota\":{\"ServiceCode\":\"ec2\",\"QuotaCode\":\"L-DB2E81BA\","
                            + "\"QuotaName\":\"Running On-Demand G and VT instances\",\"Value\":8.0,"
                            + "\"Unit\":\"None\",\"Adjustable\":true}}");

            try (ServiceQuotasClient quotas = faults.client(ServiceQuotasClient.builder())) {
                ServiceQuota quota = quotas.getServiceQuota(r -> r.serviceCode("ec2").quotaCode(G_AND_VT_QUOTA)).quota();

                assertThat(quota.quotaCode()).isEqualTo(G_AND_VT_QUOTA);
                assertThat(quota.quotaName()).isEqualTo("Running On-Demand G and VT instances");
                assertThat(quota.value()).isEqualTo(8.0);
                assertThat(quota.adjustable()).isTrue();
            }
            assertThat(faults.countRequests("ServiceQuotasV20190624.GetServiceQuota")).isEqualTo(1);
        }

        @Test
        void describeServices_whenAJsonErrorIsInjected_throwsTheModeledEcsException() {
            faults.injectJson("AmazonEC2ContainerServiceV20141113.DescribeServices", 400,
                    FaultInjector.jsonError("AccessDeniedException",
                            "User: arn:aws:iam::123456789012:user/bot is not authorized to perform: ecs:DescribeServices"));

            try (EcsClient ecs = faults.client(EcsClient.builder())) {
                assertThatThrownBy(() -> ecs.describeServices(r -> r.cluster("gpu").services("nb")))
                        .isInstanceOfSatisfying(AccessDeniedException.class, e -> {
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                            assertThat(e.statusCode()).isEqualTo(400);
                        });
            }
        }

        @Test
        void createCluster_whenNothingIsInjected_reachesTheEmulatorThroughTheProxy() {
            try (EcsClient ecsThroughProxy = faults.client(EcsClient.builder());
                 EcsClient ecs = emulator.client(EcsClient.builder())) {
                ecsThroughProxy.createCluster(r -> r.clusterName("gpu-notebook-harness"));

                assertThat(ecs.listClusters().clusterArns()).anySatisfy(
                        arn -> assertThat(arn).endsWith("/gpu-notebook-harness"));
            }
            assertThat(faults.countRequests("AmazonEC2ContainerServiceV20141113.CreateCluster")).isEqualTo(1);
        }
    }

    private static String createTaggedVpc(Ec2Client client, String cidr) {
        return client.createVpc(r -> r.cidrBlock(cidr).tagSpecifications(TagSpecification.builder()
                        .resourceType("vpc")
                        .tags(Tag.builder().key(TAG_KEY).value(UUID.randomUUID().toString()).build())
                        .build()))
                .vpc().vpcId();
    }

    private static List<Vpc> taggedVpcs(Ec2Client client) {
        return client.describeVpcs(r -> r.filters(Filter.builder().name("tag-key").values(TAG_KEY).build())).vpcs();
    }
}
