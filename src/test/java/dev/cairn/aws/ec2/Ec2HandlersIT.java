package dev.cairn.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.aws.AwsClients;
import dev.cairn.aws.AwsHandlers;
import dev.cairn.aws.CallerIdentity;
import dev.cairn.engine.TagScanner.TaggedResource;
import dev.cairn.model.ResourceRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;

/**
 * The Network handlers against a real account: the default credential chain and the default
 * region. Creates a NAT gateway (billed by the hour, ~5 minutes here) and removes everything it
 * created even when an assertion fails. Run with {@code mvn -Dgroups=aws -DexcludedGroups=bench
 * -Dtest=Ec2HandlersIT test}.
 */
@Tag("aws")
class Ec2HandlersIT {

    @Test
    void networkStack_inDefaultRegion_isBuiltThenTornDownWithNothingTagged() {
        String region = AwsClients.defaultRegion(Optional.empty())
                .orElseThrow(() -> new IllegalStateException("no default region: set AWS_REGION or a profile region"));
        try (AwsClients clients = AwsClients.fromEnvironment(Optional.empty(), Optional.empty())) {
            CallerIdentity me = clients.whoAmI(region);
            assertThat(me.account()).matches("\\d{12}");
            List<String> zones = clients.ec2(region).describeAvailabilityZones(r -> r.filters(
                            Ec2Handler.filter("state", "available"), Ec2Handler.filter("zone-type", "availability-zone")))
                    .availabilityZones().stream().map(AvailabilityZone::zoneName).sorted().limit(2).toList();
            String stack = "cairn-it-" + UUID.randomUUID().toString().substring(0, 8);
            NetworkFixture f = new NetworkFixture(AwsHandlers.forClients(clients), stack, region, NetworkFixture.AWS_TIMEOUT)
                    .withZones(zones);
            Ec2TagScanner scanner = new Ec2TagScanner(clients);
            Map<String, ResourceRecord> created = new LinkedHashMap<>();
            try {
                f.buildNetwork(created);
                assertThat(scanner.scan(stack, Set.of(region))).extracting(TaggedResource::resourceType)
                        .contains("vpc", "subnet", "internet-gateway", "route-table", "elastic-ip", "natgateway");
            } finally {
                // created holds whatever became ready, so a failure half-way through still cleans up.
                f.destroyAll(created);
            }
            assertThat(scanner.scan(stack, Set.of(region))).isEmpty();
        }
    }
}
