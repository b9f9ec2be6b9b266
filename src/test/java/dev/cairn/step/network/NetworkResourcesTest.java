package dev.cairn.step.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.model.Address;
import dev.cairn.model.Blueprint;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.kinds.Ec2Kinds;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.BlueprintYaml;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

public class NetworkResourcesTest {

    public static final List<String> DEMO_ADDRESSES = List.of(
            "network.vpc",
            "network.subnet[public-a]",
            "network.subnet[public-c]",
            "network.subnet[app-a]",
            "network.subnet[app-c]",
            "network.subnet[db-a]",
            "network.subnet[db-c]",
            "network.igw",
            "network.igw-attachment",
            "network.route-table[public]",
            "network.route[public-default]",
            "network.rta[public-a]",
            "network.rta[public-c]",
            "network.eip[nat-a]",
            "network.nat[a]",
            "network.route-table[private]",
            "network.route[private-default]",
            "network.rta[app-a]",
            "network.rta[app-c]",
            "network.rta[db-a]",
            "network.rta[db-c]");

    private static Blueprint withNat(NatMode nat) {
        Blueprint demo = BlueprintExample.demo();
        return demo.with(NetworkSection.KEY, demo.section(NetworkSection.KEY).withNat(nat));
    }

    private static Map<Address, ResourceSpec> byAddress(List<ResourceSpec> specs) {
        return specs.stream().collect(Collectors.toMap(ResourceSpec::address, Function.identity()));
    }

    @Test
    void specs_whenDemo_pinsExactAddressListAndCount() {
        List<ResourceSpec> specs = NetworkResources.specs(BlueprintExample.demo());
        assertThat(specs).extracting(s -> s.address().value()).containsExactlyElementsOf(DEMO_ADDRESSES);
        assertThat(specs).hasSize(21);
        assertThat(specs).allSatisfy(s -> assertThat(s.region()).isEqualTo("ap-northeast-2"));
    }

    @Test
    void specs_whenDemo_formsDagWhoseDependenciesAreAllDefined() {
        List<ResourceSpec> specs = NetworkResources.specs(BlueprintExample.demo());
        Map<Address, ResourceSpec> all = byAddress(specs);
        Set<Address> seen = new HashSet<>();
        // The list order is itself a topological order: every dependency comes earlier.
        for (ResourceSpec s : specs) {
            assertThat(all.keySet()).containsAll(s.dependencies());
            assertThat(seen).as("dependencies of %s", s.address()).containsAll(s.dependencies());
            seen.add(s.address());
        }
    }

    @Test
    void specs_whenDemo_followsKindContract() {
        Map<Address, ResourceSpec> all = byAddress(NetworkResources.specs(BlueprintExample.demo()));
        assertThat(all.get(Address.parse("network.vpc")).properties()).containsExactly(Map.entry("cidr", "10.1.0.0/16"));
        ResourceSpec publicA = all.get(Address.parse("network.subnet[public-a]"));
        assertThat(publicA.kind()).isEqualTo(Ec2Kinds.SUBNET);
        assertThat(publicA.properties()).containsEntry("cidr", "10.1.1.0/26").containsEntry("zone", "ap-northeast-2a")
                .containsEntry("tier", "public").containsEntry("mapPublicIp", "true");
        assertThat(publicA.refs()).containsExactly(Map.entry("vpc", Address.parse("network.vpc")));
        assertThat(all.get(Address.parse("network.subnet[db-c]")).properties()).containsEntry("mapPublicIp", "false")
                .containsEntry("tier", "db");
        assertThat(all.get(Address.parse("network.igw-attachment")).refs())
                .containsEntry("gateway", Address.parse("network.igw")).containsEntry("vpc", Address.parse("network.vpc"));
        ResourceSpec publicRoute = all.get(Address.parse("network.route[public-default]"));
        assertThat(publicRoute.properties()).containsEntry("destination", "0.0.0.0/0");
        assertThat(publicRoute.refs()).containsEntry("routeTable", Address.parse("network.route-table[public]"))
                .containsEntry("gateway", Address.parse("network.igw")).doesNotContainKey("natGateway");
        assertThat(publicRoute.extraDependencies()).containsExactly(Address.parse("network.igw-attachment"));
        ResourceSpec nat = all.get(Address.parse("network.nat[a]"));
        assertThat(nat.kind()).isEqualTo(Ec2Kinds.NAT_GATEWAY);
        assertThat(nat.properties()).containsEntry("connectivity", "public");
        assertThat(nat.refs()).containsEntry("subnet", Address.parse("network.subnet[public-a]"))
                .containsEntry("eip", Address.parse("network.eip[nat-a]"));
        assertThat(nat.extraDependencies()).containsExactly(Address.parse("network.igw-attachment"));
        ResourceSpec privateRoute = all.get(Address.parse("network.route[private-default]"));
        assertThat(privateRoute.refs()).containsEntry("natGateway", Address.parse("network.nat[a]"))
                .containsEntry("routeTable", Address.parse("network.route-table[private]")).doesNotContainKey("gateway");
        assertThat(all.get(Address.parse("network.route-table[private]")).properties()).containsEntry("tier", "private");
        assertThat(all.get(Address.parse("network.rta[db-c]")).refs())
                .containsEntry("routeTable", Address.parse("network.route-table[private]"))
                .containsEntry("subnet", Address.parse("network.subnet[db-c]"));
    }

    @Test
    void specs_whenNatPerZone_givesEachZoneItsTableRouteAndNat() {
        Map<Address, ResourceSpec> all = byAddress(NetworkResources.specs(withNat(NatMode.PER_ZONE)));
        assertThat(all).hasSize(25).doesNotContainKey(Address.parse("network.route-table[private]"));
        assertThat(all.get(Address.parse("network.nat[c]")).refs())
                .containsEntry("subnet", Address.parse("network.subnet[public-c]"))
                .containsEntry("eip", Address.parse("network.eip[nat-c]"));
        assertThat(all.get(Address.parse("network.route[private-c-default]")).refs())
                .containsEntry("natGateway", Address.parse("network.nat[c]"))
                .containsEntry("routeTable", Address.parse("network.route-table[private-c]"));
        assertThat(all.get(Address.parse("network.rta[app-a]")).refs())
                .containsEntry("routeTable", Address.parse("network.route-table[private-a]"));
        assertThat(all.get(Address.parse("network.rta[db-c]")).refs())
                .containsEntry("routeTable", Address.parse("network.route-table[private-c]"));
    }

    @Test
    void specs_whenNatNone_hasPrivateTableWithoutDefaultRoute() {
        Map<Address, ResourceSpec> all = byAddress(NetworkResources.specs(withNat(NatMode.NONE)));
        assertThat(all).hasSize(18).containsKey(Address.parse("network.route-table[private]"));
        assertThat(all.values()).noneMatch(s -> s.kind() == Ec2Kinds.NAT_GATEWAY || s.kind() == Ec2Kinds.ELASTIC_IP);
        assertThat(all).doesNotContainKey(Address.parse("network.route[private-default]"));
    }

    @Test
    void specs_whenThreeZonesComputed_namesSubnetsByZoneLetter() {
        Blueprint b = BlueprintYaml.read("""
                name: three
                region: us-east-1
                network:
                  vpcCidr: 10.0.0.0/16
                  zones: [us-east-1a, us-east-1b, us-east-1c]
                  nat: per-zone
                """).blueprint();
        List<ResourceSpec> specs = NetworkResources.specs(b);
        assertThat(specs).extracting(s -> s.address().value())
                .contains("network.subnet[app-b]", "network.nat[b]", "network.route[private-b-default]");
        assertThat(specs).hasSize(1 + 9 + 2 + 2 + 3 + 3 * (2 + 2) + 6);
    }

    @Test
    void specs_whenNetworkIncomplete_fails() {
        Blueprint b = withNat(null);
        assertThatThrownBy(() -> NetworkResources.specs(b)).isInstanceOf(IllegalArgumentException.class);
    }
}
