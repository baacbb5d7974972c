package dev.gpunotebook.core.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.diagnose.snapshot.Fact;
import org.junit.jupiter.api.Nested;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import org.junit.jupiter.api.Test;

class FactCallsTest {

    @Nested
    class WhenACallFindsNothing {

        @Test
        void fact_whenABatchReadFindsAnIdMissing_keepsAwsMessageThatNamesIt() {
            AwsServiceException notFound = AwsServiceException.builder().awsErrorDetails(AwsErrorDetails.builder()
                    .errorCode("InvalidAMIID.NotFound").errorMessage("The image id '[ami-0abc1234]' does not exist")
                    .build()).build();

            Fact<Object> images = FactCalls.fact("ec2:DescribeImages", "images", () -> {
                throw notFound;
            });

            assertThat(images).isInstanceOf(Fact.Missing.class);
            assertThat(FactCalls.carry(images, "AMI ami-0abc1234").describe()).contains("ami-0abc1234")
                    .contains("InvalidAMIID.NotFound");
        }
    }

    @Nested
    class Carry {

        @Test
        void carry_whenMissingAlongAChain_namesOnlyWhatIsMissingAtTheRoot() {
            Fact<Object> cluster = Fact.missing("cluster nope (ClusterNotFoundException)");

            Fact<Object> tasks = FactCalls.carry(FactCalls.carry(FactCalls.carry(cluster, "cluster nope"),
                    "service jupyter"), "the tasks");

            assertThat(tasks.describe()).isEqualTo("cluster nope (ClusterNotFoundException) does not exist");
        }

        @Test
        void carry_whenDenied_keepsTheIamAction() {
            Fact<Object> denied = FactCalls.carry(Fact.denied("ecs:DescribeServices", "no"), "the service");

            assertThat(denied).isEqualTo(Fact.denied("ecs:DescribeServices", "no"));
        }
    }
}
