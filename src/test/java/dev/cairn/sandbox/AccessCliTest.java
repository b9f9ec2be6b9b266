package dev.cairn.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AWS CLI reads the Access step's catalog from the Sandbox (skipped when {@code aws} is not on PATH). */
class AccessCliTest {
    private static final long CLI_TIMEOUT_SECONDS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AL2023_X86 = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";

    @TempDir
    Path home;
    private SandboxServer server;

    @BeforeEach
    void start() {
        Assumptions.assumeTrue(onPath("aws"), "AWS CLI ('aws') is not on PATH: the CLI compatibility test is skipped");
        server = SandboxServer.start(SandboxConfig.instant());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void awsCli_ssmGetParameterThenDescribeImages_resolvesAmazonLinux() throws Exception {
        JsonNode parameter = aws("ssm", "get-parameter", "--name", AL2023_X86).get("Parameter");
        String imageId = parameter.get("Value").asText();
        assertThat(imageId).matches("ami-[0-9a-f]{17}");
        assertThat(parameter.get("DataType").asText()).isEqualTo("aws:ec2:image");

        JsonNode images = aws("ec2", "describe-images", "--image-ids", imageId).get("Images");
        assertThat(images).hasSize(1);
        assertThat(images.get(0).get("Name").asText()).isEqualTo("al2023-ami-2023.6.20251110.0-kernel-6.1-x86_64");
        assertThat(images.get(0).get("ImageOwnerAlias").asText()).isEqualTo("amazon");
    }

    @Test
    void awsCli_describeImagesByOwnerAndName_findsTheMarketplaceImage() throws Exception {
        JsonNode images = aws("ec2", "describe-images", "--owners", "aws-marketplace", "--filters",
                "Name=name,Values=OpenVPN Access Server Community Image-*").get("Images");

        assertThat(images).hasSize(1);
        assertThat(images.get(0).get("ProductCodes").get(0).get("ProductCodeType").asText()).isEqualTo("marketplace");
    }

    private JsonNode aws(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", server.endpoint().toString(),
                "--region", "ap-northeast-2", "--output", "json"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("AWS_PROFILE");
        pb.environment().put("AWS_ACCESS_KEY_ID", "sandbox");
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "sandbox");
        pb.environment().put("AWS_CONFIG_FILE", home.resolve("no-config").toString());
        pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("no-credentials").toString());
        pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        Process process = pb.start();
        boolean finished = process.waitFor(CLI_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(finished).as("aws finished within %d s", CLI_TIMEOUT_SECONDS).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return JSON.readTree(output);
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
