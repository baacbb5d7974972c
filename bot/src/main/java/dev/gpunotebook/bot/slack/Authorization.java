package dev.gpunotebook.bot.slack;

import dev.gpunotebook.core.model.NotebookName;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Slack authorization rules, pure: configured allowed users may start; owners may stop and
 * delete their own notebooks; admins may act on any and run setup; a per-user notebook cap and a
 * global GPU cap. In open mode (no allowlist) every workspace member may use every command; the caps
 * still apply. Every refusal says why.
 *
 * <pre>{@code
 * Decision d = new Authorization(policy).start("U0ALICE", NotebookName.of("alice"), 1, existing);
 * if (!d.allowed()) reply(d.reason());
 * }</pre>
 */
public final class Authorization {

    private final AccessPolicy policy;

    public Authorization(AccessPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** Setup changes the shared environment: admins only, or anyone in open mode. */
    public Decision setup(String user) {
        if (policy.isOpen() || policy.isAdmin(user)) {
            return Decision.allow();
        }
        return Decision.refuse("Only an admin (GPU_NOTEBOOK_ADMINS) may run setup: it changes the environment every"
                + " notebook shares.");
    }

    /**
     * A start of {@code name} with {@code gpus} GPUs by {@code user}, given the notebooks that exist.
     * Starting one's own existing notebook again is allowed without counting it twice.
     */
    public Decision start(String user, NotebookName name, int gpus, List<NotebookUse> existing) {
        if (!policy.mayStart(user)) {
            return Decision.refuse("You are not on the list of users who may start notebooks"
                    + " (GPU_NOTEBOOK_ALLOWED_USERS); ask an admin to add you.");
        }
        Optional<NotebookUse> same = find(name, existing);
        if (same.isPresent()) {
            return ownerOrAdmin(user, same.get(), "start");
        }
        long owned = existing.stream().filter(use -> use.owner().equals(user)).count();
        if (owned >= policy.maxNotebooksPerUser() && !policy.isAdmin(user)) {
            return Decision.refuse("You already have " + owned + " notebook" + (owned == 1 ? "" : "s")
                    + ", the most one user may have (GPU_NOTEBOOK_MAX_NOTEBOOKS_PER_USER = "
                    + policy.maxNotebooksPerUser() + "); delete one first.");
        }
        long inUse = existing.stream().mapToLong(NotebookUse::gpus).sum();
        if (inUse + gpus > policy.maxGpus()) {
            return Decision.refuse("Starting it would use " + (inUse + gpus) + " GPUs in all (" + inUse
                    + " in use + " + gpus + "), more than the cap of " + policy.maxGpus()
                    + " (GPU_NOTEBOOK_MAX_GPUS); wait until a notebook is deleted.");
        }
        return Decision.allow();
    }

    /**
     * A stop or delete ({@code verb}) of {@code name}. A notebook that does not exist is allowed
     * through, so that the command itself says it is not there.
     */
    public Decision change(String user, String verb, NotebookName name, List<NotebookUse> existing) {
        Optional<NotebookUse> target = find(name, existing);
        if (target.isEmpty() || policy.isOpen()) {
            return Decision.allow();
        }
        return ownerOrAdmin(user, target.get(), verb);
    }

    private Decision ownerOrAdmin(String user, NotebookUse use, String verb) {
        if (use.owner().equals(user) || policy.isAdmin(user) || policy.isOpen()) {
            return Decision.allow();
        }
        String owner = use.owner().isEmpty() ? "nobody known" : use.owner();
        return Decision.refuse("Notebook " + use.name() + " belongs to " + owner + "; only its owner or an admin"
                + " (GPU_NOTEBOOK_ADMINS) may " + verb + " it.");
    }

    private static Optional<NotebookUse> find(NotebookName name, List<NotebookUse> existing) {
        return existing.stream().filter(use -> use.name().equals(name)).findFirst();
    }
}
