package dev.gpunotebook.core.diagnose;

/** The outcome of one check; the meanings are those of DESIGN.md's diagnostics contract. */
public enum Status {
    /** Verified fine. */
    PASS,
    /** Works, but risky or costly. */
    WARN,
    /** Broken; the remediation says the fix. */
    FAIL,
    /** Not run because a check it depends on failed; the summary names it. */
    SKIP,
    /** Could not be checked (access denied: names the IAM action; API not available). */
    UNKNOWN
}
