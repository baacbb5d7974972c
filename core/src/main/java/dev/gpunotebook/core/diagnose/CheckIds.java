package dev.gpunotebook.core.diagnose;

import java.util.List;

/** The stable check ids of DESIGN.md, in the order a diagnosis lists them. */
public final class CheckIds {
    public static final String CREDENTIALS = "credentials";
    public static final String QUOTA_VCPU = "quota.vcpu";
    public static final String INSTANCE_TYPE = "instance.type";
    public static final String INSTANCE_AMI = "instance.ami";
    public static final String INSTANCE_STATE = "instance.state";
    public static final String AGENT_CONFIG = "agent.config";
    public static final String AGENT_IAM = "agent.iam";
    public static final String AGENT_REGISTRATION = "agent.registration";
    public static final String NETWORK_OUTBOUND = "network.outbound";
    public static final String NETWORK_ALB_TO_INSTANCE = "network.alb-to-instance";
    public static final String TASK_RESOURCES = "task.resources";
    public static final String TASK_PORTS = "task.ports";
    public static final String SERVICE_PLACEMENT = "service.placement";
    public static final String TASK_STOPPED = "task.stopped";
    public static final String ALB_LISTENER = "alb.listener";
    public static final String TARGET_HEALTH = "target.health";
    public static final String JUPYTER_HTTP = "jupyter.http";
    public static final String GPU_VISIBLE = "gpu.visible";

    public static final List<String> ALL = List.of(CREDENTIALS, QUOTA_VCPU, INSTANCE_TYPE, INSTANCE_AMI, INSTANCE_STATE,
            AGENT_CONFIG, AGENT_IAM, AGENT_REGISTRATION, NETWORK_OUTBOUND, NETWORK_ALB_TO_INSTANCE, TASK_RESOURCES,
            TASK_PORTS, SERVICE_PLACEMENT, TASK_STOPPED, ALB_LISTENER, TARGET_HEALTH, JUPYTER_HTTP, GPU_VISIBLE);

    private CheckIds() {
    }
}
