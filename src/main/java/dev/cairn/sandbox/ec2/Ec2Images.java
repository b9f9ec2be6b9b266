package dev.cairn.sandbox.ec2;


/**
 * What EC2 tells other services about its public images, bound to the caller's region: SSM's
 * public "latest AMI" parameters point at these IDs, so DescribeImages finds what SSM names.
 */
public interface Ec2Images {
    /**
     * The ID of the newest seeded image whose name starts with a prefix, for an architecture.
     *
     * @param namePrefix e.g. {@code al2023-ami-minimal-2023.}
     * @param architecture {@code x86_64} or {@code arm64}
     */
    String latestImageId(String namePrefix, String architecture);
}
