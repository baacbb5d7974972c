package dev.gpunotebook.it.provision;

import dev.gpunotebook.it.emulator.AwsEmulator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Every resource of the kinds that setup and start make, as the emulator holds them now, one line each
 * ({@code "subnet subnet-0abc"}). A test takes one inventory before an operation that fails and one after: what
 * the second has more is what the rollback left behind, whatever its name and tags, so an untagged route table
 * or a role that setup named differently shows as well. Only sound in a world per test, where nothing else runs
 * in the emulator meanwhile.
 */
final class AccountInventory {

    private AccountInventory() {
    }

    static Set<String> take(AwsEmulator emulator) {
        Set<String> all = new TreeSet<>();
        try (Ec2Client ec2 = emulator.client(Ec2Client.builder())) {
            ec2.describeVpcsPaginator().vpcs().forEach(v -> all.add("vpc " + v.vpcId()));
            ec2.describeSubnetsPaginator().subnets().forEach(s -> all.add("subnet " + s.subnetId()));
            ec2.describeInternetGatewaysPaginator().internetGateways()
                    .forEach(g -> all.add("internet gateway " + g.internetGatewayId()));
            ec2.describeRouteTablesPaginator().routeTables().forEach(t -> all.add("route table " + t.routeTableId()));
            ec2.describeSecurityGroupsPaginator().securityGroups().forEach(g -> all.add("security group " + g.groupId()));
            ec2.describeInstancesPaginator(r -> r.filters(Filter.builder().name("instance-state-name")
                            .values("pending", "running", "stopping", "stopped").build()))
                    .reservations().forEach(res -> res.instances().forEach(i -> all.add("instance " + i.instanceId())));
        }
        try (IamClient iam = emulator.client(IamClient.builder())) {
            iam.listRolesPaginator().roles().forEach(r -> all.add("role " + r.roleName()));
            iam.listInstanceProfilesPaginator().instanceProfiles()
                    .forEach(p -> all.add("instance profile " + p.instanceProfileName()));
        }
        try (CloudWatchLogsClient logs = emulator.client(CloudWatchLogsClient.builder())) {
            logs.describeLogGroupsPaginator(r -> { }).logGroups().forEach(g -> all.add("log group " + g.logGroupName()));
        }
        try (EcsClient ecs = emulator.client(EcsClient.builder())) {
            // A deleted cluster stays listed as INACTIVE for a while (on AWS as in moto): it is gone.
            List<String> clusters = ecs.listClustersPaginator(r -> { }).clusterArns().stream().toList();
            if (!clusters.isEmpty()) {
                ecs.describeClusters(r -> r.clusters(clusters)).clusters().stream()
                        .filter(c -> "ACTIVE".equals(c.status())).forEach(c -> all.add("cluster " + c.clusterArn()));
            }
            ecs.listTaskDefinitionsPaginator(r -> r.status(TaskDefinitionStatus.ACTIVE)).taskDefinitionArns()
                    .forEach(arn -> all.add("task definition " + arn));
        }
        try (ElasticLoadBalancingV2Client elb = emulator.client(ElasticLoadBalancingV2Client.builder())) {
            elb.describeLoadBalancersPaginator(r -> { }).loadBalancers()
                    .forEach(lb -> all.add("load balancer " + lb.loadBalancerArn()));
            elb.describeTargetGroupsPaginator(r -> { }).targetGroups()
                    .forEach(g -> all.add("target group " + g.targetGroupArn()));
        }
        try (SsmClient ssm = emulator.client(SsmClient.builder())) {
            // The emulator's own public parameters live under /aws/; gpu-notebook's under /gpu-notebook/.
            ssm.getParametersByPathPaginator(r -> r.path("/gpu-notebook/").recursive(true)).stream()
                    .flatMap(page -> page.parameters().stream()).forEach(p -> all.add("parameter " + p.name()));
        }
        return all;
    }

    /** What {@code after} holds that {@code before} did not. */
    static Set<String> added(Set<String> before, Set<String> after) {
        Set<String> added = new TreeSet<>(after);
        added.removeAll(before);
        return added;
    }
}
