/**
 * The only package that talks to AWS: it implements the ports of {@code dev.gpunotebook.core.cloud}
 * with the AWS SDK for Java v2 and turns every AWS error into a
 * {@link dev.gpunotebook.core.GpuNotebookException} whose message says what happened and what to do.
 */
package dev.gpunotebook.core.aws;
