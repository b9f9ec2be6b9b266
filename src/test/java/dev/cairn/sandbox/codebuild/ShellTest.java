package dev.cairn.sandbox.codebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.sandbox.codebuild.CodeBuildStore.ShellState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The buildspec interpreter on the exact buildspec the step writes and on each construct it allows. */
class ShellTest {
    private static final String ACCOUNT = "000000000000";
    private static final String REGION = "ap-northeast-2";
    private static final String COMMIT = "4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39";
    private static final String REGISTRY = ACCOUNT + ".dkr.ecr." + REGION + ".amazonaws.com";

    /** A host with a registry in memory: what the build's ECR and Docker commands reach. */
    private static final class FakeHost implements Shell.Host {
        final Map<String, byte[]> source = new LinkedHashMap<>(FilesMd.sampleApp());
        final ShellState state;
        final List<String> pushes = new ArrayList<>();
        final Map<String, Map<String, byte[]>> pushed = new LinkedHashMap<>();
        boolean tokenAllowed = true;
        boolean privileged = true;

        FakeHost(ShellState state) {
            this.state = state;
        }

        @Override
        public String ecrLoginPassword(String region) throws Shell.Failure {
            if (!tokenAllowed) {
                throw new Shell.Failure("An error occurred (AccessDeniedException) when calling the "
                        + "GetAuthorizationToken operation: denied");
            }
            return "s3cr3t-token";
        }

        @Override
        public boolean dockerAvailable() {
            return privileged;
        }

        @Override
        public void dockerLogin(String registry, String password) throws Shell.Failure {
            if (!password.equals("s3cr3t-token")) {
                throw new Shell.Failure("denied: bad token");
            }
        }

        @Override
        public Map<String, byte[]> workspace() {
            Map<String, byte[]> all = new LinkedHashMap<>(source);
            state.written.forEach((k, v) -> all.put(k, v.getBytes(StandardCharsets.UTF_8)));
            return all;
        }

        @Override
        public String push(String registry, String repository, String tag, Map<String, byte[]> files) {
            pushes.add(registry + "/" + repository + ":" + tag);
            pushed.put(repository + ":" + tag, files);
            return "sha256:" + "ab".repeat(32);
        }
    }

    private ShellState state;
    private FakeHost host;
    private Shell shell;

    @BeforeEach
    void setUp() {
        state = new ShellState();
        state.variables.put("CODEBUILD_BUILD_ARN", "arn:aws:codebuild:" + REGION + ":" + ACCOUNT
                + ":build/demo-build:6a1f3c2e-0000-4000-8000-000000000001");
        state.variables.put("CODEBUILD_RESOLVED_SOURCE_VERSION", COMMIT);
        state.variables.put("AWS_DEFAULT_REGION", REGION);
        host = new FakeHost(state);
        shell = new Shell(state, host);
    }

    private List<String> commands() throws Buildspec.Invalid {
        Buildspec spec = Buildspec.parse(FilesMd.BUILDSPEC);
        state.variables.putAll(spec.variables());
        List<String> all = new ArrayList<>();
        for (String phase : List.of("INSTALL", "PRE_BUILD", "BUILD", "POST_BUILD")) {
            all.addAll(spec.commands().get(phase));
        }
        return all;
    }

    @Test
    void filesMdBuildspec_runsEveryCommand_pushesTheSourceAndWritesImageDetail() throws Exception {
        List<String> log = new ArrayList<>();
        for (String command : commands()) {
            Shell.Outcome o = shell.run(command);
            assertThat(o.status()).as(command + " → " + o.output()).isZero();
            log.addAll(o.output());
        }
        String uri = REGISTRY + "/frontend";
        assertThat(state.variables).containsEntry("AWS_ACCOUNT_ID", ACCOUNT).containsEntry("REGISTRY", REGISTRY)
                .containsEntry("REPOSITORY_URI", uri).containsEntry("IMAGE_TAG", "4f2a9c1");
        assertThat(host.pushes).containsExactly(uri + ":4f2a9c1");
        assertThat(host.pushed.get("frontend:4f2a9c1")).containsOnlyKeys("buildspec.yml", "Dockerfile", "index.html");
        assertThat(state.written).containsExactly(Map.entry("imageDetail.json",
                "{\"ImageURI\":\"" + uri + ":4f2a9c1\"}"));
        assertThat(state.loggedIn).containsExactly(REGISTRY);
        assertThat(log).contains("Logging in to Amazon ECR", "Login Succeeded", "Building " + uri + ":4f2a9c1",
                "Step 1/2 : FROM public.ecr.aws/nginx/nginx:stable-alpine", "Successfully tagged " + uri + ":4f2a9c1",
                "The push refers to repository [" + uri + "]");
        // The password went from one command to the other and never into the log.
        assertThat(String.join("\n", log)).doesNotContain("s3cr3t-token");
    }

    @Test
    void unsupportedCommand_failsWithTheSandboxLine() {
        assertThatThrownBy(() -> shell.run("make image")).isInstanceOf(Shell.Unsupported.class)
                .hasMessage("[Sandbox] command not supported here: make image");
        assertThatThrownBy(() -> shell.run("echo a && echo b")).hasMessage(
                "[Sandbox] command not supported here: echo a && echo b");
        assertThatThrownBy(() -> shell.run("X=$(uname -a)")).hasMessage(
                "[Sandbox] command not supported here: X=$(uname -a)");
        assertThatThrownBy(() -> shell.run("aws s3 cp a b")).hasMessage(
                "[Sandbox] command not supported here: aws s3 cp a b");
        assertThatThrownBy(() -> shell.run("FOO=bar echo hi")).isInstanceOf(Shell.Unsupported.class);
    }

    @Test
    void failingCut_failsTheAssignmentWithGnuCutsMessage() throws Exception {
        Shell.Outcome o = shell.run("IMAGE_TAG=$(echo $CODEBUILD_RESOLVED_SOURCE_VERSION | cut -c 0-7)");
        assertThat(o.status()).isEqualTo(1);
        assertThat(o.output()).containsExactly("cut: fields and positions are numbered from 1",
                "Try 'cut --help' for more information.");
        assertThat(state.variables).containsEntry("IMAGE_TAG", "");
        assertThat(shell.run("echo x | cut -d ':'").output()).first()
                .isEqualTo("cut: you must specify a list of bytes, characters, or fields");
        assertThat(shell.run("echo x | cut -d '::' -f 1").output()).first()
                .isEqualTo("cut: the delimiter must be a single character");
    }

    @Test
    void cut_selectsFieldsAndCharacters() throws Exception {
        shell.run("A=$(echo a:b:c:d:e | cut -d ':' -f 2,4-)");
        shell.run("B=$(echo abcdefghij | cut -c 3-5)");
        shell.run("C=$(echo no-delimiter | cut -d : -f 2)");
        assertThat(state.variables).containsEntry("A", "b:d:e").containsEntry("B", "cde")
                .containsEntry("C", "no-delimiter");
    }

    @Test
    void quotesAndExpansion_followSh() throws Exception {
        state.variables.put("B", "two words");
        assertThat(shell.run("echo \"a ${B}\" 'c $B' d\\ e $B").output()).containsExactly("a two words c $B d e two words");
        shell.run("X=\"$B\"x");
        assertThat(state.variables).containsEntry("X", "two wordsx");
        shell.run("printf '%s-%s\\n' 1 2 3 4 > out.txt");
        assertThat(state.written).containsEntry("out.txt", "1-2\n3-4\n");
        shell.run("echo more >> out.txt");
        assertThat(state.written).containsEntry("out.txt", "1-2\n3-4\nmore\n");
    }

    @Test
    void dockerBuild_withoutDockerfile_failsWithDockersMessage() throws Exception {
        host.source.remove("Dockerfile");
        Shell.Outcome o = shell.run("docker build -t " + REGISTRY + "/frontend:abc .");
        assertThat(o.status()).isEqualTo(1);
        assertThat(o.output()).containsExactly("unable to prepare context: unable to evaluate symlinks in Dockerfile "
                + "path: lstat " + Shell.SOURCE_DIR + "/Dockerfile: no such file or directory");
    }

    @Test
    void dockerPush_withoutLoginOrImage_failsAsDockerDoes() throws Exception {
        Shell.Outcome missing = shell.run("docker push " + REGISTRY + "/frontend:abc");
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.output()).containsExactly("An image does not exist locally with the tag: " + REGISTRY
                + "/frontend");
        assertThat(shell.run("docker build -t " + REGISTRY + "/frontend:abc .").status()).isZero();
        Shell.Outcome noLogin = shell.run("docker push " + REGISTRY + "/frontend:abc");
        assertThat(noLogin.status()).isEqualTo(1);
        assertThat(noLogin.output()).last().isEqualTo("no basic auth credentials");
        assertThat(host.pushes).isEmpty();
    }

    @Test
    void loginPipe_whenTokenDenied_failsInDockerLoginAsWithoutPipefail() throws Exception {
        host.tokenAllowed = false;
        Shell.Outcome o = shell.run("aws ecr get-login-password --region " + REGION
                + " | docker login --username AWS --password-stdin " + REGISTRY);
        assertThat(o.status()).isEqualTo(1);
        assertThat(o.output()).contains("Error: Cannot perform an interactive login from a non TTY device");
        assertThat(String.join("\n", o.output())).contains("GetAuthorizationToken");
        assertThat(state.loggedIn).isEmpty();
    }

    @Test
    void docker_withoutPrivilegedMode_cannotReachTheDaemon() throws Exception {
        host.privileged = false;
        Shell.Outcome o = shell.run("docker build -t x:1 .");
        assertThat(o.status()).isEqualTo(1);
        assertThat(o.output()).containsExactly(
                "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?");
    }

    @Test
    void dockerBuild_withAnInvalidTag_failsWithReferenceFormat() throws Exception {
        Shell.Outcome o = shell.run("docker build -t " + REGISTRY + "/frontend: .");
        assertThat(o.status()).isEqualTo(125);
        assertThat(o.output().get(0)).contains("invalid reference format");
    }
}
