package dev.gpunotebook.core.diagnose.checks;

import dev.gpunotebook.core.diagnose.Area;
import dev.gpunotebook.core.diagnose.CheckIds;
import dev.gpunotebook.core.diagnose.CheckResult;
import dev.gpunotebook.core.diagnose.snapshot.CallerIdentity;
import dev.gpunotebook.core.diagnose.snapshot.Fact;
import dev.gpunotebook.core.diagnose.snapshot.Snapshot;
import java.util.List;

/**
 * Verifies that the credentials work and says whose they are and which region is diagnosed:
 * nothing else can be read without them.
 *
 * <p>Needs STS GetCallerIdentity (no IAM permission is required for it).
 *
 * @see <a href="https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html">https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html</a>
 */
public final class CredentialsCheck extends BaseCheck {
    static final String DOCS = "https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html";

    public CredentialsCheck() {
        super(CheckIds.CREDENTIALS, Area.ACCOUNT, DOCS);
    }

    @Override
    CheckResult evaluate(Snapshot s) {
        String region = s.target().region();
        if (!(s.caller() instanceof Fact.Known<CallerIdentity> known)) {
            return fail("No usable AWS credentials: " + s.caller().describe() + ".",
                    List.of("region " + region),
                    "Configure credentials (aws configure, AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY; "
                            + "refresh an expired SSO session with aws sso login), then check them with: "
                            + "aws sts get-caller-identity --region " + region);
        }
        CallerIdentity caller = known.value();
        return pass("Signed in as " + caller.arn() + " (account " + caller.account() + ") in " + region + ".",
                List.of("account " + caller.account(), "principal " + caller.arn(), "region " + region));
    }
}
