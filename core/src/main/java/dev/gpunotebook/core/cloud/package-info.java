/**
 * The ports between gpu-notebook's logic and AWS: one small interface per AWS service, speaking the
 * project's own records. {@code dev.gpunotebook.core.aws} implements them with the AWS SDK; tests may
 * implement them by hand. Nothing here imports the AWS SDK.
 *
 * <p>Methods named {@code find...} return what exists (empty when nothing does); {@code create...}
 * create and return the new resource; {@code delete...} tolerate a resource that is already gone.
 * Every method throws {@link dev.gpunotebook.core.GpuNotebookException} with a message for a person.
 */
package dev.gpunotebook.core.cloud;
