package dev.gpunotebook.it.diagnose;

import com.google.gson.JsonParser;
import dev.gpunotebook.it.emulator.AwsEmulator;
import dev.gpunotebook.it.emulator.FaultInjector;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Attribute;

/**
 * Plays the ECS agent that does not run on emulated instances. {@link #boot(String)} registers an
 * instance as a container instance only when the real agent could: the user data must write an
 * {@code /etc/ecs/ecs.config} (its {@code ECS_CLUSTER}, else the agent uses {@code default}), the
 * instance needs an instance profile, and a way out (a public IP with a 0.0.0.0/0 route to an
 * internet gateway, or a route to a NAT gateway). moto registers every instance with fixed
 * resources (4096 CPU, 7482 MiB, no GPU) and ignores the instance attributes, so
 * {@link #injectDescribeContainerInstances} answers DescribeContainerInstances with what the agent
 * really registers (AWS's JSON shape): CPU 1024 per vCPU, the type's memory less the agent's
 * reserve, the GPU UUIDs when {@code ECS_ENABLE_GPU_SUPPORT=true} and the type has GPUs, and the
 * {@code ECS_INSTANCE_ATTRIBUTES}.
 */
final class EcsAgentSimulator implements AutoCloseable {

    /** What the agent keeps for itself and the OS on a GPU AMI, roughly (MiB). */
    static final int RESERVED_MIB = 600;

    private static final Pattern ECHO = Pattern.compile("(?m)^echo ([A-Z_]+)=(\\S*) >> /etc/ecs/ecs\\.config$");
    private static final Pattern HERE_DOCUMENT = Pattern.compile("(?ms)^cat (?:<<'?EOF'? >> /etc/ecs/ecs\\.config"
            + "|>> /etc/ecs/ecs\\.config <<'?EOF'?)\n(.*?)^EOF$");
    private static final Pattern WRITE_FILES = Pattern.compile("(?m)^  - path: /etc/ecs/ecs\\.config\n"
            + "    append: true\n    content: \\|\n((?:      .*\n?)+)");

    /** One registration, as the agent would have made it. */
    record Registration(String arn, String instanceId, String cluster, String instanceType, int cpu, int memoryMiB,
            List<String> gpuIds, Map<String, String> attributes, String status) {
        Registration withStatus(String value) {
            return new Registration(arn, instanceId, cluster, instanceType, cpu, memoryMiB, gpuIds, attributes, value);
        }
    }

    private final Ec2Client ec2;
    private final EcsClient ecs;
    private final Map<String, Registration> registrations = new LinkedHashMap<>();

    EcsAgentSimulator(AwsEmulator emulator) {
        this.ec2 = emulator.client(Ec2Client.builder());
        this.ecs = emulator.client(EcsClient.builder());
    }

    /** Boots the agent on {@code instanceId}: registers it where the real agent would, or nowhere. */
    Optional<Registration> boot(String instanceId) {
        Instance instance = ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0).instances().get(0);
        var value = ec2.describeInstanceAttribute(r -> r.instanceId(instanceId).attribute(InstanceAttributeName.USER_DATA))
                .userData();
        Map<String, String> config = ecsConfig(value == null || value.value() == null
                ? new byte[0] : Base64.getDecoder().decode(value.value()));
        if (instance.iamInstanceProfile() == null || !hasWayOut(instance)) {
            return Optional.empty();
        }
        String cluster = config.getOrDefault("ECS_CLUSTER", "default");
        if (ecs.describeClusters(r -> r.clusters(cluster)).clusters().isEmpty()) {
            ecs.createCluster(r -> r.clusterName(cluster)); // the agent creates "default" itself
        }
        boolean gpuSupport = Boolean.parseBoolean(config.get("ECS_ENABLE_GPU_SUPPORT"));
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("ecs.instance-type", instance.instanceTypeAsString());
        attributes.put("ecs.ami-id", instance.imageId());
        if (config.containsKey("ECS_INSTANCE_ATTRIBUTES")) {
            JsonParser.parseString(config.get("ECS_INSTANCE_ATTRIBUTES")).getAsJsonObject().entrySet()
                    .forEach(e -> attributes.put(e.getKey(), e.getValue().getAsString()));
        }
        String document = "{\"instanceId\":\"" + instanceId + "\",\"region\":\"" + AwsEmulator.REGION
                + "\",\"instanceType\":\"" + instance.instanceTypeAsString() + "\"}";
        String arn = ecs.registerContainerInstance(r -> r.cluster(cluster).instanceIdentityDocument(document)
                .attributes(attributes.entrySet().stream().map(e -> Attribute.builder().name(e.getKey())
                        .value(e.getValue()).build()).toList())).containerInstance().containerInstanceArn();
        InstanceTypeInfo type = ec2.describeInstanceTypes(r -> r.instanceTypesWithStrings(instance.instanceTypeAsString()))
                .instanceTypes().get(0);
        int gpus = type.gpuInfo() == null ? 0 : type.gpuInfo().gpus().stream().mapToInt(g -> g.count()).sum();
        List<String> gpuIds = new ArrayList<>();
        for (int i = 0; gpuSupport && i < gpus; i++) {
            gpuIds.add("GPU-" + UUID.nameUUIDFromBytes((instanceId + "/" + i).getBytes()));
        }
        Registration registration = new Registration(arn, instanceId, cluster, instance.instanceTypeAsString(),
                type.vCpuInfo().defaultVCpus() * 1024, (int) (type.memoryInfo().sizeInMiB() - RESERVED_MIB), gpuIds,
                attributes, "ACTIVE");
        registrations.put(instanceId, registration);
        return Optional.of(registration);
    }

    /**
     * What the agent finds in {@code /etc/ecs/ecs.config} once cloud-init has run {@code userData}, for the shapes
     * the tests write and no other, gzipped or not: {@code echo KEY=VALUE >> /etc/ecs/ecs.config} lines, a
     * {@code cat} here-document ending in {@code EOF} appended to the file (also inside a MIME part), and a
     * cloud-config {@code write_files} entry for the file. This is the tests' own model, deliberately not the
     * parser that the checks under test use: a diagnosis is compared with what these literal shapes mean. User data
     * that names the file in any other way fails the test, so a new shape gets modelled on purpose.
     */
    static Map<String, String> ecsConfig(byte[] userData) {
        String text = gunzipped(userData);
        Map<String, String> settings = new LinkedHashMap<>();
        boolean modelled = false;
        for (Matcher echo = ECHO.matcher(text); echo.find(); modelled = true) {
            settings.put(echo.group(1), echo.group(2));
        }
        for (Pattern block : List.of(HERE_DOCUMENT, WRITE_FILES)) {
            for (Matcher found = block.matcher(text); found.find(); modelled = true) {
                found.group(1).lines().map(String::strip).filter(line -> !line.isEmpty()).forEach(line ->
                        settings.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
            }
        }
        if (!modelled && text.contains("ecs.config")) {
            throw new AssertionError("EcsAgentSimulator does not model this user data; add its shape to ecsConfig:\n"
                    + text);
        }
        return settings;
    }

    private static String gunzipped(byte[] bytes) {
        boolean gzip = bytes.length > 1 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
        if (!gzip) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The agent's answer to {@code DeregisterContainerInstance}: moto forgets the instance entirely. */
    void deregister(String instanceId) {
        Registration r = registrations.remove(instanceId);
        ecs.deregisterContainerInstance(x -> x.cluster(r.cluster()).containerInstance(r.arn()).force(true));
    }

    /** UpdateContainerInstancesState, as an operator would call it. */
    void drain(String instanceId) {
        Registration r = registrations.get(instanceId);
        ecs.updateContainerInstancesState(x -> x.cluster(r.cluster()).containerInstances(r.arn()).status("DRAINING"));
        registrations.put(instanceId, r.withStatus("DRAINING"));
    }

    List<Registration> registrations() {
        return List.copyOf(registrations.values());
    }

    /**
     * Injects AWS's DescribeContainerInstances answer for every registration (the collector keeps
     * the ones of the cluster it asked about, by ARN).
     */
    void injectDescribeContainerInstances(FaultInjector faults) {
        StringBuilder json = new StringBuilder("{\"containerInstances\":[");
        boolean first = true;
        for (Registration r : registrations.values()) {
            json.append(first ? "" : ",").append(containerInstanceJson(r));
            first = false;
        }
        json.append("],\"failures\":[]}");
        faults.injectJson("AmazonEC2ContainerServiceV20141113.DescribeContainerInstances", 200, json.toString());
    }

    private static String containerInstanceJson(Registration r) {
        StringBuilder attributes = new StringBuilder();
        r.attributes().forEach((k, v) -> attributes.append(attributes.length() == 0 ? "" : ",")
                .append("{\"name\":\"").append(k).append("\",\"value\":").append(quote(v)).append('}'));
        String resources = "[" + integer("CPU", r.cpu()) + "," + integer("MEMORY", r.memoryMiB())
                + ",{\"name\":\"PORTS\",\"type\":\"STRINGSET\",\"doubleValue\":0.0,\"longValue\":0,\"integerValue\":0,"
                + "\"stringSetValue\":[\"22\",\"2375\",\"2376\",\"51678\",\"51679\"]}"
                + ",{\"name\":\"PORTS_UDP\",\"type\":\"STRINGSET\",\"doubleValue\":0.0,\"longValue\":0,\"integerValue\":0,"
                + "\"stringSetValue\":[]}"
                + (r.gpuIds().isEmpty() ? "" : ",{\"name\":\"GPU\",\"type\":\"STRINGSET\",\"doubleValue\":0.0,"
                        + "\"longValue\":0,\"integerValue\":0,\"stringSetValue\":["
                        + String.join(",", r.gpuIds().stream().map(EcsAgentSimulator::quote).toList()) + "]}")
                + "]";
        return "{\"containerInstanceArn\":\"" + r.arn() + "\",\"ec2InstanceId\":\"" + r.instanceId() + "\","
                + "\"version\":3,\"versionInfo\":{\"agentVersion\":\"1.89.2\",\"agentHash\":\"5bf7ad7e\","
                + "\"dockerVersion\":\"DockerVersion: 25.0.8\"},\"remainingResources\":" + resources
                + ",\"registeredResources\":" + resources + ",\"status\":\"" + r.status() + "\",\"agentConnected\":true,"
                + "\"runningTasksCount\":0,\"pendingTasksCount\":0,\"agentUpdateStatus\":\"NOT_STAGED\","
                + "\"attributes\":[" + attributes + "],\"registeredAt\":1.73624E9,\"tags\":[]}";
    }

    private static String integer(String name, int value) {
        return "{\"name\":\"" + name + "\",\"type\":\"INTEGER\",\"doubleValue\":0.0,\"longValue\":0,\"integerValue\":"
                + value + "}";
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private boolean hasWayOut(Instance instance) {
        List<RouteTable> tables = ec2.describeRouteTables(r -> r.filters(f -> f.name("vpc-id").values(instance.vpcId())))
                .routeTables();
        RouteTable table = tables.stream().filter(t -> t.associations().stream()
                .anyMatch(a -> instance.subnetId().equals(a.subnetId()))).findFirst()
                .orElse(tables.stream().filter(t -> t.associations().stream().anyMatch(a -> Boolean.TRUE.equals(a.main())))
                        .findFirst().orElse(null));
        if (table == null) {
            return false;
        }
        boolean publicIp = instance.publicIpAddress() != null;
        return table.routes().stream().filter(r -> "0.0.0.0/0".equals(r.destinationCidrBlock())).anyMatch(r ->
                r.natGatewayId() != null || (publicIp && r.gatewayId() != null && r.gatewayId().startsWith("igw-")));
    }

    @Override
    public void close() {
        ec2.close();
        ecs.close();
    }
}
