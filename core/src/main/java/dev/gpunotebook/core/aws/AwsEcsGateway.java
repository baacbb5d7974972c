package dev.gpunotebook.core.aws;

import static dev.gpunotebook.core.aws.AwsErrors.call;

import dev.gpunotebook.core.GpuNotebookException;
import dev.gpunotebook.core.cloud.EcsGateway;
import dev.gpunotebook.core.cloud.ServiceInfo;
import dev.gpunotebook.core.cloud.ServiceSpec;
import dev.gpunotebook.core.cloud.TaskDefinitionSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PlacementConstraintType;
import software.amazon.awssdk.services.ecs.model.PropagateTags;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.ServiceNotActiveException;
import software.amazon.awssdk.services.ecs.model.ServiceNotFoundException;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;
import software.amazon.awssdk.services.ecs.model.TransportProtocol;

/** {@link EcsGateway} with the AWS SDK's ECS client. */
final class AwsEcsGateway implements EcsGateway {

    /** DescribeServices takes at most 10 services per call. */
    private static final int DESCRIBE_SERVICES_BATCH = 10;

    private final EcsClient ecs;

    AwsEcsGateway(EcsClient ecs) {
        this.ecs = ecs;
    }

    @Override
    public Optional<String> findCluster(String clusterName) {
        return call("ecs:DescribeClusters", () -> ecs.describeClusters(r -> r.clusters(clusterName))).clusters().stream()
                .filter(c -> "ACTIVE".equals(c.status())).map(c -> c.clusterArn()).findFirst();
    }

    @Override
    public String createCluster(String clusterName, Map<String, String> tags) {
        return call("ecs:CreateCluster", () -> ecs.createCluster(r -> r.clusterName(clusterName).tags(tags(tags))))
                .cluster().clusterArn();
    }

    @Override
    public void deleteCluster(String clusterName) {
        try {
            ecs.deleteCluster(r -> r.cluster(clusterName));
        } catch (ClusterNotFoundException e) {
            // already gone
        } catch (SdkException e) {
            throw AwsErrors.translate("ecs:DeleteCluster", e);
        }
    }

    @Override
    public Optional<String> findTaskDefinition(String family) {
        return activeRevisions(family).stream().max(Comparator.comparingInt(AwsEcsGateway::revision));
    }

    private List<String> activeRevisions(String family) {
        List<String> arns = new ArrayList<>();
        call("ecs:ListTaskDefinitions", () -> {
            ecs.listTaskDefinitionsPaginator(r -> r.familyPrefix(family).status(TaskDefinitionStatus.ACTIVE))
                    .taskDefinitionArns().forEach(arns::add);
            return null;
        });
        // familyPrefix matches prefixes: keep only this exact family.
        return arns.stream().filter(arn -> arn.substring(arn.lastIndexOf('/') + 1).startsWith(family + ":")).toList();
    }

    private static int revision(String arn) {
        return Integer.parseInt(arn.substring(arn.lastIndexOf(':') + 1));
    }

    @Override
    public String registerTaskDefinition(TaskDefinitionSpec spec) {
        ContainerDefinition container = ContainerDefinition.builder()
                .name(spec.containerName())
                .image(spec.image())
                .essential(true)
                .memory(spec.memoryMib())
                .portMappings(p -> p.containerPort(spec.containerPort()).hostPort(0).protocol(TransportProtocol.TCP))
                .resourceRequirements(r -> r.type("GPU").value(Integer.toString(spec.gpus())))
                .command(spec.command())
                .environment(spec.environment().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(e -> KeyValuePair.builder().name(e.getKey()).value(e.getValue()).build()).toList())
                .secrets(spec.secrets().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(e -> Secret.builder().name(e.getKey()).valueFrom(e.getValue()).build()).toList())
                .logConfiguration(l -> l.logDriver(LogDriver.AWSLOGS).options(Map.of("awslogs-group", spec.logGroup(),
                        "awslogs-region", spec.logRegion(), "awslogs-stream-prefix", spec.logStreamPrefix())))
                .mountPoints(m -> m.sourceVolume(spec.volumeName()).containerPath(spec.containerPath()).readOnly(false))
                .build();
        return call("ecs:RegisterTaskDefinition", () -> ecs.registerTaskDefinition(r -> r.family(spec.family())
                .networkMode(NetworkMode.BRIDGE)
                .requiresCompatibilities(Compatibility.EC2)
                .executionRoleArn(spec.executionRoleArn())
                .containerDefinitions(container)
                .volumes(v -> v.name(spec.volumeName()).host(h -> h.sourcePath(spec.hostPath())))
                .tags(tags(spec.tags())))).taskDefinition().taskDefinitionArn();
    }

    @Override
    public void deregisterTaskDefinitions(String family) {
        for (String arn : activeRevisions(family)) {
            call("ecs:DeregisterTaskDefinition", () -> ecs.deregisterTaskDefinition(r -> r.taskDefinition(arn)));
        }
    }

    @Override
    public Optional<ServiceInfo> findService(String clusterName, String serviceName) {
        return describeServices(clusterName, List.of(serviceName)).stream().filter(s -> "ACTIVE".equals(s.status()))
                .findFirst();
    }

    private List<ServiceInfo> describeServices(String clusterName, List<String> names) {
        List<ServiceInfo> services = new ArrayList<>();
        for (int from = 0; from < names.size(); from += DESCRIBE_SERVICES_BATCH) {
            List<String> batch = names.subList(from, Math.min(names.size(), from + DESCRIBE_SERVICES_BATCH));
            try {
                ecs.describeServices(r -> r.cluster(clusterName).services(batch).include(ServiceField.TAGS)).services()
                        .forEach(s -> services.add(service(s)));
            } catch (ClusterNotFoundException e) {
                return List.of();
            } catch (SdkException e) {
                throw AwsErrors.translate("ecs:DescribeServices", e);
            }
        }
        return services;
    }

    @Override
    public ServiceInfo createService(ServiceSpec spec) {
        Service service = call("ecs:CreateService", () -> ecs.createService(r -> r.cluster(spec.clusterName())
                .serviceName(spec.serviceName())
                .taskDefinition(spec.taskDefinitionArn())
                .desiredCount(1)
                .launchType(LaunchType.EC2)
                .loadBalancers(lb -> lb.targetGroupArn(spec.targetGroupArn()).containerName(spec.containerName())
                        .containerPort(spec.containerPort()))
                .placementConstraints(p -> p.type(PlacementConstraintType.MEMBER_OF).expression(spec.placementExpression()))
                .healthCheckGracePeriodSeconds(spec.healthCheckGraceSeconds())
                // One GPU instance per notebook: the old task must stop before the new one can place.
                .deploymentConfiguration(d -> d.minimumHealthyPercent(0).maximumPercent(100))
                .propagateTags(PropagateTags.SERVICE)
                .enableECSManagedTags(true)
                .tags(tags(spec.tags())))).service();
        return service(service);
    }

    @Override
    public ServiceInfo scaleService(String clusterName, String serviceName, int desiredCount, boolean restartTasks) {
        try {
            return service(ecs.updateService(r -> r.cluster(clusterName).service(serviceName).desiredCount(desiredCount)
                    .forceNewDeployment(restartTasks)).service());
        } catch (ServiceNotFoundException | ServiceNotActiveException e) {
            throw GpuNotebookException.of(GpuNotebookException.Reason.NOT_FOUND, "The ECS service " + serviceName
                    + " does not exist (any more) in cluster " + clusterName + ". Run start again to recreate it.", e);
        } catch (ClusterNotFoundException e) {
            throw GpuNotebookException.of(GpuNotebookException.Reason.NOT_FOUND, "The ECS cluster " + clusterName
                    + " does not exist. Run setup, then start the notebook again.", e);
        } catch (SdkException e) {
            throw AwsErrors.translate("ecs:UpdateService", e);
        }
    }

    @Override
    public void deleteService(String clusterName, String serviceName) {
        try {
            ecs.updateService(r -> r.cluster(clusterName).service(serviceName).desiredCount(0));
            ecs.deleteService(r -> r.cluster(clusterName).service(serviceName));
        } catch (ServiceNotFoundException | ServiceNotActiveException | ClusterNotFoundException e) {
            // already gone
        } catch (SdkException e) {
            throw AwsErrors.translate("ecs:DeleteService", e);
        }
    }

    @Override
    public List<ServiceInfo> services(String clusterName) {
        List<String> arns = new ArrayList<>();
        try {
            ecs.listServicesPaginator(r -> r.cluster(clusterName)).serviceArns().forEach(arns::add);
        } catch (ClusterNotFoundException e) {
            return List.of();
        } catch (SdkException e) {
            throw AwsErrors.translate("ecs:ListServices", e);
        }
        return describeServices(clusterName, arns).stream().filter(s -> "ACTIVE".equals(s.status())).toList();
    }

    private static ServiceInfo service(Service s) {
        return new ServiceInfo(s.serviceArn(), s.serviceName(), s.status(),
                s.desiredCount() == null ? 0 : s.desiredCount(), s.runningCount() == null ? 0 : s.runningCount(),
                s.pendingCount() == null ? 0 : s.pendingCount(), s.taskDefinition(),
                s.tags().stream().collect(Collectors.toMap(Tag::key, t -> t.value() == null ? "" : t.value(), (a, b) -> b)));
    }

    private static List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

}
