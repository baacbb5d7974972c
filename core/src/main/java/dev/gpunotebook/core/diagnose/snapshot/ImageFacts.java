package dev.gpunotebook.core.diagnose.snapshot;

/**
 * EC2 DescribeImages, one AMI. {@code ownerAlias} is {@code amazon} for AMIs published by AWS
 * (null otherwise); {@code architecture} is {@code x86_64} or {@code arm64}. Name and description
 * may be null.
 */
public record ImageFacts(String imageId, String name, String description, String architecture, String ownerId,
        String ownerAlias) {
    public ImageFacts {
        Validate.nonBlank(imageId, "imageId");
        Validate.nonBlank(architecture, "architecture");
        name = name == null ? "" : name;
        description = description == null ? "" : description;
    }
}
