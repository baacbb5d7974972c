package dev.gpunotebook.core.diagnose;

/** Groups checks in the text checklist, in the order a person fixes things. */
public enum Area {
    ACCOUNT("Account"),
    INSTANCE("EC2 instance"),
    AGENT("ECS agent"),
    NETWORK("Network"),
    TASK("Task and service"),
    LOAD_BALANCER("Load balancer"),
    NOTEBOOK("Notebook");

    private final String title;

    Area(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
