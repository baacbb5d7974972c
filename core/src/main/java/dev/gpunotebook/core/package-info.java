/**
 * gpu-notebook's core: provisioning, lifecycle and diagnostics of GPU notebooks on ECS, behind the
 * facade {@link dev.gpunotebook.core.GpuNotebooks} that the front-ends call. No Slack code.
 *
 * <p>The libraries core takes, and where: the AWS SDK for Java v2, only in {@code core.aws} (the
 * other packages speak the project's records through the ports of {@code core.cloud}); Jackson for
 * JSON, configured once in {@link dev.gpunotebook.core.Json}, which the front-ends write with too;
 * SnakeYAML Engine for cloud-config user data, only in {@code core.diagnose.userdata}; slf4j for
 * logging. {@code PackageRulesTest} holds these rules and which core package may import which.
 */
package dev.gpunotebook.core;
