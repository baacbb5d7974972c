package dev.gpunotebook.core.diagnose.snapshot;

/** STS GetCallerIdentity: the account and the principal the credentials belong to. */
public record CallerIdentity(String account, String arn) {
    public CallerIdentity {
        Validate.nonBlank(account, "account");
        Validate.nonBlank(arn, "arn");
    }
}
