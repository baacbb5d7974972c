package dev.gpunotebook.core.cloud;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** ECS: the cluster, task definitions and services. */
public interface EcsGateway {

    /** The cluster's ARN if it exists and is ACTIVE. */
    Optional<String> findCluster(String clusterName);

    String createCluster(String clusterName, Map<String, String> tags);

    void deleteCluster(String clusterName);

    /** The ARN of the latest ACTIVE revision of the family. */
    Optional<String> findTaskDefinition(String family);

    String registerTaskDefinition(TaskDefinitionSpec spec);

    /** Deregisters every ACTIVE revision of the family. */
    void deregisterTaskDefinitions(String family);

    Optional<ServiceInfo> findService(String clusterName, String serviceName);

    ServiceInfo createService(ServiceSpec spec);

    /**
     * Sets the desired task count of a service; with {@code restartTasks} ECS replaces the running
     * task (a new deployment), which then reads its secrets again.
     */
    ServiceInfo scaleService(String clusterName, String serviceName, int desiredCount, boolean restartTasks);

    /** Scales the service to 0 and deletes it; tolerates a service already gone. */
    void deleteService(String clusterName, String serviceName);

    /** ACTIVE services of the cluster, with their tags. */
    List<ServiceInfo> services(String clusterName);
}
