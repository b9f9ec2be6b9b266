package dev.cairn.sandbox.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Sandbox's local GitHub: repositories made and committed to through the control API, cloned
 * and pushed to with real Git (JGit) over their {@code file://} URLs, under the data folder.
 */
class RepositoryControlTest {
    private static final Map<String, String> SAMPLE = Map.of(
            "Dockerfile", "FROM public.ecr.aws/nginx/nginx:stable-alpine\nCOPY index.html /usr/share/nginx/html/index.html\n",
            "index.html", "<h1>Version 1</h1>\n");

    @Test
    void createRepository_whenEmpty_commitsTheFilesAndAnswersCloneUrlAndHead(@TempDir Path data) throws Exception {
        try (SandboxServer server = SandboxServer.start(SandboxConfig.instant().withDataDir(data))) {
            Control.Answer created = Control.post(server, "repositories",
                    Map.of("repository", "octocat/frontend", "stack", "demo", "files", SAMPLE));

            assertThat(created.status()).isEqualTo(201);
            assertThat(created.body().path("cloneUrl").asText()).startsWith("file:/")
                    .contains("repos/octocat/frontend.git");
            assertThat(Files.isDirectory(data.resolve("repos/octocat/frontend.git/objects"))).isTrue();
            String head = created.body().path("head").path("id").asText();
            assertThat(head).matches("[0-9a-f]{40}");

            // Again: the repository has a commit, so nothing new is committed.
            Control.Answer again = Control.post(server, "repositories",
                    Map.of("repository", "octocat/frontend", "stack", "demo", "files", SAMPLE));
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.body().path("committed").asBoolean()).isFalse();
            assertThat(again.body().path("head").path("id").asText()).isEqualTo(head);
        }
    }

    @Test
    void commit_changesTheBranchHead_andACloneSeesTheNewFile(@TempDir Path data, @TempDir Path work) throws Exception {
        try (SandboxServer server = SandboxServer.start(SandboxConfig.instant().withDataDir(data))) {
            String url = Control.post(server, "repositories", Map.of("repository", "octocat/frontend",
                    "stack", "demo", "files", SAMPLE)).body().path("cloneUrl").asText();

            Control.Answer commit = Control.post(server, "repositories/commit", Map.of("repository",
                    "octocat/frontend", "branch", "main", "message", "Version 2", "files",
                    Map.of("index.html", "<h1>Version 2</h1>\n")));

            assertThat(commit.status()).isEqualTo(200);
            assertThat(commit.body().path("head").path("message").asText()).isEqualTo("Version 2");
            try (Git clone = Git.cloneRepository().setURI(url).setDirectory(work.toFile()).call()) {
                assertThat(Files.readString(work.resolve("index.html"))).contains("Version 2");
                assertThat(Files.readString(work.resolve("Dockerfile"))).contains("nginx");
                assertThat(clone.getRepository().getBranch()).isEqualTo("main");
            }
        }
    }

    @Test
    void pushFromAClone_movesTheHeadTheSandboxSees_andTheZipHoldsTheTree(@TempDir Path work) throws Exception {
        GitRepositories repos = GitRepositories.under(null);
        try {
            repos.commit("octocat/frontend", "main", "Initial", SAMPLE);
            try (Git clone = Git.cloneRepository().setURI(repos.cloneUrl("octocat/frontend"))
                    .setDirectory(work.toFile()).call()) {
                Files.writeString(work.resolve("index.html"), "<h1>Version 3</h1>\n");
                clone.add().addFilepattern("index.html").call();
                String id = clone.commit().setMessage("Version 3").setAuthor("dev", "dev@example.com").call().getName();
                clone.push().call();

                SandboxRepositories.Commit head = repos.head("octocat/frontend", "main").orElseThrow();
                assertThat(head.id()).isEqualTo(id);
                assertThat(head.message()).isEqualTo("Version 3");
                Map<String, String> files = unzip(repos.zip("octocat/frontend", id));
                assertThat(files).containsOnlyKeys("Dockerfile", "index.html");
                assertThat(files.get("index.html")).contains("Version 3");
            }
        } finally {
            repos.close();
        }
    }

    @Test
    void controlApi_refusesBadNamesAndUnknownRepositories_andListsWhatExists() {
        try (SandboxServer server = SandboxServer.start(SandboxConfig.instant())) {
            assertThat(Control.post(server, "repositories", Map.of("repository", "../etc", "files", SAMPLE)).status())
                    .isEqualTo(400);
            assertThat(Control.post(server, "repositories", Map.of("repository", "octocat/empty")).status())
                    .isEqualTo(400);
            assertThat(Control.post(server, "repositories/commit", Map.of("repository", "octocat/none",
                    "message", "x", "files", Map.of("a", "b"))).status()).isEqualTo(404);
            Control.post(server, "repositories", Map.of("repository", "octocat/frontend", "stack", "demo",
                    "files", SAMPLE));

            Control.Answer list = Control.get(server, "repositories");

            assertThat(list.status()).isEqualTo(200);
            assertThat(list.body().path("repositories")).hasSize(1);
            assertThat(list.body().path("repositories").get(0).path("stack").asText()).isEqualTo("demo");
            assertThat(list.body().path("repositories").get(0).path("branches").path("main").path("id").asText())
                    .hasSize(40);
        }
    }

    @Test
    void head_ofAMissingRepositoryOrBranch_isEmpty() {
        GitRepositories repos = GitRepositories.under(null);
        try {
            assertThat(repos.head("octocat/none", "main")).isEmpty();
            repos.commit("octocat/frontend", "main", "Initial", SAMPLE);
            assertThat(repos.head("octocat/frontend", "dev")).isEmpty();
            assertThat(repos.list()).isEqualTo(List.of("octocat/frontend"));
        } finally {
            repos.close();
        }
    }

    static Map<String, String> unzip(byte[] zip) throws IOException {
        Map<String, String> out = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                out.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
