package dev.gpunotebook.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.GpuNotebookException.Reason;
import dev.gpunotebook.core.cloud.FakeCloud;
import dev.gpunotebook.core.cloud.FakeElb;
import dev.gpunotebook.core.cloud.ServiceInfo;
import dev.gpunotebook.core.cloud.TargetGroupInfo;
import dev.gpunotebook.core.lifecycle.NotebookDeleter.DeleteResult;
import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.provision.ProgressEvent;
import dev.gpunotebook.core.provision.ProgressEvent.Phase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class NotebookDeleterTest {

    private static final Instant LAUNCHED = Instant.parse("2026-01-05T08:00:00Z");
    private static final String SERVICE_ARN =
            "arn:aws:ecs:us-east-1:123456789012:service/gpu-notebook-default/notebook-alice";
    private static final String TARGET_GROUP_ARN =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/gn-default-alice/1";
    private static final String TOKEN = "/gpu-notebook/default/alice/jupyter-token";

    private final FakeCloud aws = new FakeCloud();
    private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();

    private DeleteResult delete(String name) {
        return new NotebookDeleter(aws.cloud()).delete(FakeCloud.ENVIRONMENT, NotebookName.of(name), events::add);
    }

    /** The calls that removed something, in order. */
    private List<String> deletions() {
        return aws.calls.stream().filter(call -> call.startsWith("Delete") || call.startsWith("Deregister")
                || call.startsWith("Terminate")).toList();
    }

    @Nested
    class ANotebookWithAllItsResources {

        @Test
        void delete_whenEveryResourceExists_removesThemInDependencyOrder() {
            aws.addNotebookWithRouting("alice", "running", 1, LAUNCHED);

            DeleteResult result = delete("alice");

            // The service goes first so that ECS deregisters its target before the rule and group go.
            assertThat(deletions()).containsExactly("DeleteService notebook-alice",
                    "DeleteRule " + FakeCloud.ruleArn("alice"), "DeleteTargetGroup " + TARGET_GROUP_ARN,
                    "DeregisterTaskDefinition gpu-notebook-default-alice", "TerminateInstances i-alice",
                    "DeleteParameter " + TOKEN);
            assertThat(result.name()).isEqualTo(NotebookName.of("alice"));
            assertThat(result.deleted()).containsExactly("service " + SERVICE_ARN,
                    "listener-rule " + FakeCloud.ruleArn("alice"), "target-group " + TARGET_GROUP_ARN,
                    "task-definition gpu-notebook-default-alice", "instance i-alice", "token " + TOKEN);
        }

        @Test
        void delete_whenEveryResourceExists_leavesNothingOfTheNotebookBehind() {
            aws.addNotebookWithRouting("alice", "running", 1, LAUNCHED);

            delete("alice");

            assertThat(aws.ecs.service("notebook-alice")).isNull();
            assertThat(aws.elb.pathRules()).isEmpty();
            assertThat(aws.elb.targetGroups()).isEmpty();
            assertThat(aws.ecs.taskDefinitions("gpu-notebook-default-alice")).isEmpty();
            assertThat(aws.ec2.instance("i-alice").state()).isEqualTo("shutting-down");
            assertThat(aws.ssm.values).doesNotContainKey(TOKEN);
        }

        @Test
        void delete_whenItRemovesAResource_reportsItBeforeAndAfter() {
            aws.addNotebookWithRouting("alice", "running", 1, LAUNCHED);

            delete("alice");

            assertThat(events).extracting(ProgressEvent::step, ProgressEvent::phase).containsExactly(
                    tuple("service", Phase.RUNNING), tuple("service", Phase.DELETED),
                    tuple("listener-rule", Phase.RUNNING), tuple("listener-rule", Phase.DELETED),
                    tuple("target-group", Phase.RUNNING), tuple("target-group", Phase.DELETED),
                    tuple("task-definition", Phase.RUNNING), tuple("task-definition", Phase.DELETED),
                    tuple("instance", Phase.RUNNING), tuple("instance", Phase.DELETED),
                    tuple("token", Phase.RUNNING), tuple("token", Phase.DELETED));
            assertThat(events).filteredOn(e -> e.step().equals("instance")).extracting(ProgressEvent::detail)
                    .containsOnly("i-alice");
        }

        @Test
        void delete_whenTheNotebookIsStopped_terminatesItsInstanceToo() {
            aws.addNotebookWithRouting("alice", "stopped", 0, LAUNCHED);

            DeleteResult result = delete("alice");

            assertThat(result.deleted()).contains("instance i-alice");
            assertThat(aws.ec2.instance("i-alice").state()).isEqualTo("shutting-down");
        }
    }

    @Nested
    class WhatIsNotTheNotebooks {

        @Test
        void delete_whenAnotherNotebookSharesTheEnvironment_leavesAllOfItAlone() {
            aws.addNotebookWithRouting("alice", "running", 1, LAUNCHED);
            aws.addNotebookWithRouting("bob", "running", 1, LAUNCHED);

            delete("alice");

            assertThat(aws.ecs.service("notebook-bob")).isNotNull();
            assertThat(aws.elb.pathRules()).extracting(FakeElb.Rule::arn)
                    .containsExactly(FakeCloud.ruleArn("bob"));
            assertThat(aws.elb.targetGroups()).extracting(TargetGroupInfo::name).containsExactly("gn-default-bob");
            assertThat(aws.ecs.taskDefinitions("gpu-notebook-default-bob")).hasSize(1);
            assertThat(aws.ec2.instance("i-bob").state()).isEqualTo("running");
            assertThat(aws.ssm.values).containsKey("/gpu-notebook/default/bob/jupyter-token");
        }

        @Test
        void delete_whenAServiceOfTheNotebooksNameIsNotTaggedAsIt_leavesThatServiceAlone() {
            aws.addNotebookWithRouting("alice", "running", 1, LAUNCHED);
            // Someone made a service of the same name by hand in the shared cluster: not ours to delete.
            ServiceInfo byHand = new ServiceInfo(SERVICE_ARN, "notebook-alice", "ACTIVE", 1, 1, 0, "td", Map.of());
            aws.ecs.add(byHand);

            DeleteResult result = delete("alice");

            assertThat(aws.calls).doesNotContain("DeleteService notebook-alice");
            assertThat(aws.ecs.service("notebook-alice")).isEqualTo(byHand);
            assertThat(result.deleted()).noneMatch(line -> line.startsWith("service"))
                    .contains("instance i-alice");
        }
    }

    @Nested
    class ANotebookPartlyGone {

        @Test
        void delete_whenOnlySomeResourcesAreLeft_removesThoseAndNamesOnlyThem() {
            // What a start that died half-way leaves: a token and a target group, nothing else.
            aws.addNotebookWithRouting("alice", "running", 1, LAUNCHED);
            aws.ecs.deleteService(FakeCloud.ENVIRONMENT.clusterName(), "notebook-alice");
            aws.elb.deleteRule(FakeCloud.ruleArn("alice"));
            aws.ecs.deregisterTaskDefinitions("gpu-notebook-default-alice");
            aws.ec2.terminate("i-alice");
            aws.calls.clear();

            DeleteResult result = delete("alice");

            assertThat(result.deleted()).containsExactly("target-group " + TARGET_GROUP_ARN, "token " + TOKEN);
            assertThat(deletions()).containsExactly("DeleteTargetGroup " + TARGET_GROUP_ARN,
                    "DeleteParameter " + TOKEN);
        }

        @Test
        void delete_whenNothingOfTheNotebookExists_refusesAsNotFoundAndDeletesNothing() {
            aws.addNotebookWithRouting("bob", "running", 1, LAUNCHED);

            assertThatThrownBy(() -> delete("alice")).isInstanceOf(GpuNotebookException.class)
                    .hasMessage("There is no notebook named 'alice' in environment 'default' (us-east-1); nothing was"
                            + " deleted. `list` shows the notebooks.")
                    .extracting(e -> ((GpuNotebookException) e).reason()).isEqualTo(Reason.NOT_FOUND);
            assertThat(deletions()).isEmpty();
        }
    }
}
