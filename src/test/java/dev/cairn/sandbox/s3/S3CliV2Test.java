package dev.cairn.sandbox.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.sandbox.AwsCli;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 protocol through the AWS CLI v2: the high-level {@code aws s3} commands and {@code s3api}. */
class S3CliV2Test {
    private static final String REGION = "ap-northeast-2";
    @TempDir
    Path dir;
    private Path home;
    private SandboxServer server;

    @BeforeEach
    void start() throws Exception {
        AwsCli.assumeV2();
        server = SandboxServer.start(SandboxConfig.instant());
        home = Files.createDirectories(dir.resolve("home"));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private AwsCli.Result aws(String... args) {
        return AwsCli.run(server, home, REGION, args);
    }

    private void ok(String... args) {
        AwsCli.Result r = aws(args);
        assertThat(r.exitCode()).as("aws %s; stderr: %s", String.join(" ", args), r.err()).isZero();
    }

    @Test
    void s3Commands_mbCpLsSyncRb_workAgainstTheSandbox() throws Exception {
        Path site = Files.createDirectories(dir.resolve("site/css"));
        Files.writeString(dir.resolve("site/index.html"), "<h1>hi</h1>");
        Files.writeString(site.resolve("main.css"), "h1{}");
        ok("s3", "mb", "s3://cli-bucket");
        ok("s3", "cp", dir.resolve("site/index.html").toString(), "s3://cli-bucket/one/index.html");
        ok("s3", "sync", dir.resolve("site").toString(), "s3://cli-bucket/site");

        AwsCli.Result ls = aws("s3", "ls", "s3://cli-bucket", "--recursive");
        assertThat(ls.exitCode()).as(ls.err()).isZero();
        assertThat(ls.out()).contains("one/index.html", "site/index.html", "site/css/main.css");
        assertThat(aws("s3", "ls").out()).contains("cli-bucket");

        // A second sync finds nothing to copy: sizes and times match what it listed.
        AwsCli.Result again = aws("s3", "sync", dir.resolve("site").toString(), "s3://cli-bucket/site");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).doesNotContain("upload:");

        Path back = dir.resolve("back");
        ok("s3", "sync", "s3://cli-bucket/site", back.toString());
        assertThat(Files.readString(back.resolve("css/main.css"))).isEqualTo("h1{}");

        AwsCli.Result notEmpty = aws("s3", "rb", "s3://cli-bucket");
        assertThat(notEmpty.exitCode()).isNotZero();
        assertThat(notEmpty.err()).contains("BucketNotEmpty");
        ok("s3", "rb", "s3://cli-bucket", "--force");
        assertThat(server.resources()).isEmpty();
    }

    @Test
    void s3Cp_of20Megabytes_isAMultipartUploadThatReadsBackWhole() throws Exception {
        byte[] big = new byte[20 * 1024 * 1024];
        new Random(20).nextBytes(big);
        Path in = dir.resolve("big.bin");
        Files.write(in, big);
        ok("s3", "mb", "s3://big-bucket");
        ok("s3", "cp", in.toString(), "s3://big-bucket/big.bin");

        var head = aws("s3api", "head-object", "--bucket", "big-bucket", "--key", "big.bin").json();
        assertThat(head.get("ContentLength").asLong()).isEqualTo(big.length);
        // The CLI splits at 8 MiB: three parts, so the ETag is an MD5 of MD5s with "-3".
        assertThat(head.get("ETag").asText()).endsWith("-3\"");

        Path out = dir.resolve("out.bin");
        ok("s3", "cp", "s3://big-bucket/big.bin", out.toString());
        assertThat(Files.mismatch(in, out)).isEqualTo(-1L);
    }

    @Test
    void s3api_versionsAndDeleteObjects_roundTrip() throws Exception {
        Path file = dir.resolve("f.txt");
        Files.writeString(file, "v1");
        ok("s3api", "create-bucket", "--bucket", "api-bucket", "--create-bucket-configuration",
                "LocationConstraint=" + REGION);
        ok("s3api", "put-bucket-versioning", "--bucket", "api-bucket", "--versioning-configuration", "Status=Enabled");
        ok("s3api", "put-object", "--bucket", "api-bucket", "--key", "f.txt", "--body", file.toString());
        ok("s3api", "put-object", "--bucket", "api-bucket", "--key", "f.txt", "--body", file.toString());
        var versions = aws("s3api", "list-object-versions", "--bucket", "api-bucket").json().get("Versions");
        assertThat(versions).hasSize(2);

        String delete = "{\"Objects\":[{\"Key\":\"f.txt\",\"VersionId\":\"" + versions.get(0).get("VersionId").asText()
                + "\"},{\"Key\":\"f.txt\",\"VersionId\":\"" + versions.get(1).get("VersionId").asText() + "\"}]}";
        var deleted = aws("s3api", "delete-objects", "--bucket", "api-bucket", "--delete", delete).json();
        assertThat(deleted.get("Deleted")).hasSize(2);
        ok("s3api", "delete-bucket", "--bucket", "api-bucket");
    }

    @Test
    void s3apiPutObject_ifNoneMatchStar_refusesTheSecondWrite() throws Exception {
        AwsCli.Result help = aws("s3api", "put-object", "help");
        Assumptions.assumeTrue(help.out().contains("--if-none-match"), "this AWS CLI v2 predates put-object "
                + "--if-none-match (added in 2.18, August 2024); the SDK tests cover conditional writes");
        Path file = dir.resolve("lock.json");
        Files.writeString(file, "{\"who\":\"cli\"}", StandardCharsets.UTF_8);
        ok("s3api", "create-bucket", "--bucket", "lock-bucket", "--create-bucket-configuration",
                "LocationConstraint=" + REGION);
        ok("s3api", "put-object", "--bucket", "lock-bucket", "--key", "lock", "--body", file.toString(),
                "--if-none-match", "*");
        AwsCli.Result second = aws("s3api", "put-object", "--bucket", "lock-bucket", "--key", "lock", "--body",
                file.toString(), "--if-none-match", "*");
        assertThat(second.exitCode()).isNotZero();
        assertThat(second.err()).contains("PreconditionFailed");
        try (S3Client s3 = S3Fixture.s3(server)) {
            assertThat(s3.getObjectAsBytes(r -> r.bucket("lock-bucket").key("lock")).asUtf8String()).contains("cli");
        }
    }
}
