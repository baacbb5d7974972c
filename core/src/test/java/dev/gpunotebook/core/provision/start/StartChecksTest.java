package dev.gpunotebook.core.provision.start;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.GpuNotebookException.Reason;
import dev.gpunotebook.core.cloud.FakeCloud;
import dev.gpunotebook.core.cloud.InstanceInfo;
import dev.gpunotebook.core.cloud.InstanceTypeInfo;
import dev.gpunotebook.core.model.Environment;
import dev.gpunotebook.core.model.EnvironmentConfig;
import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.model.NotebookSpec;
import dev.gpunotebook.core.model.Tags;
import dev.gpunotebook.core.provision.ProgressEvent;
import dev.gpunotebook.core.provision.ProgressEvent.Phase;
import dev.gpunotebook.core.provision.StepOutcome;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The read-only checks start makes before it creates anything: the instance type, the vCPU quota, the AMI. */
class StartChecksTest {

    private static final InstanceTypeInfo G5_2XLARGE = new InstanceTypeInfo("g5.2xlarge", 8, 32768, 1, "NVIDIA A10G",
            List.of("x86_64"));
    private static final InstanceTypeInfo G5_12XLARGE = new InstanceTypeInfo("g5.12xlarge", 48, 196608, 4,
            "NVIDIA A10G", List.of("x86_64"));
    private static final InstanceTypeInfo M5_LARGE = new InstanceTypeInfo("m5.large", 2, 8192, 0, "",
            List.of("x86_64"));
    private static final InstanceTypeInfo P3_2XLARGE = new InstanceTypeInfo("p3.2xlarge", 8, 62464, 1, "NVIDIA V100",
            List.of("x86_64"));
    private static final NotebookSpec ALICE = NotebookSpec.defaults(NotebookName.of("alice"), FakeCloud.OWNER);
    /** The default environment with a subnet in each of two zones. */
    private static final Environment TWO_ZONES = new Environment(FakeCloud.ENVIRONMENT.config(), "vpc-1",
            List.of(new Environment.Subnet("subnet-1", "us-east-1a"), new Environment.Subnet("subnet-2", "us-east-1b")),
            "gpu-notebook-default", FakeCloud.ENVIRONMENT.loadBalancerArn(), FakeCloud.ENVIRONMENT.loadBalancerDns(),
            "sg-alb", "sg-instance", FakeCloud.ENVIRONMENT.listenerArn(), "gpu-notebook-default-instance",
            FakeCloud.ENVIRONMENT.executionRoleArn(), "/gpu-notebook/default");

    private final FakeCloud aws = new FakeCloud();
    private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();

    {
        aws.ec2.add(G5_2XLARGE);
        aws.ec2.add(G5_12XLARGE);
        aws.ec2.add(M5_LARGE);
        aws.ec2.add(P3_2XLARGE);
    }

    private StartContext context(Environment env, NotebookSpec spec) {
        return new StartContext(aws.cloud(), env, spec, events::add);
    }

    /** An instance of another notebook (or of anything else) running in the account. */
    private void running(String id, String type) {
        aws.ec2.add(new InstanceInfo(id, type, "running", "", "us-east-1a", "subnet-1", "ami-1", "", Instant.EPOCH,
                java.util.Map.of()));
    }

    /** Alice's own instance, as an earlier start left it. */
    private InstanceInfo alicesInstance(String type, String state) {
        InstanceInfo instance = new InstanceInfo("i-alice", type, state, "", "us-east-1a", "subnet-1", "ami-1", "",
                Instant.EPOCH, Tags.notebook(FakeCloud.ENVIRONMENT.env(), ALICE));
        aws.ec2.add(instance);
        return instance;
    }

    private static void assertRefused(ThrowingCallable call, Reason reason, String message) {
        assertThatThrownBy(call).isInstanceOf(GpuNotebookException.class).hasMessage(message)
                .extracting(e -> ((GpuNotebookException) e).reason()).isEqualTo(reason);
    }

    @Nested
    class TheInstanceType {

        private StepOutcome check(Environment env, NotebookSpec spec) {
            StartContext c = context(env, spec);
            StepOutcome outcome = new InstanceTypeStep().apply(c);
            assertThat(c.instanceType.type()).isEqualTo(spec.instanceType());
            return outcome;
        }

        @Test
        void apply_whenTheTypeHasTheGpusAndIsOffered_describesItAndItsZone() {
            StepOutcome outcome = check(FakeCloud.ENVIRONMENT, ALICE);

            assertThat(outcome).isEqualTo(StepOutcome.checked(
                    "g4dn.xlarge: 1 x NVIDIA T4, 4 vCPUs, 16384 MiB; offered in us-east-1a"));
        }

        @Test
        void apply_whenEveryZoneOffersIt_picksTheFirstSubnet() {
            StartContext c = context(TWO_ZONES, ALICE);

            new InstanceTypeStep().apply(c);

            assertThat(c.subnet).isEqualTo(new Environment.Subnet("subnet-1", "us-east-1a"));
        }

        @Test
        void apply_whenOnlyTheSecondSubnetsZoneOffersIt_picksThatSubnet() {
            aws.ec2.offerOnlyIn("g4dn.xlarge", "us-east-1b", "us-east-1d");
            StartContext c = context(TWO_ZONES, ALICE);

            StepOutcome outcome = new InstanceTypeStep().apply(c);

            assertThat(c.subnet).isEqualTo(new Environment.Subnet("subnet-2", "us-east-1b"));
            assertThat(outcome.detail()).endsWith("offered in us-east-1b");
        }

        @Test
        void apply_whenNoSubnetsZoneOffersIt_refusesNamingTheZonesAndHowToFindOne() {
            aws.ec2.offerOnlyIn("g4dn.xlarge", "us-east-1d");

            assertRefused(() -> new InstanceTypeStep().apply(context(TWO_ZONES, ALICE)), Reason.CAPACITY,
                    "The instance type 'g4dn.xlarge' is not offered in the Availability Zones of the environment's"
                            + " subnets [us-east-1a, us-east-1b]. Choose another type, or configure subnets in a zone"
                            + " that offers it (aws ec2 describe-instance-type-offerings --location-type"
                            + " availability-zone --filters Name=instance-type,Values=g4dn.xlarge).");
        }

        @Test
        void apply_whenTheTypeDoesNotExist_refusesSuggestingGpuTypes() {
            assertRefused(() -> new InstanceTypeStep().apply(context(FakeCloud.ENVIRONMENT,
                    ALICE.withInstanceType("g9.xlarge"))), Reason.INVALID_INPUT,
                    "The instance type 'g9.xlarge' does not exist in us-east-1. Choose a GPU type such as"
                            + " g4dn.xlarge, g5.xlarge or g6.xlarge.");
        }

        @Test
        void apply_whenTheTypeHasNoGpu_refusesNamingGpuTypes() {
            assertRefused(() -> new InstanceTypeStep().apply(context(FakeCloud.ENVIRONMENT,
                    ALICE.withInstanceType("m5.large"))), Reason.INVALID_INPUT,
                    "The instance type 'm5.large' has no GPU. Choose a GPU type such as g4dn.xlarge (1 NVIDIA T4),"
                            + " g5.xlarge (1 NVIDIA A10G) or g6.xlarge (1 NVIDIA L4).");
        }

        @Test
        void apply_whenMoreGpusAreAskedThanTheOneItHas_refusesSayingHowManyItHas() {
            assertRefused(() -> new InstanceTypeStep().apply(context(FakeCloud.ENVIRONMENT, ALICE.withGpus(2))),
                    Reason.INVALID_INPUT, "The instance type 'g4dn.xlarge' has 1 GPU but 2 were requested. Ask for at"
                            + " most 1 with --gpus, or choose a larger type (for example g5.12xlarge has 4).");
        }

        @Test
        void apply_whenMoreGpusAreAskedThanTheFourItHas_refusesInThePlural() {
            assertRefused(() -> new InstanceTypeStep().apply(context(FakeCloud.ENVIRONMENT,
                    ALICE.withInstanceType("g5.12xlarge").withGpus(8))), Reason.INVALID_INPUT,
                    "The instance type 'g5.12xlarge' has 4 GPUs but 8 were requested. Ask for at most 4 with --gpus,"
                            + " or choose a larger type (for example g5.12xlarge has 4).");
        }

        @Test
        void apply_whenExactlyTheGpusItHasAreAsked_acceptsIt() {
            StepOutcome outcome = check(FakeCloud.ENVIRONMENT, ALICE.withInstanceType("g5.12xlarge").withGpus(4));

            assertThat(outcome.detail()).startsWith("g5.12xlarge: 4 x NVIDIA A10G, 48 vCPUs");
        }

        @Test
        void apply_whenTheGpuHasNoName_callsItAGpu() {
            aws.ec2.add(new InstanceTypeInfo("g9x.xlarge", 4, 16384, 1, "", List.of("x86_64")));

            StepOutcome outcome = check(FakeCloud.ENVIRONMENT, ALICE.withInstanceType("g9x.xlarge"));

            assertThat(outcome.detail()).startsWith("g9x.xlarge: 1 x GPU, 4 vCPUs");
        }

        @Test
        void apply_whenTheNotebookHasNoInstanceYet_findsNone() {
            StartContext c = context(FakeCloud.ENVIRONMENT, ALICE);

            new InstanceTypeStep().apply(c);

            assertThat(c.existingInstance).isNull();
            assertThat(aws.calls).contains("DescribeInstances [alice, default]");
        }

        @Test
        void apply_whenTheNotebooksInstanceExists_remembersIt() {
            InstanceInfo stopped = alicesInstance("g4dn.xlarge", "stopped");
            StartContext c = context(FakeCloud.ENVIRONMENT, ALICE);

            new InstanceTypeStep().apply(c);

            assertThat(c.existingInstance).isEqualTo(stopped);
        }

        @Test
        void apply_whenTheNotebooksInstanceIsStillStopping_refusesToStartItYet() {
            alicesInstance("g4dn.xlarge", "stopping");

            assertRefused(() -> new InstanceTypeStep().apply(context(FakeCloud.ENVIRONMENT, ALICE)), Reason.CONFLICT,
                    "Notebook alice is still stopping (instance i-alice). Wait until `status alice` says stopped"
                            + " (usually under a minute), then start it again.");
        }
    }

    @Nested
    class TheVcpuQuota {

        /** The context as the instance-type check leaves it for a new notebook of {@code type}. */
        private StartContext checked(NotebookSpec spec, InstanceTypeInfo type) {
            StartContext c = context(FakeCloud.ENVIRONMENT, spec);
            c.instanceType = type;
            return c;
        }

        private StepOutcome check(StartContext c) {
            return new VcpuQuotaStep().apply(c);
        }

        @Test
        void apply_whenTheQuotaHoldsTheNewInstance_saysHowMuchIsUsed() {
            aws.quota(8);
            running("i-bob", "g4dn.xlarge");

            assertThat(check(checked(ALICE, FakeCloud.G4DN_XLARGE)))
                    .isEqualTo(StepOutcome.checked("L-DB2E81BA: 4 + 4 of 8 vCPUs"));
        }

        @Test
        void apply_whenTheQuotaWouldBeExceeded_refusesNamingTheQuotaTheNumbersAndTheIncreaseCommand() {
            aws.quota(8);
            running("i-bob", "g5.2xlarge");

            assertRefused(() -> check(checked(ALICE, FakeCloud.G4DN_XLARGE)), Reason.QUOTA,
                    "Not enough vCPU quota for g4dn.xlarge: it needs 4 vCPUs, the quota 'Running On-Demand G and VT"
                            + " instances' (L-DB2E81BA) allows 8 and 8 are in use. Stop another notebook, or request an"
                            + " increase in the Service Quotas console or with: aws service-quotas"
                            + " request-service-quota-increase --service-code ec2 --quota-code L-DB2E81BA"
                            + " --desired-value 12");
        }

        @Test
        void apply_whenTheQuotaIsZero_refusesBeforeAnythingRuns() {
            aws.quota(0);

            assertThatThrownBy(() -> check(checked(ALICE, FakeCloud.G4DN_XLARGE)))
                    .hasMessageContaining("allows 0 and 0 are in use");
        }

        @Test
        void apply_whenTheQuotaIsAFraction_countsOnlyWholeVcpus() {
            aws.quota(7.9);
            running("i-bob", "g4dn.xlarge");

            assertThatThrownBy(() -> check(checked(ALICE, FakeCloud.G4DN_XLARGE)))
                    .hasMessageContaining("allows 7 and 4 are in use");
        }

        @Test
        void apply_whenOnlyInstancesOfOtherQuotasRun_countsNoneOfThem() {
            aws.quota(4);
            running("i-web", "m5.large");
            running("i-train", "p3.2xlarge");

            assertThat(check(checked(ALICE, FakeCloud.G4DN_XLARGE)).detail()).isEqualTo("L-DB2E81BA: 0 + 4 of 4 vCPUs");
        }

        @Test
        void apply_whenSeveralInstancesOfOneTypeRun_describesTheTypeOnceAndCountsEach() {
            aws.quota(64);
            running("i-1", "g5.2xlarge");
            running("i-2", "g5.2xlarge");
            running("i-3", "g4dn.xlarge");

            assertThat(check(checked(ALICE, FakeCloud.G4DN_XLARGE)).detail()).isEqualTo("L-DB2E81BA: 20 + 4 of 64 vCPUs");
            assertThat(aws.calls).containsOnlyOnce("DescribeInstanceTypes g5.2xlarge");
        }

        @Test
        void apply_whenARunningTypeIsUnknown_countsItAsNoVcpus() {
            aws.quota(8);
            running("i-odd", "g4ad.16xlarge");

            assertThat(check(checked(ALICE, FakeCloud.G4DN_XLARGE)).detail()).isEqualTo("L-DB2E81BA: 0 + 4 of 8 vCPUs");
        }

        @Test
        void apply_whenAPInstanceIsAsked_readsThePQuota() {
            aws.quota(8);

            assertThat(check(checked(ALICE.withInstanceType("p3.2xlarge"), P3_2XLARGE)).detail())
                    .isEqualTo("L-417A185B: 0 + 8 of 8 vCPUs");
            assertThat(aws.calls).contains("GetServiceQuota L-417A185B");
        }

        @Test
        void apply_whenTheQuotaCannotBeRead_warnsWhyAndLeavesTheDecisionToEc2() {
            StepOutcome outcome = check(checked(ALICE, FakeCloud.G4DN_XLARGE));

            assertThat(outcome).isEqualTo(StepOutcome.checked("quota not readable; left to EC2"));
            assertThat(events).containsExactly(new ProgressEvent("vcpu-quota", Phase.WARNING, "could not read the quota"
                    + " Running On-Demand G and VT instances (L-DB2E81BA): this test set no quota; continuing, EC2 will"
                    + " refuse the launch if the quota is too low"));
        }

        @Test
        void apply_whenTheTypeBelongsToNoKnownQuota_warnsAndLeavesTheDecisionToEc2() {
            InstanceTypeInfo mac = new InstanceTypeInfo("mac2.metal", 12, 16384, 1, "Apple", List.of("arm64_mac"));

            StepOutcome outcome = check(checked(ALICE.withInstanceType("mac2.metal"), mac));

            String detail = "no known On-Demand vCPU quota for mac2.metal; left to EC2";
            assertThat(outcome).isEqualTo(StepOutcome.checked(detail));
            assertThat(events).containsExactly(new ProgressEvent("vcpu-quota", Phase.WARNING, detail));
            assertThat(aws.calls).noneMatch(call -> call.startsWith("GetServiceQuota"));
        }

        @Test
        void apply_whenTheNotebooksInstanceRuns_needsNoNewVcpusAndReadsNoQuota() {
            StartContext c = checked(ALICE, FakeCloud.G4DN_XLARGE);
            c.existingInstance = alicesInstance("g4dn.xlarge", "running");

            assertThat(check(c)).isEqualTo(StepOutcome.checked("instance i-alice is running; no new vCPUs needed"));
            assertThat(aws.calls).noneMatch(call -> call.startsWith("GetServiceQuota"));
        }

        @Test
        void apply_whenResumingAStoppedInstance_countsItsVcpusAgainstTheQuota() {
            aws.quota(4);
            running("i-bob", "g4dn.xlarge");
            StartContext c = checked(ALICE, FakeCloud.G4DN_XLARGE);
            c.existingInstance = alicesInstance("g4dn.xlarge", "stopped");

            assertThatThrownBy(() -> check(c)).hasMessageStartingWith(
                    "Not enough vCPU quota to resume g4dn.xlarge: it needs 4 vCPUs, the quota 'Running On-Demand G and"
                            + " VT instances' (L-DB2E81BA) allows 4 and 4 are in use.");
        }

        @Test
        void apply_whenResumingAStoppedInstanceOfAnotherType_countsThatTypesVcpus() {
            aws.quota(8);
            StartContext c = checked(ALICE, FakeCloud.G4DN_XLARGE);
            c.existingInstance = alicesInstance("g5.2xlarge", "stopped");

            assertThat(check(c).detail()).isEqualTo("L-DB2E81BA: 0 + 8 of 8 vCPUs");
        }
    }

    @Nested
    class TheAmi {

        @Test
        void apply_whenCalled_readsTheGpuAmiFromTheConfiguredParameter() {
            StartContext c = context(FakeCloud.ENVIRONMENT, ALICE);

            StepOutcome outcome = new AmiStep().apply(c);

            assertThat(c.amiId).isEqualTo("ami-0123456789abcdef0");
            assertThat(outcome).isEqualTo(StepOutcome.checked("ami-0123456789abcdef0 from "
                    + EnvironmentConfig.AL2_GPU_AMI_PARAMETER));
            assertThat(aws.calls).containsExactly("GetParameter " + EnvironmentConfig.AL2_GPU_AMI_PARAMETER);
        }

        @Test
        void apply_whenAmazonLinux2023IsConfigured_readsItsParameter() {
            Environment al2023 = new Environment(EnvironmentConfig.defaults()
                    .withAmiParameter(EnvironmentConfig.AL2023_GPU_AMI_PARAMETER), "vpc-1", TWO_ZONES.subnets(),
                    "gpu-notebook-default", "", "", "", "", "", "", "", "");

            new AmiStep().apply(context(al2023, ALICE));

            assertThat(aws.calls).containsExactly("GetParameter " + EnvironmentConfig.AL2023_GPU_AMI_PARAMETER);
        }
    }
}
