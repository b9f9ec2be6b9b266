package dev.cairn.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.step.pipeline.PipelineFiles;
import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Sandbox's stand-ins for what a person does outside AWS in the pipeline guide, through its
 * control API ({@link SandboxControl}): finishing the GitHub connection's handshake
 * ({@code POST /_sandbox/connections/complete}), and committing a change to the stack's local
 * GitHub repository ({@code POST /_sandbox/repositories/commit}) — the sample page's next
 * version, which starts the pipeline as a push to GitHub does. AWS has neither call.
 */
public final class SandboxPipeline {

    static final String CONNECTIONS_COMPLETE = "connections/complete";
    static final String REPOSITORIES = "repositories";
    static final String COMMIT = "repositories/commit";
    /** How a version commit is worded; the next "Commit a change" reads the version back from it. */
    static final Pattern VERSION_MESSAGE = Pattern.compile("^Version (\\d+)\\b");

    private SandboxPipeline() {}

    /** Makes every connection of {@code stack} AVAILABLE, as a person's handshake in the console does. */
    public static void completeHandshake(URI endpoint, String stack) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("stack", stack);
        new SandboxControl(endpoint).post(CONNECTIONS_COMPLETE, body);
    }

    /**
     * Commits the sample page's next version to {@code branch} of {@code repository}: the version
     * after the one the branch's head commit names ({@code Version N: …}), the first commit being
     * version 1. Answers the new commit's ID.
     */
    public static String commitChange(URI endpoint, String stack, String repository, String branch) {
        SandboxControl control = new SandboxControl(endpoint);
        int next = currentVersion(control.get(REPOSITORIES), repository, branch) + 1;
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("repository", repository);
        body.put("branch", branch);
        body.put("message", "Version " + next + ": the sample page says so");
        body.putObject("files").put(PipelineFiles.INDEX, PipelineFiles.indexHtml(stack, next));
        return control.post(COMMIT, body).path("head").path("id").asText("");
    }

    /** The version the branch's head commit names, or 1 (the initial commit's sample page). */
    static int currentVersion(JsonNode listing, String repository, String branch) {
        for (JsonNode r : listing.path("repositories")) {
            if (repository.equals(r.path("repository").asText())) {
                Matcher m = VERSION_MESSAGE.matcher(r.path("branches").path(branch).path("message").asText(""));
                return m.find() ? Integer.parseInt(m.group(1)) : 1;
            }
        }
        throw new SandboxControl.ControlException("the Sandbox has no repository " + repository
                + "; apply the Pipeline step to create it with the sample app", 404);
    }
}
