package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.app.MyIpResolver;
import dev.cairn.app.Target;
import dev.cairn.engine.StackStore;
import dev.cairn.model.Blueprint;
import dev.cairn.plan.Planner;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.BlueprintYaml;
import dev.cairn.step.access.AccessSection;
import dev.cairn.step.network.NetworkResources;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DomainType;

/**
 * The command line's contract, run in-process: what each verb prints, its exit codes (0 done,
 * 1 failed or something left, 2 bad input or usage), the JSON shape scripts rely on. Every run
 * uses temporary {@code --state-dir} and {@code --sandbox-data}, never {@code ~/.cairn}.
 */
class CliContractTest {

    private static final ObjectMapper STRICT_JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final int RESOURCES = 21;
    /** The guide's example: the Network step's 21 and the Access step's (both regions). */
    private static final int EXAMPLE_RESOURCES = 60;

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private static Run cairn(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = CairnCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Path blueprint(String yaml) throws Exception {
        Path file = dir.resolve("blueprint-" + Integer.toHexString(yaml.hashCode()) + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    /** A stack verb on the embedded Sandbox with this test's folders. */
    private Run stack(String verb, Path blueprint, String... more) {
        List<String> args = new ArrayList<>(List.of(verb, "--blueprint", blueprint.toString(),
                "--state-dir", dir.resolve("state").toString()));
        if (!verb.equals("plan") && !verb.equals("status")) {
            args.addAll(List.of("--sandbox", "--sandbox-data", dir.resolve("sandbox").toString()));
        }
        args.addAll(List.of(more));
        return cairn(args.toArray(String[]::new));
    }

    @Test
    void blueprintExample_printsTheGuideValues() {
        Run r = cairn("blueprint", "example");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("name: demo", "region: ap-northeast-2", "vpcCidr: 10.1.0.0/16", "nat: single",
                "cidr: 10.1.1.0/26", "cidr: 10.1.1.64/26", "cidr: 10.1.1.128/27", "cidr: 10.1.1.160/27",
                "cidr: 10.1.1.192/27", "cidr: 10.1.1.224/27");
    }

    @Test
    void blueprintExample_withOut_writesTheFile() throws Exception {
        Path file = dir.resolve("nested/demo.yaml");

        Run r = cairn("blueprint", "example", "--out", file.toString());

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Wrote " + file);
        assertThat(Files.readString(file)).isEqualTo(BlueprintExample.demoYaml());
    }

    /**
     * The guide's whole example (Network + Access, two regions) through plan → apply (JSON) →
     * status → plan again → destroy, every verb on the embedded Sandbox (plan and status with
     * {@code --sandbox} too, so {@code myIp: auto} resolves offline).
     */
    @Test
    void lifecycle_planApplyStatusPlanDestroy_printsWhatScriptsAndPeopleRelyOn() throws Exception {
        Blueprint example = BlueprintExample.demo();
        // Network + Access: the Web tier's own lifecycle is WebCliContractTest's.
        Path bp = blueprint(BlueprintYaml.writeCommented(example));
        List<String> addresses = Planner.specs(MyIpResolver.forTarget(Target.Kind.SANDBOX).resolve(example)).stream()
                .map(s -> s.address().value()).toList();
        assertThat(addresses).as("the example's resources").hasSize(EXAMPLE_RESOURCES);

        lifecycle(bp, addresses, true);

        String status = sandboxStack("status", bp).out();
        assertThat(status).doesNotContain("How to use:");
        assertThat(ec2LiveIn(example.region())).as("live in " + example.region()).isEmpty();
        assertThat(ec2LiveIn(example.section(AccessSection.KEY).peering().region())).as("live in the peer region").isEmpty();
    }

    /** Teardown keeps the private key Cairn saved unless asked; with --delete-key-file it goes too. */
    @Test
    void destroy_keepsTheSavedPrivateKeyUnlessAskedToDeleteIt() throws Exception {
        String yaml = BlueprintYaml.writeCommented(BlueprintExample.demo()).replaceFirst("(?m)^name: demo$", "name: keys")
                .replace("name: demo-key", "name: keys-key");
        Path bp = blueprint(yaml);
        Path pem = dev.cairn.aws.ec2.KeyPairHandler.privateKeyFile("keys-key");
        Files.deleteIfExists(pem);

        assertThat(sandboxStack("apply", bp, "--yes").exit()).isZero();
        assertThat(pem).exists();
        Run kept = sandboxStack("destroy", bp, "--yes");
        assertThat(kept.exit()).isZero();
        assertThat(kept.out()).contains("Kept the private key file " + pem);
        assertThat(pem).exists();

        assertThat(sandboxStack("apply", bp, "--yes").exit()).isZero();
        Run deleted = sandboxStack("destroy", bp, "--yes", "--delete-key-file");
        assertThat(deleted.exit()).isZero();
        assertThat(deleted.out()).contains("Deleted the private key file " + pem);
        assertThat(pem).doesNotExist();
    }

    /** The Network step alone (issue #2's contract lines), from a blueprint file without access. */
    @Test
    void lifecycle_networkOnly_printsTheNetworkStepsCounts() throws Exception {
        Path bp = blueprint(BlueprintYaml.writeCommented(BlueprintExample.networkOnly()));
        List<String> addresses = NetworkResources.specs(BlueprintExample.networkOnly()).stream().map(s -> s.address().value()).toList();
        assertThat(addresses).hasSize(RESOURCES);

        lifecycle(bp, addresses, false);
    }

    private void lifecycle(Path bp, List<String> addresses, boolean access) throws Exception {
        int n = addresses.size();
        Run plan = sandboxStack("plan", bp);
        assertThat(plan.exit()).as(plan.err()).isZero();
        assertThat(plan.out().lines().filter(l -> l.startsWith("  + "))).hasSize(n);
        addresses.forEach(a -> assertThat(plan.out()).contains("+ " + a + " "));
        assertThat(plan.out()).contains("Plan: " + n + " to create, 0 to update, 0 to replace, 0 to keep, 0 to delete.");

        Run apply = sandboxStack("apply", bp, "--yes", "--output", "json");
        assertThat(apply.exit()).as(apply.err()).isZero();
        JsonNode json = STRICT_JSON.readTree(apply.out());
        assertThat(json.isObject()).isTrue();
        assertThat(json.get("created").asInt()).isEqualTo(n);
        assertThat(json.get("wallSeconds").isNumber()).isTrue();
        assertThat(json.get("wallSeconds").asDouble()).isPositive();
        assertThat(json.get("criticalPathSeconds").asDouble()).isPositive().isLessThanOrEqualTo(json.get("wallSeconds").asDouble());
        assertThat(json.get("apiCalls").asLong()).isGreaterThanOrEqualTo(n);
        assertThat(json.get("succeeded").asBoolean()).isTrue();

        Run status = sandboxStack("status", bp);
        assertThat(status.exit()).isZero();
        addresses.forEach(a -> assertThat(status.out()).contains(a));
        assertThat(status.out()).contains(n + " resource(s) recorded, 0 interrupted.");
        if (access) {
            assertThat(status.out()).contains("How to use:");
            assertThat(status.out().lines().filter(l -> l.contains("ssh -i ") && l.contains(" -J ec2-user@")))
                    .as("ssh through the bastion").hasSize(1);
        } else {
            assertThat(status.out()).doesNotContain("How to use:");
        }

        Run again = sandboxStack("plan", bp);
        assertThat(again.out()).contains("Plan: 0 to create, 0 to update, 0 to replace, " + n + " to keep, 0 to delete.");

        Run destroy = sandboxStack("destroy", bp, "--yes");
        assertThat(destroy.exit()).as(destroy.out() + destroy.err()).isZero();
        assertThat(destroy.out()).contains("Tag scan: nothing tagged cairn:stack=demo remains.");
        assertThat(sandboxStack("status", bp).out()).contains("0 resource(s) recorded");
    }

    /** What the embedded Sandbox's data folder still holds live in a region, as {@code type:id}. */
    private List<String> ec2LiveIn(String region) {
        try (SandboxServer server = SandboxServer.start(SandboxConfig.instant().withDataDir(dir.resolve("sandbox")))) {
            return server.resources().stream().filter(r -> region.equals(r.get("region")))
                    .map(r -> r.get("type") + ":" + r.get("id")).toList();
        }
    }

    /** A stack verb with {@code --sandbox} whatever the verb (plan and status then resolve offline). */
    private Run sandboxStack(String verb, Path blueprint, String... more) {
        List<String> args = new ArrayList<>(List.of(verb, "--blueprint", blueprint.toString(),
                "--state-dir", dir.resolve("state").toString(), "--sandbox", "--sandbox-data", dir.resolve("sandbox").toString()));
        args.addAll(List.of(more));
        return cairn(args.toArray(String[]::new));
    }

    static Stream<Arguments> invalidBlueprints() {
        String demo = BlueprintExample.demoYaml();
        return Stream.of(
                Arguments.of("cidr.malformed", demo.replace("cidr: 10.1.1.0/26", "cidr: 10.1.1.300/26")),
                Arguments.of("vpc.prefixRange", demo.replace("vpcCidr: 10.1.0.0/16", "vpcCidr: 10.0.0.0/8")),
                Arguments.of("subnet.outsideVpc", demo.replace("cidr: 10.1.1.224/27", "cidr: 10.2.1.224/27")),
                Arguments.of("subnet.overlap", demo.replace("cidr: 10.1.1.224/27", "cidr: 10.1.1.192/27")),
                Arguments.of("subnet.tooSmall", demo.replace("cidr: 10.1.1.224/27", "cidr: 10.1.1.224/29")),
                Arguments.of("zone.notInRegion", demo.replace("    - ap-northeast-2c\n", "    - us-east-1a\n")),
                Arguments.of("name.duplicate", demo.replace("name: app-c", "name: app-a")),
                Arguments.of("stack.name", demo.replace("name: demo\n", "name: Demo_Stack\n")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidBlueprints")
    void apply_whenBlueprintBreaksARule_exitsTwoNamingTheRuleBeforeAnyCall(String rule, String yaml) throws Exception {
        assertThat(yaml).isNotEqualTo(BlueprintExample.demoYaml());

        Run r = stack("apply", blueprint(yaml), "--yes");

        assertThat(r.exit()).isEqualTo(CairnCommand.EXIT_USAGE);
        assertThat(r.err()).contains("[" + rule + "]").contains("nothing was sent to AWS");
        // Validation comes first: no Sandbox was started, no journal written.
        assertThat(dir.resolve("state").resolve(StackStore.JOURNAL_FILE)).doesNotExist();
        assertThat(dir.resolve("sandbox")).doesNotExist();
    }

    @Test
    void plan_whenSshIsOpenToAnywhere_printsTheWarningWithFieldAndRule() throws Exception {
        String yaml = BlueprintExample.demoYaml().replace("myIp: auto", "myIp: 0.0.0.0/0")
                .replace("allowSshFromAnywhere: false", "allowSshFromAnywhere: true");
        Run r = cairn("plan", "--blueprint", blueprint(yaml).toString());

        assertThat(r.exit()).isZero();
        assertThat(r.out()).containsPattern("warning: access\\.myIp: .+ \\[myIp\\.anywhere\\]");
    }

    @Test
    void plan_whenOptionUnknown_exitsTwo() throws Exception {
        Run r = cairn("plan", "--blueprint", blueprint(BlueprintExample.demoYaml()).toString(), "--bogus");

        assertThat(r.exit()).isEqualTo(CairnCommand.EXIT_USAGE);
        assertThat(r.err()).contains("--bogus");
    }

    @Test
    void apply_whenSandboxAndEndpointBothGiven_exitsTwo() throws Exception {
        Run r = stack("apply", blueprint(BlueprintExample.demoYaml()), "--endpoint", "http://127.0.0.1:1", "--yes");

        assertThat(r.exit()).isEqualTo(CairnCommand.EXIT_USAGE);
        assertThat(r.err()).contains("--sandbox").contains("--endpoint");
        assertThat(dir.resolve("sandbox")).doesNotExist();
    }

    // What a new user meets first: each mistake answered in words, exit 2, nothing sent to AWS.

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"plan", "apply"})
    void stackVerb_whenProfileDoesNotExist_exitsTwoNamingTheProfileAndTheFiles(String verb) throws Exception {
        Run r = cairn(verb, "--blueprint", blueprint(BlueprintExample.demoYaml()).toString(),
                "--state-dir", dir.resolve("state").toString(), "--profile", "nosuch", "--yes");

        // The test JVM's profile files (the pom points them under target/, where they do not exist).
        String config = System.getenv("AWS_CONFIG_FILE");
        String credentials = System.getenv("AWS_SHARED_CREDENTIALS_FILE");
        assertThat(r.exit()).isEqualTo(CairnCommand.EXIT_USAGE);
        assertThat(r.err()).isEqualTo("error: AWS profile 'nosuch' is not in " + config + " or " + credentials
                + "; create it with `aws configure --profile nosuch` (or `aws configure sso`), or leave out --profile\n");
        assertThat(dir.resolve("state")).doesNotExist();
    }

    @Test
    void plan_whenBlueprintFileIsMissing_exitsTwoSayingSo() {
        Path missing = dir.resolve("missing.yaml");
        Run r = cairn("plan", "--blueprint", missing.toString());

        assertThat(r.exit()).isEqualTo(CairnCommand.EXIT_USAGE);
        assertThat(r.err()).isEqualTo("error: cannot read " + missing + ": no such file\n");
    }

    @Test
    void plan_whenBlueprintIsABinaryFile_exitsTwoSayingItIsNotText() throws Exception {
        Path binary = Files.write(dir.resolve("picture.yaml"), new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0});
        Run r = cairn("plan", "--blueprint", binary.toString());

        assertThat(r.exit()).isEqualTo(CairnCommand.EXIT_USAGE);
        assertThat(r.err()).isEqualTo("error: cannot read " + binary + ": it is not a text file (a blueprint is YAML, in UTF-8)\n");
    }

    @Test
    void plan_whenBlueprintIsAFolder_exitsTwoSayingSo() {
        Run r = cairn("plan", "--blueprint", dir.toString());

        assertThat(r.exit()).isEqualTo(CairnCommand.EXIT_USAGE);
        assertThat(r.err()).isEqualTo("error: cannot read " + dir + ": it is a folder; give the blueprint's YAML file\n");
    }

    @Test
    void blueprintExample_whenOutIsAFolder_exitsTwoSuggestingAFileName() {
        Run r = cairn("blueprint", "example", "--out", dir.toString());

        assertThat(r.exit()).isEqualTo(CairnCommand.EXIT_USAGE);
        assertThat(r.err()).isEqualTo("error: --out " + dir + " is a folder; give a file name, such as "
                + dir.resolve("demo.yaml") + "\n");
    }

    /**
     * A NAT gateway made by hand outside the stack (its own VPC, no Cairn tags) whose network
     * interface someone tagged {@code cairn:stack=demo}: Cairn cannot delete an interface AWS
     * manages, so the teardown's tag scan finds it, names it, and the exit code is 1.
     */
    @Test
    void destroy_whenATaggedResourceCannotBeRemoved_exitsOneAndListsIt() throws Exception {
        Path bp = blueprint(BlueprintYaml.writeCommented(BlueprintExample.demo()));
        assertThat(stack("apply", bp, "--yes", "--output", "json").exit()).isZero();
        String eniId;
        try (SandboxServer server = SandboxServer.start(SandboxConfig.instant().withDataDir(dir.resolve("sandbox")));
                Ec2Client ec2 = Ec2Client.builder().endpointOverride(server.endpoint()).region(Region.AP_NORTHEAST_2)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("sandbox", "sandbox")))
                        .build()) {
            String vpc = ec2.createVpc(r -> r.cidrBlock("10.9.0.0/16")).vpc().vpcId();
            String subnet = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.9.1.0/24").availabilityZone("ap-northeast-2a"))
                    .subnet().subnetId();
            String igw = ec2.createInternetGateway(r -> {}).internetGateway().internetGatewayId();
            ec2.attachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpc));
            String eip = ec2.allocateAddress(r -> r.domain(DomainType.VPC)).allocationId();
            String nat = ec2.createNatGateway(r -> r.subnetId(subnet).allocationId(eip)).natGateway().natGatewayId();
            eniId = ec2.describeNatGateways(r -> r.natGatewayIds(nat)).natGateways().get(0).natGatewayAddresses().get(0)
                    .networkInterfaceId();
            String eni = eniId;
            ec2.createTags(r -> r.resources(eni).tags(t -> t.key("cairn:stack").value("demo")));
        }

        Run destroy = stack("destroy", bp, "--yes");

        assertThat(destroy.exit()).as(destroy.out() + destroy.err()).isEqualTo(CairnCommand.EXIT_FAILED);
        assertThat(destroy.out()).contains("Tag scan: 1 resource(s) tagged cairn:stack=demo remain:")
                .contains("network-interface  " + eniId)
                .contains("Destroy incomplete");
        // Everything Cairn made is gone all the same.
        assertThat(stack("status", bp).out()).contains("0 resource(s) recorded");
    }
}
