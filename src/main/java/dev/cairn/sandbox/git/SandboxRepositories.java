package dev.cairn.sandbox.git;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The Sandbox's stand-in for GitHub: one bare Git repository per {@code owner/name} under the
 * Sandbox's data folder ({@code repos/<owner>/<name>.git}), which a person clones and pushes to
 * ({@code file://} URLs). A push to a branch a pipeline watches starts that pipeline, as a GitHub
 * push does through a connection.
 */
public interface SandboxRepositories {

    /** A commit as a source action records it. */
    record Commit(String id, String message, String author) {}

    /** The bare repository's folder (created, empty, when missing). */
    Path bare(String ownerAndName);

    /** {@code file://…} clone URL of the repository. */
    String cloneUrl(String ownerAndName);

    /** The newest commit of a branch, or empty when the repository or branch does not exist. */
    Optional<Commit> head(String ownerAndName, String branch);

    /** The tree of a commit as a zip (what a source action writes to the artifact bucket). */
    byte[] zip(String ownerAndName, String commitId);
}
