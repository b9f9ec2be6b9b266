package dev.cairn.step.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.model.Address;
import dev.cairn.model.Blueprint;
import dev.cairn.model.ResourceSpec;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.BlueprintYaml;
import dev.cairn.step.network.NatMode;
import dev.cairn.step.network.NetworkResources;
import dev.cairn.step.network.NetworkSection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

public class AccessResourcesTest {

    /** The guide's example with myIp resolved, as the app hands it to the planner. */
    public static Blueprint demo() {
        Blueprint bp = BlueprintYaml.withDefaults(BlueprintExample.demo());
        return bp.with(AccessSection.KEY, bp.section(AccessSection.KEY).withMyIp("203.0.113.10/32"));
    }

    private static Map<Address, ResourceSpec> byAddress(List<ResourceSpec> specs) {
        return specs.stream().collect(Collectors.toMap(ResourceSpec::address, Function.identity()));
    }

    @Test
    void specs_whenGuideExample_listsTheseThirtyNineAddressesInCreationOrder() {
        List<String> addresses = AccessResources.specs(demo()).stream().map(s -> s.address().value()).toList();
        assertThat(addresses).containsExactly(
                "access.key-pair",
                "access.sg[bastion]", "access.sg-rule[bastion-ssh]", "access.instance[bastion]", "access.eip[bastion]",
                "access.eip-association[bastion]",
                "access.sg[vpn]", "access.sg-rule[vpn-tcp-22]", "access.sg-rule[vpn-tcp-943]", "access.sg-rule[vpn-tcp-443]",
                "access.sg-rule[vpn-udp-1194]", "access.instance[vpn]", "access.eip[vpn]", "access.eip-association[vpn]",
                "access.sg[private]", "access.sg-rule[private-ssh-bastion]", "access.sg-rule[private-ssh-vpn]",
                "access.instance[private]",
                "peer.vpc", "peer.subnet[public-a]", "peer.subnet[public-c]", "peer.subnet[private-a]", "peer.subnet[private-c]",
                "peer.igw", "peer.igw-attachment", "peer.route-table[public]", "peer.route[public-default]",
                "peer.route-table[private]", "peer.rta[public-a]", "peer.rta[public-c]", "peer.rta[private-a]",
                "peer.rta[private-c]", "peer.sg[private]", "peer.sg-rule[private-icmp-main]", "peer.instance[private]",
                "access.peering", "peer.peering-acceptance", "access.route[private-peer]", "peer.route[private-main]");
        assertThat(addresses).hasSize(39);
    }

    @Test
    void specs_whenGuideExample_followTheContractAndTheSafeDefaults() {
        Map<Address, ResourceSpec> s = byAddress(AccessResources.specs(demo()));
        assertThat(s.get(AccessResources.rule("bastion-ssh")).properties())
                .containsEntry("protocol", "tcp").containsEntry("fromPort", "22").containsEntry("cidr", "203.0.113.10/32");
        assertThat(s.get(AccessResources.rule("vpn-udp-1194")).properties()).containsEntry("protocol", "udp");
        ResourceSpec fromBastion = s.get(AccessResources.rule("private-ssh-bastion"));
        assertThat(fromBastion.properties()).doesNotContainKey("cidr");
        assertThat(fromBastion.refs()).containsEntry("group", AccessResources.securityGroup("private"))
                .containsEntry("sourceGroup", AccessResources.securityGroup("bastion"));
        assertThat(s.get(AccessResources.instance("bastion")).refs())
                .containsEntry("subnet", NetworkResources.subnet("public-a")).containsEntry("keyPair", AccessResources.KEY_PAIR);
        assertThat(s.get(AccessResources.instance("bastion")).properties())
                .containsEntry("imageParameter", AccessResources.AL2023_X86).containsEntry("instanceType", "t2.micro");
        assertThat(s.get(AccessResources.instance("vpn")).properties()).containsEntry("imageQuery", AccessResources.OPENVPN_QUERY);
        assertThat(s.get(AccessResources.instance("private")).refs()).containsEntry("subnet", NetworkResources.subnet("app-a"));
        ResourceSpec peerInstance = s.get(AccessResources.peerInstance());
        assertThat(peerInstance.region()).isEqualTo("ap-northeast-1");
        assertThat(peerInstance.refs()).doesNotContainKey("keyPair").containsEntry("subnet", AccessResources.peerSubnet("private-a"));
        assertThat(s.get(Address.parse("peer.sg-rule[private-icmp-main]")).properties())
                .containsEntry("protocol", "icmp").containsEntry("cidr", "10.1.0.0/16");
        assertThat(s.get(AccessResources.peerSubnet("private-c")).properties()).containsEntry("cidr", "192.168.10.192/26");
        assertThat(s.get(AccessResources.PEERING).region()).isEqualTo("ap-northeast-2");
        assertThat(s.get(AccessResources.PEERING_ACCEPTANCE).region()).isEqualTo("ap-northeast-1");
        assertThat(s.get(Address.parse("access.route[private-peer]")).dependencies())
                .contains(AccessResources.PEERING, AccessResources.PEERING_ACCEPTANCE,
                        Address.parse("network.route-table[private]"));
        assertThat(s.get(AccessResources.eipAssociation("vpn")).dependencies()).contains(NetworkResources.IGW_ATTACHMENT);
        assertThat(s.get(AccessResources.instance("bastion")).dependencies()).contains(NetworkResources.IGW_ATTACHMENT);
    }

    @Test
    void specs_whenPerZoneNat_routesEveryPrivateTableToThePeer() {
        Blueprint bp = demo();
        bp = bp.with(NetworkSection.KEY, bp.section(NetworkSection.KEY).withNat(NatMode.PER_ZONE));
        assertThat(AccessResources.specs(bp).stream().map(s -> s.address().value()))
                .contains("access.route[private-a-peer]", "access.route[private-c-peer]")
                .doesNotContain("access.route[private-peer]");
    }

    @Test
    void specs_whenOnlyBastion_hasNoVpnNoPrivateNoPeer() {
        Blueprint bp = demo();
        AccessSection a = bp.section(AccessSection.KEY);
        bp = bp.with(AccessSection.KEY, new AccessSection(a.myIp(), null, a.keyPair(), a.bastion(), null, new AccessSection.Host(false, null), null));
        assertThat(AccessResources.specs(bp).stream().map(s -> s.address().value())).containsExactly(
                "access.key-pair", "access.sg[bastion]", "access.sg-rule[bastion-ssh]", "access.instance[bastion]",
                "access.eip[bastion]", "access.eip-association[bastion]");
    }

    @Test
    void specs_whenMyIpStillAuto_refusesToPlan() {
        Blueprint bp = BlueprintYaml.withDefaults(BlueprintExample.demo());
        assertThatThrownBy(() -> AccessResources.specs(bp)).hasMessageContaining("resolve it");
    }

}
