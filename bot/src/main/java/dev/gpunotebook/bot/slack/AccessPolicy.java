package dev.gpunotebook.bot.slack;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who may do what in Slack: the allowlist of users who may start notebooks, the admins who may act
 * on any notebook, and the caps. An empty allowlist means open mode: every workspace member may use
 * every command (the bot says so at startup).
 *
 * @param allowedUsers Slack user ids that may start notebooks; empty: everyone
 * @param admins Slack user ids that may act on any notebook and run setup
 * @param maxNotebooksPerUser notebooks one user may own at once; {@link #UNLIMITED} for no cap
 * @param maxGpus GPUs all notebooks together may hold; {@link #UNLIMITED} for no cap
 */
public record AccessPolicy(Set<String> allowedUsers, Set<String> admins, int maxNotebooksPerUser, int maxGpus) {

    public static final int UNLIMITED = Integer.MAX_VALUE;
    /** Slack user ids: U or W, then upper-case letters and digits. */
    public static final Pattern USER_ID = Pattern.compile("[UW][A-Z0-9]{2,20}");

    public AccessPolicy {
        allowedUsers = Set.copyOf(allowedUsers);
        admins = Set.copyOf(admins);
        for (String user : allowedUsers) {
            requireUserId(user);
        }
        for (String user : admins) {
            requireUserId(user);
        }
        if (maxNotebooksPerUser < 1 || maxGpus < 1) {
            throw new IllegalArgumentException("caps must be at least 1");
        }
    }

    /** @return everyone may do everything, no caps */
    public static AccessPolicy open() {
        return new AccessPolicy(Set.of(), Set.of(), UNLIMITED, UNLIMITED);
    }

    /** @return true when no allowlist is configured: every workspace member may use every command */
    public boolean isOpen() {
        return allowedUsers.isEmpty();
    }

    public boolean isAdmin(String user) {
        return admins.contains(user);
    }

    /** @return whether {@code user} may start notebooks (allowlisted, an admin, or open mode) */
    public boolean mayStart(String user) {
        return isOpen() || allowedUsers.contains(user) || admins.contains(user);
    }

    private static void requireUserId(String user) {
        if (user == null || !USER_ID.matcher(user).matches()) {
            throw new IllegalArgumentException("not a Slack user id (such as U012AB3CD): " + user);
        }
    }
}
