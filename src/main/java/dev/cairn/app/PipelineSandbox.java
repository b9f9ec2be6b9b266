package dev.cairn.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.model.Blueprint;
import dev.cairn.step.pipeline.PipelineFiles;
import dev.cairn.step.pipeline.PipelineResources;
import dev.cairn.step.pipeline.PipelineSection;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The Pipeline step's GitHub side in the Sandbox, through its control API: the stack's local
 * repository made with the sample app and the generated files before the pipeline exists (its
 * first run builds that commit), the connection's handshake completed as a person would in the
 * console, and "Commit a change" to the sample page. In AWS there is nothing to do here: the
 * repository is the user's on GitHub and only the console completes a handshake.
 */
public final class PipelineSandbox {

    private PipelineSandbox() {}

    /** What the repository looks like after {@link #prepare}: its clone URL, branch and newest commit. */
    public record Repository(String name, String cloneUrl, String branch, String head, boolean created) {}

    /**
     * Makes sure the stack's repository exists in the Sandbox with the sample app and the pipeline
     * files (a repository that already has commits on the branch is left as it is). Nothing for
     * AWS or a blueprint without an enabled pipeline.
     *
     * @return the repository, or empty when there was nothing to do: AWS, no pipeline, or an
     *     endpoint that is not a Cairn Sandbox (moto, LocalStack: no {@code /_sandbox} API)
     * @throws SandboxControl.ControlException when the Sandbox refuses (a bad name, a broken repository)
     */
    public static Optional<Repository> prepare(Target target, Blueprint blueprint) {
        PipelineSection p = blueprint.section(PipelineSection.KEY);
        if (p == null || !p.on() || target.kind() == Target.Kind.AWS || target.endpointUrl().isEmpty()) {
            return Optional.empty();
        }
        String account = target.identity(blueprint.region()).account();
        ObjectNode files = JsonNodeFactory.instance.objectNode();
        PipelineFiles.files(blueprint, account, true).forEach(files::put);
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("repository", p.source().repository())
                .put("stack", blueprint.name()).put("branch", p.source().branch());
        body.set("files", files);
        JsonNode answer;
        try {
            answer = new SandboxControl(target.endpointUrl().orElseThrow()).post(SandboxControl.REPOSITORIES, body);
        } catch (SandboxControl.ControlException e) {
            if (target.kind() == Target.Kind.ENDPOINT && (e.status() == 0 || e.status() == 404)) {
                return Optional.empty(); // another AWS stand-in: its pipeline has no local GitHub to read
            }
            throw e;
        }
        return Optional.of(new Repository(answer.path("repository").asText(), answer.path("cloneUrl").asText(),
                answer.path("branch").asText(p.source().branch()), answer.path("head").path("id").asText(""),
                answer.path("created").asBoolean(false)));
    }

    /**
     * Completes the stack's connection handshake (the console's "Update pending connection") in
     * {@code region}, or in every region when it is null; answers the Sandbox's reply.
     */
    public static JsonNode connect(SandboxControl control, String stack, String region) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("stack", stack)
                .put("name", PipelineResources.connectionName(stack));
        if (region != null) {
            body.put("region", region);
        }
        return control.post(SandboxControl.CONNECTION_COMPLETE, body);
    }

    /**
     * Commits the sample page's next version ({@code Version N+1}) to the repository's branch:
     * a push that starts the pipeline. Reads the page from the branch's newest commit in the bare
     * repository the clone URL names (the Sandbox's data folder, on this machine).
     *
     * @return the Sandbox's answer: repository, branch, head (id, message)
     */
    public static JsonNode commitNextVersion(SandboxControl control, String repository, String branch, String stack,
            String message) {
        JsonNode repos = control.get(SandboxControl.REPOSITORIES).path("repositories");
        String cloneUrl = null;
        for (JsonNode r : repos) {
            if (repository.equals(r.path("repository").asText())) {
                cloneUrl = r.path("cloneUrl").asText();
            }
        }
        if (cloneUrl == null) {
            throw new SandboxControl.ControlException("the Sandbox has no repository " + repository
                    + "; apply the stack first (it makes the repository with the sample app)", 404);
        }
        int version = readFile(Path.of(URI.create(cloneUrl)), branch, PipelineFiles.INDEX)
                .map(PipelineFiles::version).orElse(0);
        int next = version + 1;
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("repository", repository).put("branch", branch)
                .put("message", message == null || message.isBlank() ? "Version " + next : message);
        body.putObject("files").put(PipelineFiles.INDEX, PipelineFiles.indexHtml(stack, next));
        return control.post(SandboxControl.REPOSITORY_COMMIT, body);
    }

    /** A file of the branch's newest commit in the bare repository at {@code gitDir}, if both exist. */
    static Optional<String> readFile(Path gitDir, String branch, String path) {
        try (org.eclipse.jgit.lib.Repository repo = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true)
                .build(); RevWalk walk = new RevWalk(repo)) {
            ObjectId head = repo.resolve("refs/heads/" + branch);
            if (head == null) {
                return Optional.empty();
            }
            RevCommit commit = walk.parseCommit(head);
            try (TreeWalk tree = TreeWalk.forPath(repo, path, commit.getTree())) {
                if (tree == null) {
                    return Optional.empty();
                }
                ObjectLoader loader = repo.open(tree.getObjectId(0));
                return Optional.of(new String(loader.getBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
