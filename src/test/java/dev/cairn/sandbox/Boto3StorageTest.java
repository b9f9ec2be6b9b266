package dev.cairn.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Sandbox's S3 and DynamoDB through boto3 (Python's AWS SDK, a client we did not write): the
 * conditional writes team state relies on — {@code If-None-Match: *}, {@code If-Match} — and a
 * DynamoDB conditional put. Skipped, saying why, where Python has no boto3.
 */
class Boto3StorageTest {
    private static final long TIMEOUT_SECONDS = 120;
    private static final String REGION = "ap-northeast-2";

    @TempDir
    Path dir;

    private static boolean boto3Available() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import boto3").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void conditionalWrites_throughBoto3_oneWriterWinsAndStaleETagsAreRefused() throws Exception {
        assumeTrue(boto3Available(), "python3 with boto3 is not installed here");
        Path script = dir.resolve("boto3_storage.py");
        try (InputStream in = getClass().getResourceAsStream("boto3_storage.py")) {
            Files.copy(in, script);
        }
        try (SandboxServer server = SandboxServer.start(SandboxConfig.instant())) {
            ProcessBuilder pb = new ProcessBuilder(List.of("python3", script.toString(), server.endpoint().toString(), REGION));
            Map<String, String> env = pb.environment();
            // Hermetic: no profile, config or credentials of this machine's user reach boto3.
            env.keySet().removeIf(k -> k.startsWith("AWS_"));
            env.put("HOME", dir.toString());
            env.put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
            env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
            env.put("AWS_EC2_METADATA_DISABLED", "true");
            pb.redirectError(dir.resolve("stderr.txt").toFile());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("boto3 script; stderr: %s", Files.readString(dir.resolve("stderr.txt"))).isZero();

            JsonNode r = new ObjectMapper().readTree(out);
            assertThat(r.path("firstLock").asText()).isEqualTo("ok");
            assertThat(r.path("secondLock").asText()).isEqualTo("PreconditionFailed");
            assertThat(r.path("ifMatchRight").asText()).isEqualTo("ok");
            assertThat(r.path("ifMatchStale").asText()).isEqualTo("PreconditionFailed");
            assertThat(r.path("keys").toString()).isEqualTo("[\"s/lock.json\"]");
            assertThat(r.path("firstPut").asText()).isEqualTo("ok");
            assertThat(r.path("secondPut").asText()).isEqualTo("ConditionalCheckFailedException");
            assertThat(r.path("item").asText()).isEqualTo("1");
        }
    }
}
