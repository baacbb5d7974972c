package dev.gpunotebook.it.docker;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The bot's IAM policy (docker/bot/iam-policy.json) and its copy in docker/README.md. */
class IamPolicyTest {

    /** Every call the bot makes, as listed in issue 6. */
    private static final Set<String> REQUIRED = Set.of(
            "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeInstances",
            "ec2:DescribeInstanceTypes", "ec2:DescribeInstanceTypeOfferings", "ec2:DescribeAvailabilityZones",
            "ec2:DescribeRouteTables", "ec2:DescribeInternetGateways", "ec2:DescribeNatGateways",
            "ec2:DescribeVpcEndpoints", "ec2:DescribeNetworkAcls", "ec2:DescribeImages",
            "ec2:DescribeInstanceAttribute", "ec2:RunInstances", "ec2:StartInstances", "ec2:StopInstances",
            "ec2:TerminateInstances", "ec2:CreateTags", "ec2:CreateVpc", "ec2:CreateSubnet",
            "ec2:CreateInternetGateway", "ec2:AttachInternetGateway", "ec2:CreateRouteTable", "ec2:CreateRoute",
            "ec2:AssociateRouteTable", "ec2:ModifySubnetAttribute", "ec2:CreateSecurityGroup",
            "ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress",
            "ecs:CreateCluster", "ecs:DescribeClusters", "ecs:RegisterTaskDefinition", "ecs:DeregisterTaskDefinition",
            "ecs:DescribeTaskDefinition", "ecs:ListTaskDefinitions", "ecs:CreateService", "ecs:UpdateService",
            "ecs:DeleteService", "ecs:DescribeServices", "ecs:ListServices", "ecs:ListContainerInstances",
            "ecs:DescribeContainerInstances", "ecs:ListTasks", "ecs:DescribeTasks", "ecs:TagResource",
            "elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:DescribeLoadBalancers",
            "elasticloadbalancing:CreateTargetGroup", "elasticloadbalancing:DeleteTargetGroup",
            "elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetHealth",
            "elasticloadbalancing:CreateListener", "elasticloadbalancing:DescribeListeners",
            "elasticloadbalancing:CreateRule", "elasticloadbalancing:DeleteRule", "elasticloadbalancing:DescribeRules",
            "elasticloadbalancing:AddTags", "elasticloadbalancing:DescribeTags",
            "iam:CreateRole", "iam:GetRole", "iam:AttachRolePolicy", "iam:PutRolePolicy", "iam:CreateInstanceProfile",
            "iam:GetInstanceProfile", "iam:AddRoleToInstanceProfile", "iam:ListAttachedRolePolicies",
            "iam:ListRolePolicies", "iam:GetRolePolicy", "iam:PassRole", "iam:TagRole", "iam:TagInstanceProfile",
            "ssm:GetParameter", "ssm:PutParameter", "ssm:DeleteParameter", "ssm:AddTagsToResource",
            "servicequotas:GetServiceQuota", "sts:GetCallerIdentity",
            "logs:CreateLogGroup", "logs:PutRetentionPolicy", "logs:DescribeLogGroups", "logs:GetLogEvents",
            "logs:FilterLogEvents", "logs:TagResource");

    /** Actions IAM authorizes on "*" only; the README explains each. */
    private static final Set<String> UNSCOPABLE = Set.of(
            "ec2:DescribeAvailabilityZones", "ec2:DescribeImages", "ec2:DescribeInstanceTypeOfferings",
            "ec2:DescribeInstanceTypes", "ec2:DescribeInstances", "ec2:DescribeInternetGateways",
            "ec2:DescribeNatGateways", "ec2:DescribeNetworkAcls", "ec2:DescribeRouteTables",
            "ec2:DescribeSecurityGroups", "ec2:DescribeSubnets", "ec2:DescribeVpcEndpoints", "ec2:DescribeVpcs",
            "ecs:DescribeTaskDefinition", "ecs:ListServices", "ecs:ListTaskDefinitions", "ecs:ListTasks",
            "ecs:RegisterTaskDefinition", "ecs:DeregisterTaskDefinition",
            "elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeLoadBalancers",
            "elasticloadbalancing:DescribeRules", "elasticloadbalancing:DescribeTags",
            "elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetHealth",
            "logs:DescribeLogGroups", "sts:GetCallerIdentity");

    /** The one statement allowed generic ARNs without a condition (adopted subnets and groups carry no tag). */
    private static final String UNTAGGED_NETWORK_SID = "Ec2RunInstancesNetworkResources";

    @Test
    void policy_whenReadmeCopyCompared_equalsTheFile() throws IOException {
        String readme = Files.readString(RepoRoot.find().resolve("docker/README.md"));
        int section = readme.indexOf("## IAM policy of the bot");
        assertThat(section).as("README section").isNotNegative();
        Matcher block = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(block.find(section)).as("a json block in the IAM section").isTrue();

        assertThat(JsonParser.parseString(block.group(1))).isEqualTo(policy());
    }

    @Test
    void policy_whenParsed_allowsEveryCallOfTheBot() throws IOException {
        assertThat(allowedActions()).containsAll(REQUIRED);
    }

    @Test
    void policy_whenParsed_hasOnlyAllowStatementsWithExplicitActions() throws IOException {
        for (JsonObject statement : statements()) {
            assertThat(statement.get("Effect").getAsString()).isEqualTo("Allow");
            assertThat(statement.has("NotAction")).isFalse();
            assertThat(statement.has("NotResource")).isFalse();
            assertThat(strings(statement.get("Action"))).allSatisfy(a -> assertThat(a).matches("[a-z0-9-]+:[A-Za-z]+"));
        }
    }

    @Test
    void policy_whenResourceIsStar_onlyHasUnscopableActionsOrACondition() throws IOException {
        for (JsonObject statement : statements()) {
            if (strings(statement.get("Resource")).contains("*") && !statement.has("Condition")) {
                assertThat(strings(statement.get("Action"))).as(statement.get("Sid").getAsString())
                        .allSatisfy(a -> assertThat(UNSCOPABLE).contains(a));
            }
        }
    }

    @Test
    void policy_whenArnIsGeneric_requiresATagConditionExceptForAdoptedNetwork() throws IOException {
        for (JsonObject statement : statements()) {
            String sid = statement.get("Sid").getAsString();
            boolean generic = strings(statement.get("Resource")).stream().anyMatch(r -> !r.equals("*")
                    && !r.contains("gpu-notebook") && !r.contains("/gn-") && !r.contains("/aws/service/")
                    && !r.startsWith("arn:aws:servicequotas:"));
            if (generic && !sid.equals(UNTAGGED_NETWORK_SID)) {
                assertThat(statement.has("Condition")).as(sid + " uses generic ARNs").isTrue();
            }
        }
    }

    @Test
    void policy_whenPassRole_isLimitedToTheTwoRolesAndTheirServices() throws IOException {
        List<JsonObject> passRole = statements().stream()
                .filter(s -> strings(s.get("Action")).contains("iam:PassRole")).toList();

        assertThat(passRole).hasSize(2);
        assertThat(passRole).allSatisfy(s -> assertThat(strings(s.get("Action"))).containsExactly("iam:PassRole"));
        assertThat(passRole.stream().map(s -> s.get("Resource").getAsString() + " -> "
                + s.getAsJsonObject("Condition").getAsJsonObject("StringEquals").get("iam:PassedToService").getAsString()))
                .containsExactlyInAnyOrder(
                        "arn:aws:iam::*:role/gpu-notebook-*-instance -> ec2.amazonaws.com",
                        "arn:aws:iam::*:role/gpu-notebook-*-task-execution -> ecs-tasks.amazonaws.com");
    }

    @Test
    void policy_whenAttachRolePolicy_allowsOnlyTheTwoEcsManagedPolicies() throws IOException {
        List<JsonObject> attach = statements().stream()
                .filter(s -> strings(s.get("Action")).contains("iam:AttachRolePolicy")).toList();

        assertThat(attach).hasSize(1);
        assertThat(strings(attach.get(0).getAsJsonObject("Condition").getAsJsonObject("ArnEquals").get("iam:PolicyARN")))
                .containsExactlyInAnyOrder(
                        "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role",
                        "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy");
    }

    @Test
    void policy_whenMeasured_fitsAnInlineRolePolicy() throws IOException {
        String text = Files.readString(RepoRoot.find().resolve("docker/bot/iam-policy.json"));

        assertThat(text.replaceAll("\\s", "").length()).isLessThanOrEqualTo(10_240);
    }

    @Test
    void readme_whenRead_explainsEveryAllowedActionOutsideTheJson() throws IOException {
        String readme = Files.readString(RepoRoot.find().resolve("docker/README.md"));
        String prose = readme.replaceAll("(?s)```json\\n.*?```", "");

        assertThat(allowedActions()).allSatisfy(a -> assertThat(prose).contains("`" + a + "`"));
    }

    private static JsonElement policy() throws IOException {
        return JsonParser.parseString(Files.readString(RepoRoot.find().resolve("docker/bot/iam-policy.json")));
    }

    private static List<JsonObject> statements() throws IOException {
        List<JsonObject> statements = new ArrayList<>();
        policy().getAsJsonObject().getAsJsonArray("Statement").forEach(s -> statements.add(s.getAsJsonObject()));
        return statements;
    }

    private static Set<String> allowedActions() throws IOException {
        Set<String> actions = new TreeSet<>();
        statements().forEach(s -> actions.addAll(strings(s.get("Action"))));
        return actions;
    }

    private static List<String> strings(JsonElement element) {
        List<String> values = new ArrayList<>();
        if (element.isJsonArray()) {
            element.getAsJsonArray().forEach(e -> values.add(e.getAsString()));
        } else {
            values.add(element.getAsString());
        }
        return values;
    }
}
