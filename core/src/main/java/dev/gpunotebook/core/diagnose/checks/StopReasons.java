package dev.gpunotebook.core.diagnose.checks;

import dev.gpunotebook.core.diagnose.snapshot.TaskFacts;
import dev.gpunotebook.core.diagnose.snapshot.TaskFacts.ContainerState;
import java.util.Locale;
import java.util.Optional;

/**
 * What a stopped task's {@code stoppedReason}, {@code stopCode} and container exit codes mean,
 * after AWS's "stopped task error codes" page, and what fixes them.
 */
final class StopReasons {
    private StopReasons() {
    }

    enum Kind {
        /** Stopped on purpose: a deployment, scaling, a person. */
        EXPECTED,
        /** Failed ELB health checks: target.health owns the cause. */
        HEALTH,
        /** Anything else: the task could not start or died. */
        FAILURE
    }

    record Meaning(Kind kind, String reason, String fix) {
    }

    static Meaning explain(TaskFacts task) {
        String reason = task.stoppedReason();
        String text = (reason + " " + task.stopCode() + " " + String.join(" ",
                task.containers().stream().map(ContainerState::reason).toList())).toLowerCase(Locale.ROOT);
        if (text.contains("failed elb health checks") || text.contains("failed container health checks")) {
            return new Meaning(Kind.HEALTH, "the task failed its health checks and ECS replaced it", "See target.health.");
        }
        if (text.contains("cannotpullcontainererror")) {
            return pull(text);
        }
        if (text.contains("resourceinitializationerror")) {
            // Both start "unable to pull secrets or registry auth: ..."; only the rest tells which one failed.
            if (text.contains("ecr registry auth")) {
                return failure("the agent could not get ECR credentials for the image pull",
                        "Give the task execution role ecr:GetAuthorizationToken (AmazonECSTaskExecutionRolePolicy has it), "
                                + "and check the way out to ECR's API endpoint (see network.outbound).");
            }
            if (text.contains("secret") || text.contains("ssm") || text.contains("parameter")) {
                return failure("the agent could not fetch the task's secrets (SSM parameters / Secrets Manager)",
                        "Give the task execution role ssm:GetParameters (and kms:Decrypt for a SecureString with a "
                                + "customer key) or secretsmanager:GetSecretValue on those secrets, and check the way "
                                + "out to SSM (see network.outbound).");
            }
            if (text.contains("log")) {
                return failure("the log configuration is invalid (for example the awslogs log group does not exist)",
                        "Create the log group (aws logs create-log-group) or set awslogs-create-group=true and allow "
                                + "logs:CreateLogGroup.");
            }
            return failure("the task's resources (secrets, registry credentials, volumes) could not be prepared",
                    "Check the task execution role and the way out to AWS endpoints.");
        }
        if (text.contains("could not select device driver") || text.contains("nvidia-container-cli")
                || text.contains("nvidia")) {
            return failure("Docker could not give the container a GPU (NVIDIA runtime or driver missing or broken)",
                    "Use the ECS GPU-optimized AMI (see instance.ami) and check nvidia-smi on the instance.");
        }
        if (text.contains("outofmemory") || exitCode(task, 137) && text.contains("memory")) {
            return failure("the container ran out of memory and was killed",
                    "Raise the container's memory limit (memory) or use an instance with more memory.");
        }
        if (text.contains("cannotstartcontainererror") || text.contains("cannotcreatecontainererror")) {
            return failure("Docker could not start the container", "Read the full reason: aws ecs describe-tasks "
                    + "--cluster CLUSTER --tasks " + task.id());
        }
        if (text.contains("essential container in task exited") || task.stopCode().equals("EssentialContainerExited")) {
            Optional<ContainerState> exited = task.containers().stream().filter(c -> c.exitCode() != null
                    && c.exitCode() != 0).findFirst();
            String code = exited.map(c -> c.name() + " exited with code " + c.exitCode() + exitMeaning(c.exitCode())
                    + (c.reason().isBlank() ? "" : " (" + c.reason() + ")")).orElse("the essential container exited");
            return failure(code, "Read the container's log (the awslogs group of the task definition): aws logs tail "
                    + "LOG_GROUP --since 1h");
        }
        if (text.contains("host ec2") && (text.contains("stopped") || text.contains("terminated"))) {
            return failure("the instance under the task stopped or was terminated", "See instance.state.");
        }
        if (task.stopCode().equals("SpotInterruption")) {
            return failure("the Spot instance was reclaimed", "Use On-Demand capacity for notebooks.");
        }
        if (task.stopCode().equals("UserInitiated") || task.stopCode().equals("ServiceSchedulerInitiated")
                || text.contains("scaling activity initiated by") || text.contains("deployment")
                || text.contains("task stopped by user")) {
            return new Meaning(Kind.EXPECTED, "stopped on purpose (" + (reason.isBlank() ? task.stopCode() : reason)
                    + ")", "");
        }
        if (task.stopCode().equals("TaskFailedToStart")) {
            return failure("the task failed to start", "Read the full reason: aws ecs describe-tasks --cluster "
                    + "CLUSTER --tasks " + task.id());
        }
        return failure(reason.isBlank() ? "the task stopped (" + task.stopCode() + ")" : reason,
                "Read the task's log and aws ecs describe-tasks --cluster CLUSTER --tasks " + task.id());
    }

    private static Meaning pull(String text) {
        if (text.contains("i/o timeout") || text.contains("context deadline exceeded") || text.contains("dial tcp")
                || text.contains("connection refused") || text.contains("no such host")) {
            return failure("the image pull timed out: the instance cannot reach the registry",
                    "Give the instance a way out (NAT gateway or public IP), or VPC endpoints for ecr.api, ecr.dkr and "
                            + "an s3 gateway endpoint for ECR images (see network.outbound).");
        }
        if (text.contains("accessdenied") || text.contains("not authorized") || text.contains("403")) {
            return failure("the registry refused the pull (ECR permissions)", "Attach AmazonECSTaskExecutionRolePolicy "
                    + "to the task execution role (or give the instance role ecr:GetAuthorizationToken, "
                    + "ecr:BatchGetImage, ecr:GetDownloadUrlForLayer).");
        }
        if (text.contains("toomanyrequests")) {
            return failure("Docker Hub's pull rate limit was hit",
                    "Mirror the image to ECR (or an ECR pull-through cache) and use that URI.");
        }
        if (text.contains("not found") || text.contains("manifest unknown") || text.contains("does not exist")
                || text.contains("pull access denied")) {
            return failure("the image does not exist, or the registry needs credentials",
                    "Check the image URI and tag in the task definition; for a private registry set "
                            + "repositoryCredentials.");
        }
        return failure("the image could not be pulled", "Check the image URI, the registry permissions and the way out "
                + "(see network.outbound).");
    }

    private static boolean exitCode(TaskFacts task, int code) {
        return task.containers().stream().anyMatch(c -> c.exitCode() != null && c.exitCode() == code);
    }

    private static String exitMeaning(int code) {
        return switch (code) {
            case 1 -> " (an error in the program)";
            case 126, 127 -> " (command not found or not executable)";
            case 137 -> " (killed: out of memory, or did not stop in time)";
            case 139 -> " (segmentation fault)";
            case 143 -> " (terminated by SIGTERM)";
            default -> "";
        };
    }

    private static Meaning failure(String reason, String fix) {
        return new Meaning(Kind.FAILURE, reason, fix);
    }
}
