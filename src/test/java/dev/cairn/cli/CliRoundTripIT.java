package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.aws.AwsClients;
import dev.cairn.aws.ec2.Ec2TagScanner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * The whole CLI round trip against a real account: the default credential chain and region, a
 * stack name of its own, {@code cairn apply} then {@code cairn destroy} (always, in
 * {@code finally}), and a tag scan that finds nothing. Creates a NAT gateway (billed by the hour,
 * a few minutes here). Run with
 * {@code mvn -Dgroups=aws -DexcludedGroups=bench -Dtest=CliRoundTripIT test}.
 */
@Tag("aws")
class CliRoundTripIT {

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private static Run cairn(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = CairnCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    @Test
    void applyThenDestroy_inDefaultAccount_buildsTheNetworkAndLeavesNothingTagged() throws Exception {
        String region = AwsClients.defaultRegion(Optional.empty())
                .orElseThrow(() -> new IllegalStateException("no default region: set AWS_REGION or a profile region"));
        String stack = "cairn-it-" + UUID.randomUUID().toString().substring(0, 8);
        try (AwsClients clients = AwsClients.fromEnvironment(Optional.empty(), Optional.empty())) {
            List<String> zones = clients.ec2(region).describeAvailabilityZones(r -> r.filters(
                            Filter.builder().name("state").values("available").build(),
                            Filter.builder().name("zone-type").values("availability-zone").build()))
                    .availabilityZones().stream().map(AvailabilityZone::zoneName).sorted().limit(2).toList();
            // Subnets left out: Cairn carves the guide's layout out of the VPC for these zones.
            Path blueprint = dir.resolve(stack + ".yaml");
            Files.writeString(blueprint, "name: " + stack + "\nregion: " + region + "\nnetwork:\n  vpcCidr: 10.42.0.0/16\n"
                    + "  zones:\n    - " + zones.get(0) + "\n    - " + zones.get(1) + "\n  nat: single\n");
            String[] where = {"--blueprint", blueprint.toString(), "--state-dir", dir.resolve("state").toString(), "--yes"};

            Run destroy;
            try {
                Run apply = cairn(concat("apply", where, "--output", "json"));
                assertThat(apply.exit()).as(apply.out() + apply.err()).isZero();
                JsonNode json = new ObjectMapper().readTree(apply.out());
                assertThat(json.get("created").asInt()).isEqualTo(21);
                assertThat(json.get("succeeded").asBoolean()).isTrue();
                assertThat(new Ec2TagScanner(clients).scan(stack, Set.of(region))).extracting(t -> t.resourceType())
                        .contains("vpc", "subnet", "internet-gateway", "route-table", "elastic-ip", "natgateway");
            } finally {
                destroy = cairn(concat("destroy", where));
            }
            assertThat(destroy.exit()).as(destroy.out() + destroy.err()).isZero();
            assertThat(destroy.out()).contains("Tag scan: nothing tagged cairn:stack=" + stack + " remains.");
            assertThat(new Ec2TagScanner(clients).scan(stack, Set.of(region))).isEmpty();
        }
    }

    private static String[] concat(String verb, String[] where, String... more) {
        String[] all = new String[1 + where.length + more.length];
        all[0] = verb;
        System.arraycopy(where, 0, all, 1, where.length);
        System.arraycopy(more, 0, all, 1 + where.length, more.length);
        return all;
    }
}
