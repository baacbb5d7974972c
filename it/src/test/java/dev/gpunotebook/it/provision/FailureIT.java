package dev.gpunotebook.it.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.GpuNotebookException.Reason;
import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.model.NotebookSpec;
import dev.gpunotebook.core.provision.ProgressEvent.Phase;
import dev.gpunotebook.core.provision.ProgressListener;
import dev.gpunotebook.core.provision.start.NotebookStarter.StartResult;
import dev.gpunotebook.it.emulator.FaultInjector;
import dev.gpunotebook.it.emulator.WithAwsEmulator;
import dev.gpunotebook.it.emulator.World;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What start does when AWS says no. moto models none of these answers (no vCPU quotas, no
 * capacity limits, no throttling, no IAM enforcement), so each test injects the real AWS response
 * at the HTTP layer with {@link FaultInjector}; everything else reaches moto.
 */
@WithAwsEmulator
class FailureIT {

    private static final String G_QUOTA = "ServiceQuotasV20190624.GetServiceQuota";

    @RegisterExtension
    static final SetUpStackExtension STACK = SetUpStackExtension.onTheEmulator().withCoreThroughFaultInjector();

    private static String quota(double value) {
        return "{\"Quota\":{\"ServiceCode\":\"ec2\",\"ServiceName\":\"Amazon Elastic Compute Cloud (Amazon EC2)\","
                + "\"QuotaArn\":\"arn:aws:servicequotas:us-east-1:123456789012:ec2/L-DB2E81BA\",\"QuotaCode\":\"L-DB2E81BA\","
                + "\"QuotaName\":\"Running On-Demand G and VT instances\",\"Value\":" + value + ",\"Unit\":\"None\","
                + "\"Adjustable\":true,\"GlobalQuota\":false}}";
    }

    private NotebookSpec spec(String name) {
        return NotebookSpec.defaults(NotebookName.of(name), "U0BOB");
    }

    @Nested
    class WhenTheVcpuQuotaIsTooLow {

        @Test
        void start_whenQuotaIsZero_refusesBeforeRunInstancesAndCreatesNothing(SetUpStack stack,
                FaultInjector faults) {
            faults.injectJson(G_QUOTA, 200, quota(0.0));

            assertThatThrownBy(() -> stack.notebooks.start(spec("zero"), new Notebooks.Recorder()))
                    .isInstanceOf(GpuNotebookException.class)
                    .hasMessageContaining("L-DB2E81BA").hasMessageContaining("allows 0")
                    .hasMessageContaining("aws service-quotas request-service-quota-increase")
                    .extracting(e -> ((GpuNotebookException) e).reason()).isEqualTo(Reason.QUOTA);
            assertThat(faults.countRequests("RunInstances")).isZero();
            assertThat(stack.probe.everything(stack.env.clusterName(), "zero")).isEmpty();
        }

        @Test
        void start_whenRunningInstancesUseTheQuota_countsThem(SetUpStack stack, FaultInjector faults) {
            faults.injectJson(G_QUOTA, 200, quota(8.0));
            stack.notebooks.start(spec("first"), new Notebooks.Recorder());
            stack.notebooks.start(spec("second"), new Notebooks.Recorder());

            assertThatThrownBy(() -> stack.notebooks.start(spec("third"), new Notebooks.Recorder()))
                    .hasMessageContaining("needs 4 vCPUs").hasMessageContaining("allows 8 and 8 are in use");
            assertThat(stack.probe.everything(stack.env.clusterName(), "third")).isEmpty();
        }

        @Test
        void start_whenTheQuotaCannotBeRead_warnsAndContinues(SetUpStack stack, FaultInjector faults) {
            faults.injectJson(G_QUOTA, 400, FaultInjector.jsonError("AccessDeniedException",
                    "User: arn:aws:iam::123456789012:user/dev is not authorized to perform: servicequotas:GetServiceQuota"));
            Notebooks.Recorder recorder = new Notebooks.Recorder();

            stack.notebooks.start(spec("blind"), recorder);

            assertThat(recorder.events).anyMatch(e -> e.phase() == Phase.WARNING
                    && e.detail().contains("access denied to servicequotas:GetServiceQuota"));
            assertThat(stack.probe.instances("blind")).hasSize(1);
        }
    }

    /** One g4dn.xlarge has 4 vCPUs: with this quota one notebook fits and a second does not. */
    @Nested
    @WithAwsEmulator(world = World.PER_TEST)
    class WhenTheVcpuQuotaFitsExactlyOneNotebook {

        @Test
        void start_whenRepeatedOnTheRunningNotebook_doesNotCountItsOwnInstanceAgain(SetUpStack stack,
                FaultInjector faults) {
            faults.injectJson(G_QUOTA, 200, quota(4.0));
            stack.notebooks.start(spec("only"), new Notebooks.Recorder());

            StartResult again = stack.notebooks.start(spec("only"), new Notebooks.Recorder());

            assertThat(again.createdAnything()).isFalse();
            assertThat(faults.countRequests("RunInstances")).isEqualTo(1);
        }

        @Test
        void start_whenResumingTheStoppedNotebook_countsItsVcpusOnce(SetUpStack stack, FaultInjector faults) {
            faults.injectJson(G_QUOTA, 200, quota(4.0));
            stack.notebooks.start(spec("back"), new Notebooks.Recorder());
            stack.notebooks.stop(NotebookName.of("back"), "U0BOB", ProgressListener.NONE);

            StartResult resumed = stack.notebooks.start(spec("back"), new Notebooks.Recorder());

            assertThat(resumed.resumed()).isTrue();
            assertThat(stack.probe.instances("back")).singleElement().satisfies(i ->
                    assertThat(i.state().nameAsString()).isEqualTo("running"));
        }

        @Test
        void start_whenASecondNotebookWouldNotFit_refusesIt(SetUpStack stack, FaultInjector faults) {
            faults.injectJson(G_QUOTA, 200, quota(4.0));
            stack.notebooks.start(spec("first"), new Notebooks.Recorder());

            // The quota above is what both other tests pass under: it does hold a second notebook back.
            assertThatThrownBy(() -> stack.notebooks.start(spec("second"), new Notebooks.Recorder()))
                    .hasMessageContaining("allows 4 and 4 are in use");
        }
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("token", "json", "AmazonSSM.PutParameter", 400, FaultInjector.jsonError(
                        "AccessDeniedException", "User: arn:aws:iam::123456789012:user/dev is not authorized to perform:"
                                + " ssm:PutParameter"), "ssm:PutParameter"),
                Arguments.of("target-group", "query", "CreateTargetGroup", 403, FaultInjector.queryError("AccessDenied",
                        "User: arn:aws:iam::123456789012:user/dev is not authorized to perform:"
                                + " elasticloadbalancing:CreateTargetGroup"), "elasticloadbalancing:CreateTargetGroup"),
                Arguments.of("listener-rule", "query", "CreateRule", 400, FaultInjector.queryError("TooManyRules",
                        "The maximum number of rules on this listener has been reached"), "TooManyRules"),
                Arguments.of("task-definition", "json", "AmazonEC2ContainerServiceV20141113.RegisterTaskDefinition", 400,
                        FaultInjector.jsonError("ClientException", "Too many revisions of this family"), "ClientException"),
                Arguments.of("instance", "query", "RunInstances", 400, FaultInjector.ec2Error("VcpuLimitExceeded",
                        "You have requested more vCPU capacity than your current vCPU limit of 64 allows for the instance"
                                + " bucket that the specified instance type belongs to."), "L-DB2E81BA"),
                Arguments.of("instance", "query", "RunInstances", 500, FaultInjector.ec2Error("InsufficientInstanceCapacity",
                        "We currently do not have sufficient g4dn.xlarge capacity in the Availability Zone you requested"
                                + " (us-east-1a)."), "another Availability Zone"),
                Arguments.of("service", "json", "AmazonEC2ContainerServiceV20141113.CreateService", 400,
                        FaultInjector.jsonError("InvalidParameterException", "The target group does not have an"
                                + " associated load balancer."), "InvalidParameterException"));
    }

    @ParameterizedTest(name = "{0} fails with {5}")
    @MethodSource("failures")
    void start_whenAStepFails_rollsBackEverythingAndSaysWhy(String step, String protocol, String operation, int status,
            String body, String expectedInMessage, SetUpStack stack, FaultInjector faults) {
        if (protocol.equals("json")) {
            faults.injectJson(operation, status, body);
        } else {
            faults.injectQueryError(operation, status, body);
        }
        String name = "fail-" + step;
        Notebooks.Recorder recorder = new Notebooks.Recorder();

        assertThatThrownBy(() -> stack.notebooks.start(spec(name), recorder))
                .isInstanceOf(GpuNotebookException.class).hasMessageContaining(expectedInMessage);

        assertThat(recorder.steps(Phase.FAILED)).containsExactly(step);
        assertThat(recorder.steps(Phase.ROLLED_BACK)).containsExactlyInAnyOrderElementsOf(recorder.steps(Phase.CREATED));
        assertThat(stack.probe.everything(stack.env.clusterName(), name)).as("left behind").isEmpty();
    }

    @Nested
    class WhenAwsThrottles {

        @Test
        void start_whenThrottledBriefly_retriesWithBackoffAndSucceeds(SetUpStack stack, FaultInjector faults) {
            faults.injectQueryError("DescribeInstances", 503, FaultInjector.ec2Error("RequestLimitExceeded",
                    "Request limit exceeded.")).times(2);

            stack.notebooks.start(spec("patient"), new Notebooks.Recorder());

            assertThat(stack.probe.instances("patient")).hasSize(1);
            assertThat(faults.countRequests("DescribeInstances")).isGreaterThanOrEqualTo(3);
        }

        @Test
        void start_whenThrottledThroughout_saysToWaitAndLeavesNothing(SetUpStack stack, FaultInjector faults) {
            faults.injectQueryError("DescribeInstances", 503, FaultInjector.ec2Error("RequestLimitExceeded",
                    "Request limit exceeded."));

            assertThatThrownBy(() -> stack.notebooks.start(spec("hurried"), new Notebooks.Recorder()))
                    .hasMessageContaining("kept throttling ec2:DescribeInstances").hasMessageContaining("Wait a minute");
            assertThat(stack.probe.everything(stack.env.clusterName(), "hurried")).isEmpty();
        }
    }
}
