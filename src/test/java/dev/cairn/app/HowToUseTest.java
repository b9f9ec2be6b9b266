package dev.cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.model.Address;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.StackState;
import dev.cairn.model.kinds.Ec2Kinds;
import dev.cairn.step.access.AccessResources;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HowToUseTest {

    private static ResourceRecord record(Address address, ResourceKind kind, Map<String, String> attributes) {
        return new ResourceRecord(new ResourceSpec(address, kind, "ap-northeast-2", Map.of(), Map.of(), Set.of()),
                "id-" + address.name(), attributes, ItemStatus.READY, Instant.EPOCH);
    }

    @Test
    void lines_whenAccessBuilt_giveJumpHostSshVpnAdminAndPeeringPing() {
        Map<Address, ResourceRecord> records = new LinkedHashMap<>();
        records.put(AccessResources.KEY_PAIR, record(AccessResources.KEY_PAIR, Ec2Kinds.KEY_PAIR,
                Map.of("keyName", "demo-key", "privateKeyFile", "/home/me/.ssh/demo-key.pem")));
        records.put(AccessResources.eipAssociation("bastion"), record(AccessResources.eipAssociation("bastion"),
                Ec2Kinds.EIP_ASSOCIATION, Map.of("publicIp", "3.34.1.2")));
        records.put(AccessResources.eipAssociation("vpn"), record(AccessResources.eipAssociation("vpn"),
                Ec2Kinds.EIP_ASSOCIATION, Map.of("publicIp", "3.34.9.9")));
        records.put(AccessResources.instance("private"), record(AccessResources.instance("private"), Ec2Kinds.INSTANCE,
                Map.of("privateIp", "10.1.1.140")));
        records.put(AccessResources.peerInstance(), record(AccessResources.peerInstance(), Ec2Kinds.INSTANCE,
                Map.of("privateIp", "192.168.10.140")));
        StackState state = new StackState("demo", records, Map.of());

        assertThat(HowToUse.lines(state))
                .anyMatch(l -> l.contains("ssh -i /home/me/.ssh/demo-key.pem -J ec2-user@3.34.1.2 ec2-user@10.1.1.140"))
                .anyMatch(l -> l.contains("https://3.34.9.9:943/admin") && l.contains("openvpnas"))
                .anyMatch(l -> l.contains("ping 192.168.10.140"));
    }

    @Test
    void lines_whenNoAccessStep_isEmpty() {
        assertThat(HowToUse.lines(StackState.empty("demo"))).isEmpty();
    }
}
