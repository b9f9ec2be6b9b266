package dev.cairn.sandbox.codebuild;

import java.util.Optional;

/**
 * What CodeBuild does for CodePipeline's build action in the caller's account and region: a build
 * of a project from a source artifact (a zip in the artifact bucket) at a commit, writing its output
 * artifact (a zip of the buildspec's {@code artifacts.files}) to the given location. The build moves
 * through AWS's phases on the Sandbox's clock, its logs in the project's log group, and pushes the
 * image the buildspec's {@code docker push} names to ECR. Exported by the {@code codebuild} service.
 */
public interface PipelineBuilds {

    /** A build's state as the pipeline reads it. */
    record BuildState(String id, String status, String currentPhase, String logGroup, String logStream,
            Optional<String> failure) {}

    /**
     * Starts a build; {@code ResourceNotFoundException} ({@code AwsException}) for an unknown project.
     *
     * @param sourceVersion the commit ID ({@code CODEBUILD_RESOLVED_SOURCE_VERSION})
     * @return the build's ID ({@code <project>:<uuid>})
     */
    String start(String projectName, String sourceBucket, String sourceKey, String sourceVersion,
            String outputBucket, String outputKey);

    /** The build's state; empty for an unknown ID. {@code status}: IN_PROGRESS, SUCCEEDED, FAILED, STOPPED. */
    Optional<BuildState> state(String buildId);
}
