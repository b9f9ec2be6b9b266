package dev.cairn.step.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.model.Blueprint;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.BlueprintYaml;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessStepTest {

    @Test
    void section_whenWrittenAndRead_roundTripsThroughItsModule() {
        AccessSection section = new AccessSection("203.0.113.10/32", true,
                new AccessSection.KeyPair(KeyPairMode.IMPORT, "laptop", "~/.ssh/id_ed25519.pub"),
                new AccessSection.Host(true, "t3.small"), new AccessSection.Vpn(false, "t3.micro", "ami-0123456789abcdef0"),
                new AccessSection.Host(true, "t4g.micro"),
                new AccessSection.Peering(true, "eu-north-1", "10.9.0.0/16", List.of("eu-north-1a", "eu-north-1b"), "t3.micro"));
        Blueprint bp = BlueprintExample.networkOnly().with(AccessSection.KEY, section);

        String yaml = BlueprintYaml.writeCommented(bp);
        Blueprint read = BlueprintYaml.read(yaml).blueprint();

        assertThat(read.section(AccessSection.KEY)).isEqualTo(section);
        assertThat(yaml).contains("mode: import", "  # " + AccessStep.MODULE.fieldComments().get("peering"));
    }

    @Test
    void section_whenLeftOut_isNeitherWrittenNorRead() {
        Blueprint bp = BlueprintExample.networkOnly();
        String yaml = BlueprintYaml.writeCommented(bp);
        assertThat(yaml).doesNotContain("access:", AccessStep.MODULE.comment());
        assertThat(BlueprintYaml.read(yaml).blueprint().has(AccessSection.KEY)).isFalse();
    }

    @Test
    void otherRegions_arePeerRegionOnlyWhilePeeringIsOn() {
        AccessSection access = BlueprintExample.access();
        assertThat(access.otherRegions()).containsExactly("ap-northeast-1");
        AccessSection.Peering p = access.peering();
        AccessSection off = new AccessSection(access.myIp(), null, access.keyPair(), access.bastion(), access.vpn(),
                access.privateInstance(), new AccessSection.Peering(false, p.region(), p.vpcCidr(), p.zones(), p.instanceType()));
        assertThat(off.otherRegions()).isEmpty();
    }
}
