package dev.cairn.sandbox.s3;

import java.util.Optional;

/**
 * What S3 does for CodePipeline and CodeBuild in the caller's account: the pipeline's artifacts
 * (zip files) written to and read from its artifact bucket, as the services' own roles would.
 * Writes follow the bucket's versioning; the bodies go to blobs like any object's. Exported by the
 * {@code s3} service.
 */
public interface S3Artifacts {

    /** Writes an object; {@code NoSuchBucket} ({@code AwsException}) when the bucket does not exist. */
    void put(String bucket, String key, byte[] body);

    /** The current version's body, or empty when the bucket or key does not exist. */
    Optional<byte[]> get(String bucket, String key);
}
