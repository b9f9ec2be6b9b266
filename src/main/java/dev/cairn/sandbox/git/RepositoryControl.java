package dev.cairn.sandbox.git;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.sandbox.core.HttpResponse;
import dev.cairn.sandbox.core.ServiceDefinition;
import dev.cairn.sandbox.core.World;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The repositories' control paths (the Sandbox's own API, not AWS):
 * <ul>
 *   <li>{@code POST /_sandbox/repositories {"repository":"owner/name","stack":"NAME","files":{path:content},
 *       "branch":"main"}} creates the repository and, when its branch has no commit yet, an initial
 *       commit of the files (the stack's sample app and pipeline files); answers {@code repository},
 *       {@code cloneUrl}, {@code branch}, {@code head} ({@code id}, {@code message}) and {@code created}.</li>
 *   <li>{@code POST /_sandbox/repositories/commit {"repository","branch","message","files"}} commits the
 *       files over the branch's tree (the GUI's "Commit a change"): a push the pipeline's watcher sees.</li>
 *   <li>{@code GET /_sandbox/repositories} lists them with their stack, clone URL and branch heads.</li>
 * </ul>
 */
public final class RepositoryControl {
    /** The control names ({@code /_sandbox/<name>}). */
    public static final String LIST_OR_CREATE = "repositories";
    public static final String COMMIT = "repositories/commit";
    static final String DEFAULT_BRANCH = "main";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GitRepositories repos;

    public RepositoryControl(GitRepositories repos) {
        this.repos = repos;
    }

    /** {@code /_sandbox/repositories}. */
    public ServiceDefinition.ControlHandler listOrCreate() {
        return (method, body, world, now) -> switch (method) {
            case "GET" -> json(200, Map.of("repositories", list()));
            case "POST" -> create(body);
            default -> json(405, Map.of("error", "method not allowed"));
        };
    }

    /** {@code /_sandbox/repositories/commit}. */
    public ServiceDefinition.ControlHandler commit() {
        return (String method, byte[] body, World world, long now) -> method.equals("POST")
                ? commit(body) : json(405, Map.of("error", "method not allowed"));
    }

    private List<Map<String, Object>> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String name : repos.list()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("repository", name);
            m.put("stack", repos.stack(name));
            m.put("cloneUrl", repos.cloneUrl(name));
            Map<String, Object> branches = new LinkedHashMap<>();
            for (String branch : repos.branches(name)) {
                repos.head(name, branch).ifPresent(c -> branches.put(branch, commit(c)));
            }
            m.put("branches", branches);
            out.add(m);
        }
        return out;
    }

    private HttpResponse create(byte[] body) {
        JsonNode request = parse(body);
        if (request == null) {
            return json(400, Map.of("error", "the body is not a JSON object"));
        }
        String name = request.path("repository").asText("");
        if (!GitRepositories.validName(name)) {
            return json(400, Map.of("error", "\"repository\" must be a GitHub owner/name, e.g. octocat/frontend"));
        }
        String branch = request.path("branch").asText(DEFAULT_BRANCH);
        Map<String, String> files = files(request);
        if (files == null) {
            return json(400, Map.of("error", "\"files\" must map paths to text"));
        }
        boolean created = !repos.exists(name);
        if ((created || repos.head(name, branch).isEmpty()) && files.isEmpty()) {
            // Refused before anything is made: an empty repository would have nothing to build.
            return json(400, Map.of("error", "an empty repository needs \"files\" for its first commit"));
        }
        repos.bare(name);
        if (request.path("stack").isTextual()) {
            repos.setStack(name, request.get("stack").asText());
        }
        boolean committed = false;
        if (repos.head(name, branch).isEmpty()) {
            try {
                repos.commit(name, branch, request.path("message").asText("Initial commit: the sample app and "
                        + "its pipeline files"), files);
                committed = true;
            } catch (IllegalArgumentException | IllegalStateException e) {
                return json(400, Map.of("error", e.getMessage()));
            }
        }
        Map<String, Object> out = answer(name, branch);
        out.put("created", created);
        out.put("committed", committed);
        return json(created ? 201 : 200, out);
    }

    private HttpResponse commit(byte[] body) {
        JsonNode request = parse(body);
        if (request == null) {
            return json(400, Map.of("error", "the body is not a JSON object"));
        }
        String name = request.path("repository").asText("");
        if (!GitRepositories.validName(name)) {
            return json(400, Map.of("error", "\"repository\" must be a GitHub owner/name"));
        }
        if (!repos.exists(name)) {
            return json(404, Map.of("error", "no repository " + name + " (create it with POST /_sandbox/repositories)"));
        }
        String branch = request.path("branch").asText(DEFAULT_BRANCH);
        String message = request.path("message").asText("");
        if (message.isBlank()) {
            return json(400, Map.of("error", "\"message\" is required: a commit needs a message"));
        }
        Map<String, String> files = files(request);
        if (files == null || files.isEmpty()) {
            return json(400, Map.of("error", "\"files\" must map at least one path to its new text"));
        }
        try {
            repos.commit(name, branch, message, files);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return json(409, Map.of("error", e.getMessage()));
        }
        return json(200, answer(name, branch));
    }

    private Map<String, Object> answer(String name, String branch) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("repository", name);
        out.put("cloneUrl", repos.cloneUrl(name));
        out.put("branch", branch);
        repos.head(name, branch).ifPresent(c -> out.put("head", commit(c)));
        return out;
    }

    private static Map<String, Object> commit(SandboxRepositories.Commit c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("message", c.message());
        m.put("author", c.author());
        return m;
    }

    /** The request's files, or null when {@code files} is there but not an object of texts. */
    private static Map<String, String> files(JsonNode request) {
        JsonNode node = request.path("files");
        Map<String, String> out = new LinkedHashMap<>();
        if (node.isMissingNode() || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            return null;
        }
        for (Map.Entry<String, JsonNode> f : node.properties()) {
            if (!f.getValue().isTextual()) {
                return null;
            }
            out.put(f.getKey(), f.getValue().asText());
        }
        return out;
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static HttpResponse json(int status, Object body) {
        try {
            return HttpResponse.text(status, "application/json", JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
