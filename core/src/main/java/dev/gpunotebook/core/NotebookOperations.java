package dev.gpunotebook.core;

import dev.gpunotebook.core.diagnose.Diagnosis;
import dev.gpunotebook.core.lifecycle.NotebookDeleter.DeleteResult;
import dev.gpunotebook.core.lifecycle.NotebookStopper.StopResult;
import dev.gpunotebook.core.model.Environment;
import dev.gpunotebook.core.model.NotebookName;
import dev.gpunotebook.core.model.NotebookSpec;
import dev.gpunotebook.core.model.NotebookSummary;
import dev.gpunotebook.core.provision.ProgressListener;
import dev.gpunotebook.core.provision.start.NotebookStarter.StartResult;
import java.util.List;
import java.util.Optional;

/**
 * The operations a user's command asks for, one per command; {@link GpuNotebooks} carries them out on AWS. A front
 * end that only turns commands into these calls depends on this interface, so that its dispatch can be tested
 * with a small fake instead of an account.
 *
 * <pre>{@code
 * NotebookOperations notebooks = GpuNotebooks.connect(AwsSettings.defaults(), EnvironmentConfig.defaults());
 * notebooks.stop(NotebookName.of("alice"), "U0ALICE", ProgressListener.NONE);
 * }</pre>
 */
public interface NotebookOperations {

    Environment setup(ProgressListener listener);

    /** Starts a new notebook or resumes a stopped one; {@code newToken} replaces its Jupyter token. */
    StartResult start(NotebookSpec spec, boolean newToken, ProgressListener listener);

    /** @param requester who asked, recorded as the reason on the instance */
    StopResult stop(NotebookName name, String requester, ProgressListener listener);

    DeleteResult delete(NotebookName name, ProgressListener listener);

    List<NotebookSummary> list();

    Optional<NotebookSummary> status(NotebookName name);

    /** One notebook of the environment. */
    Diagnosis diagnose(NotebookName name);

    /** Any ECS service, with or without the project's tags. */
    Diagnosis diagnose(String cluster, String service);

    /** Every notebook of the environment, read together. */
    List<Diagnosis> diagnoseAll();
}
