package dev.gpunotebook.it.emulator;

import dev.gpunotebook.bot.local.MotoServerProcess;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * A {@code moto_server} process of its own (not the shared emulator): it starts, serves, resets and stops
 * without leaving anything behind. Needs {@code moto_server} on the PATH, as DESIGN.md says dev and CI
 * machines have; without it this fails saying how to install it.
 */
class MotoServerProcessIT {

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ARunningServer {

        private MotoServerProcess moto;

        @BeforeAll
        void start() {
            moto = MotoServerProcess.start();
        }

        @AfterAll
        void stop() {
            moto.close();
        }

        @Test
        void describe_whenStarted_namesVersionLoopbackEndpointAndLog() {
            assertThat(moto.endpoint().getHost()).isEqualTo("127.0.0.1");
            assertThat(moto.describe()).startsWith("moto_server " + moto.version() + " at " + moto.endpoint());
            assertThat(moto.version()).matches("[0-9]+\\.[0-9]+\\.[0-9]+.*"); // here: 5.2.1
            assertThat(moto.log()).exists();
        }

        @Test
        void getPolicy_whenAskedForAnAwsManagedPolicy_findsIt() {
            try (IamClient iam = EmulatorClients.build(IamClient.builder(), moto.endpoint())) {
                String arn = "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role";

                assertThat(iam.getPolicy(r -> r.policyArn(arn)).policy().policyName())
                        .isEqualTo("AmazonEC2ContainerServiceforEC2Role");
            }
        }

        @Test
        void reset_whenAVpcWasCreated_leavesOnlyTheDefaultVpc() {
            try (Ec2Client ec2 = EmulatorClients.build(Ec2Client.builder(), moto.endpoint())) {
                int before = ec2.describeVpcs().vpcs().size();
                ec2.createVpc(r -> r.cidrBlock("10.99.0.0/16"));

                moto.reset();

                assertThat(ec2.describeVpcs().vpcs()).hasSize(before)
                        .noneSatisfy(vpc -> assertThat(vpc.cidrBlock()).isEqualTo("10.99.0.0/16"));
            }
        }
    }

    @Nested
    class AStoppedServer {

        @Test
        void close_whenCalled_endsTheProcessAndItsChildrenAndFreesThePort() throws IOException {
            MotoServerProcess moto = MotoServerProcess.start();
            ProcessHandle process = moto.processHandle();
            List<ProcessHandle> children = process.descendants().toList();

            moto.close();
            moto.close(); // idempotent

            assertThat(process.isAlive()).isFalse();
            assertThat(children).noneMatch(ProcessHandle::isAlive);
            assertThat(portAnswers(moto.endpoint().getPort())).isFalse();
            assertThat(Files.readString(moto.log())).contains("Running on http://127.0.0.1:" + moto.endpoint().getPort());
        }
    }

    private static boolean portAnswers(int port) {
        try {
            new Socket("127.0.0.1", port).close();
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
