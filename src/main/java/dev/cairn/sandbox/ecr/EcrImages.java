package dev.cairn.sandbox.ecr;

import java.util.Map;
import java.util.Optional;

/**
 * What ECR does for the Sandbox's builds and tasks in the caller's account and region. A Sandbox
 * image's content is a set of files (the source a build packaged: the sample app's
 * {@code Dockerfile} and {@code index.html}), kept as one layer blob, so a task running the image
 * serves what the commit holds. Exported by the {@code ecr} service.
 */
public interface EcrImages {

    /**
     * Pushes an image to a repository under a tag (moving the tag if another image held it; an
     * {@code IMMUTABLE} repository refuses a taken tag with {@code ImageTagAlreadyExistsException},
     * a missing repository {@code RepositoryNotFoundException}, both as {@code AwsException}).
     * Returns the image's digest {@code sha256:…}.
     */
    String push(String repositoryName, String tag, Map<String, byte[]> files);

    /**
     * The files of the image an image URI names ({@code <account>.dkr.ecr.<region>.amazonaws.com/<name>:<tag>}
     * or {@code …/<name>@sha256:…}) in the caller's account and region; empty when there is no such
     * repository or image (a task would fail with {@code CannotPullContainerError}).
     */
    Optional<Map<String, byte[]>> files(String imageUri);

    /** {@code <account>.dkr.ecr.<region>.amazonaws.com/<name>}, the repository's URI. */
    String repositoryUri(String repositoryName);
}
