package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.BlueprintYaml;
import dev.cairn.step.network.NatMode;
import dev.cairn.step.network.NetworkSection;
import dev.cairn.step.storage.StorageSection;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The Storage step through the command line on the embedded Sandbox: {@code plan} warns about
 * public read with the object URL and describes the bucket and table; {@code apply} ends with the
 * bucket's URL, the public object URL and the {@code cairn state migrate} line for the state
 * bucket; {@code status --output json} has {@code storage.bucket} and {@code storage.table};
 * {@code destroy} says what the bucket holds and leaves nothing.
 */
class StorageCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private Run stack(String verb, Path bp, String... more) {
        List<String> args = new ArrayList<>(List.of(verb, "--blueprint", bp.toString(), "--state-dir",
                dir.resolve("state").toString(), "--sandbox", "--sandbox-data", dir.resolve("sandbox").toString()));
        args.addAll(List.of(more));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = CairnCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void planApplyStatusDestroy_publicBucketTableAndStateBucket_onTheEmbeddedSandbox() throws Exception {
        NetworkSection n = BlueprintExample.demo().section(NetworkSection.KEY);
        StorageSection example = BlueprintExample.storage();
        StorageSection storage = new StorageSection(true, new StorageSection.Bucket("auto", true, true, null),
                example.table(), new StorageSection.StateBucket(true, "auto"));
        Path bp = dir.resolve("storage.yaml");
        Files.writeString(bp, BlueprintYaml.writeCommented(BlueprintExample.networkOnly()
                .with(NetworkSection.KEY, new NetworkSection(n.vpcCidr(), n.zones(), NatMode.NONE, n.subnets()))
                .with(StorageSection.KEY, storage)));
        String bucket = "demo-000000000000-ap-northeast-2";

        Run plan = stack("plan", bp);
        assertThat(plan.exit()).as(plan.out() + plan.err()).isZero();
        assertThat(plan.out()).contains("storage.bucket", bucket + " versioning Enabled PUBLIC READ",
                bucket + "-state versioning Enabled (team state)", "demo-table key id:S on demand",
                "S3 bucket storage $0.025 per GB-month")
                .containsPattern("warning: storage\\.bucket\\.allowPublicRead: .+https://" + bucket
                        + "\\.s3\\.ap-northeast-2\\.amazonaws\\.com/KEY.+\\[bucket\\.publicRead\\]");

        Run apply = stack("apply", bp, "--yes");
        assertThat(apply.exit()).as(apply.out() + apply.err()).isZero();
        assertThat(apply.out()).containsPattern("Bucket " + bucket + ": http://127\\.0\\.0\\.1:\\d+/" + bucket
                + " — 0 objects, 0 versions, 0 delete markers")
                .contains("public read is on: anyone can open ", "Table demo-table: ACTIVE",
                        "cairn state migrate --stack demo --to s3://" + bucket + "-state/cairn");

        Run status = stack("status", bp, "--output", "json");
        assertThat(status.exit()).as(status.err()).isZero();
        JsonNode s = JSON.readTree(status.out()).path("storage");
        assertThat(s.path("bucket").path("name").asText()).isEqualTo(bucket);
        assertThat(s.path("bucket").path("url").asText()).matches("http://127\\.0\\.0\\.1:\\d+/" + bucket);
        assertThat(s.path("bucket").path("objects").isNumber()).isTrue();
        assertThat(s.path("bucket").path("objects").asLong()).isZero();
        assertThat(s.path("bucket").path("versions").asLong()).isZero();
        assertThat(s.path("bucket").path("objectUrl").asText()).endsWith("/" + bucket + "/KEY");
        assertThat(s.path("table").path("name").asText()).isEqualTo("demo-table");
        assertThat(s.path("table").path("status").asText()).isEqualTo("ACTIVE");
        assertThat(s.path("stateBucket").asText()).isEqualTo(bucket + "-state");

        Run destroy = stack("destroy", bp, "--yes");
        assertThat(destroy.exit()).as(destroy.out() + destroy.err()).isZero();
        assertThat(destroy.out()).contains("warning: storage.bucket: deleting it: every object and version",
                "warning: storage.table: deleting it: the table's items", "nothing tagged cairn:stack=demo remains");
    }
}
