package dev.gpunotebook.core.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpunotebook.core.aws.AwsSnapshotCollector.Request;
import dev.gpunotebook.core.aws.LoadBalancingFactsCollector.LoadBalancing;
import dev.gpunotebook.core.aws.ServiceInstanceResolver.Resolution;
import dev.gpunotebook.core.diagnose.snapshot.CallerIdentity;
import dev.gpunotebook.core.diagnose.snapshot.Fact;
import dev.gpunotebook.core.diagnose.snapshot.TargetHealthFacts;
import dev.gpunotebook.core.model.Tags;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ecs.model.Attribute;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.PlacementConstraint;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

class ServiceInstanceResolverTest {

    private static final String CLUSTER = "gpu-notebook-dev";
    private static final String SERVICE = "notebook-alice";
    private static final String TG = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/nb-alice/1";
    private static final Request NOTEBOOK = Request.notebook(CLUSTER, SERVICE, "alice", "dev");
    private static final Request HAND_BUILT = Request.service(CLUSTER, SERVICE);

    @Nested
    class WhenTheServiceHasTasks {

        @Test
        void resolve_whenATaskRuns_takesItsInstanceOverTheTaggedOne() {
            ContainerInstance ci = containerInstance("ci-1", "i-task");
            Task running = task("t-1", "RUNNING", "ci-1");
            ClusterFacts facts = facts(service(), List.of(ci), List.of(running),
                    List.of(instance("i-tagged", "g4dn.xlarge", "running", "alice")), Map.of());

            Resolution found = new ServiceInstanceResolver(facts).resolve(NOTEBOOK);

            assertThat(found.instanceId()).isEqualTo(Fact.known("i-task"));
            assertThat(found.foundBy()).isEqualTo("the instance of the service's running task");
        }

        @Test
        void resolve_whenOnlyAStoppedTaskIsLeft_takesItsInstance() {
            Task stopped = task("t-1", "STOPPED", "ci-1");

            Resolution found = new ServiceInstanceResolver(facts(service(), List.of(containerInstance("ci-1", "i-1")),
                    List.of(stopped), List.of(), Map.of())).resolve(HAND_BUILT);

            assertThat(found.instanceId()).isEqualTo(Fact.known("i-1"));
            assertThat(found.foundBy()).contains("last stopped task");
        }
    }

    @Nested
    class WhenNoTaskNamesAnInstance {

        @Test
        void resolve_whenThePlacementConstraintSelectsAContainerInstance_takesIt() {
            Service constrained = service().toBuilder().placementConstraints(PlacementConstraint.builder()
                    .type("memberOf").expression("attribute:gpu-notebook == alice").build()).build();
            ContainerInstance other = containerInstance("ci-1", "i-other");
            ContainerInstance alice = containerInstance("ci-2", "i-alice").toBuilder()
                    .attributes(Attribute.builder().name("gpu-notebook").value("alice").build()).build();

            Resolution found = new ServiceInstanceResolver(facts(constrained, List.of(other, alice), List.of(),
                    List.of(), Map.of())).resolve(HAND_BUILT);

            assertThat(found.instanceId()).isEqualTo(Fact.known("i-alice"));
            assertThat(found.foundBy()).contains("attribute:gpu-notebook == alice");
        }

        @Test
        void resolve_whenTheNotebookHasTaggedInstances_prefersTheRunningOne() {
            ClusterFacts facts = facts(service(), List.of(), List.of(), List.of(
                    instance("i-stopped", "g4dn.xlarge", "stopped", "alice"),
                    instance("i-running", "g4dn.xlarge", "running", "alice"),
                    instance("i-bob", "g4dn.xlarge", "running", "bob")), Map.of());

            Resolution found = new ServiceInstanceResolver(facts).resolve(NOTEBOOK);

            assertThat(found.instanceId()).isEqualTo(Fact.known("i-running"));
            assertThat(found.foundBy()).isEqualTo("the instance tagged " + Tags.NOTEBOOK + "=alice");
        }

        @Test
        void resolve_whenTheTargetGroupHasAnInstanceTarget_takesIt() {
            TargetHealthFacts target = new TargetHealthFacts("i-target", 32768, "us-east-1a", "healthy", null, null);
            ClusterFacts facts = facts(service(), List.of(), List.of(), List.of(),
                    Map.of(TG, Fact.known(List.of(target))));

            Resolution found = new ServiceInstanceResolver(facts).resolve(HAND_BUILT);

            assertThat(found.instanceId()).isEqualTo(Fact.known("i-target"));
        }

        @Test
        void resolve_whenTheClusterHasOneContainerInstance_takesIt() {
            ClusterFacts facts = facts(service(), List.of(containerInstance("ci-1", "i-only")), List.of(), List.of(),
                    Map.of());

            Resolution found = new ServiceInstanceResolver(facts).resolve(HAND_BUILT);

            assertThat(found.instanceId()).isEqualTo(Fact.known("i-only"));
            assertThat(found.foundBy()).isEqualTo("the only container instance of cluster " + CLUSTER);
        }

        @Test
        void resolve_whenTheClusterHasSeveralContainerInstances_cannotTellAndSaysSo() {
            Resolution found = new ServiceInstanceResolver(facts(service(), List.of(containerInstance("ci-1", "i-1"),
                    containerInstance("ci-2", "i-2")), List.of(), List.of(), Map.of())).resolve(HAND_BUILT);

            assertThat(found.instanceId()).isInstanceOf(Fact.Unavailable.class);
            assertThat(found.instanceId().describe()).contains("which of the 2 container instances");
            assertThat(found.foundBy()).isNull();
        }
    }

    @Nested
    class WhenTheAgentNeverJoinedTheCluster {

        @Test
        void resolve_whenOneGpuInstanceRunsInTheTargetGroupsVpc_guessesIt() {
            ClusterFacts facts = facts(service(), List.of(), List.of(), List.of(
                    instance("i-gpu", "g5.xlarge", "running", null).toBuilder().vpcId("vpc-1").build(),
                    instance("i-cpu", "m5.large", "running", null).toBuilder().vpcId("vpc-1").build(),
                    instance("i-elsewhere", "g5.xlarge", "running", null).toBuilder().vpcId("vpc-2").build()),
                    Map.of());

            Resolution found = new ServiceInstanceResolver(facts).resolve(HAND_BUILT);

            assertThat(found.instanceId()).isEqualTo(Fact.known("i-gpu"));
            assertThat(found.foundBy()).startsWith("a guess: cluster " + CLUSTER + " has no container instance");
        }

        @Test
        void resolve_whenTwoGpuInstancesRunInTheVpc_findsNone() {
            ClusterFacts facts = facts(service(), List.of(), List.of(), List.of(
                    instance("i-gpu1", "g5.xlarge", "running", null).toBuilder().vpcId("vpc-1").build(),
                    instance("i-gpu2", "p4d.24xlarge", "running", null).toBuilder().vpcId("vpc-1").build()),
                    Map.of());

            Resolution found = new ServiceInstanceResolver(facts).resolve(HAND_BUILT);

            assertThat(found.instanceId()).isInstanceOf(Fact.Missing.class);
            assertThat(found.instanceId().describe()).contains("an EC2 instance for service " + SERVICE);
        }
    }

    private static Service service() {
        return Service.builder().serviceName(SERVICE).status("ACTIVE").taskDefinition("td:1")
                .loadBalancers(software.amazon.awssdk.services.ecs.model.LoadBalancer.builder().targetGroupArn(TG)
                        .build()).build();
    }

    private static ContainerInstance containerInstance(String arn, String ec2Id) {
        return ContainerInstance.builder().containerInstanceArn(arn).ec2InstanceId(ec2Id).build();
    }

    private static Task task(String arn, String lastStatus, String containerInstanceArn) {
        return Task.builder().taskArn(arn).group("service:" + SERVICE).lastStatus(lastStatus)
                .containerInstanceArn(containerInstanceArn).build();
    }

    /** An instance of environment {@code dev}, tagged with {@code notebook} when not null. */
    private static Instance instance(String id, String type, String state, String notebook) {
        List<Tag> tags = notebook == null ? List.of() : List.of(Tag.builder().key(Tags.ENV).value("dev").build(),
                Tag.builder().key(Tags.NOTEBOOK).value(notebook).build());
        return Instance.builder().instanceId(id).instanceType(type).tags(tags)
                .state(s -> s.name(InstanceStateName.fromValue(state))).build();
    }

    /**
     * The first phase's facts of one cluster with one service whose target group is in {@code vpc-1};
     * {@code instances} are both the running and the tagged ones (the resolver filters by state and tag).
     */
    private static ClusterFacts facts(Service service, List<ContainerInstance> containerInstances, List<Task> tasks,
            List<Instance> instances, Map<String, Fact<List<TargetHealthFacts>>> targetHealth) {
        TargetGroup group = TargetGroup.builder().targetGroupArn(TG).vpcId("vpc-1").build();
        LoadBalancing loadBalancing = new LoadBalancing(Fact.known(Map.of(TG, group)), Fact.known(Map.of()), Map.of());
        List<Instance> running = instances.stream().filter(i -> "running".equals(i.state().nameAsString())).toList();
        return new ClusterFacts(Fact.known(new CallerIdentity("123456789012", "arn:aws:iam::123456789012:user/me")),
                Map.of(CLUSTER, Fact.known(Map.of(SERVICE, service))), Map.of(CLUSTER, Fact.known(containerInstances)),
                Map.of(CLUSTER, Fact.known(tasks)), Map.of(), targetHealth, loadBalancing, Fact.known(running),
                Fact.known(instances));
    }
}
