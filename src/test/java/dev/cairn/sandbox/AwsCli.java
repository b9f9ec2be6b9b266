package dev.cairn.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The AWS CLI v2 (Debian's {@code awscli}, at {@code /usr/bin/aws}; a v1 {@code aws} may come first
 * on PATH) run against a Sandbox with an environment of its own: fake keys, config and credential
 * files in a temporary folder, its own HOME, no pager, no instance metadata — nothing of the
 * machine's AWS setup is read.
 */
public final class AwsCli {
    /** Where Debian installs the CLI v2; {@code .ci/run} installs it. */
    public static final Path V2 = Path.of("/usr/bin/aws");
    /** The CLI needs a few seconds to start Python and load its models. */
    static final long TIMEOUT_SECONDS = 90;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Boolean available;

    private AwsCli() {
    }

    /** What one run printed. */
    public record Result(int exitCode, String out, String err) {
        /** Stdout as JSON, after asserting the run succeeded. */
        public JsonNode json() {
            assertThat(exitCode).as("aws exit code; stderr: %s", err).isZero();
            try {
                return out.isBlank() ? JSON.createObjectNode() : JSON.readTree(out);
            } catch (IOException e) {
                throw new UncheckedIOException("aws printed no JSON: " + out, e);
            }
        }
    }

    /** Skips the calling test, saying why, when the CLI v2 is not installed. */
    public static void assumeV2() {
        Assumptions.assumeTrue(v2Installed(), "AWS CLI v2 is not at " + V2 + " (Debian's awscli package, which "
                + ".ci/run installs): the CLI v2 compatibility test is skipped");
    }

    private static synchronized boolean v2Installed() {
        if (available == null) {
            available = false;
            if (Files.isExecutable(V2)) {
                try {
                    Process p = new ProcessBuilder(V2.toString(), "--version").redirectErrorStream(true).start();
                    boolean done = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    available = done && version.startsWith("aws-cli/2.");
                } catch (IOException e) {
                    available = false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return available;
    }

    /**
     * Runs {@code aws --endpoint-url <sandbox> --region <region> --output json <args>}.
     *
     * @param home a temporary folder for the CLI's HOME and its (empty) config files
     */
    public static Result run(SandboxServer server, Path home, String region, String... args) {
        List<String> command = new ArrayList<>(List.of(V2.toString(), "--endpoint-url", server.endpoint().toString(),
                "--region", region, "--output", "json"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        String path = env.getOrDefault("PATH", "/usr/bin:/bin");
        env.clear();
        env.put("PATH", path);
        env.put("HOME", home.toString());
        env.put("LANG", "C.UTF-8");
        env.put("AWS_ACCESS_KEY_ID", "sandbox");
        env.put("AWS_SECRET_ACCESS_KEY", "sandbox");
        env.put("AWS_CONFIG_FILE", home.resolve("no-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("no-credentials").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_PAGER", "");
        try {
            Path out = Files.createTempFile(home, "aws-out", ".txt");
            Path err = Files.createTempFile(home, "aws-err", ".txt");
            Process process = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            boolean finished = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly();
            }
            assertThat(finished).as("aws finished within %d s", TIMEOUT_SECONDS).isTrue();
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
