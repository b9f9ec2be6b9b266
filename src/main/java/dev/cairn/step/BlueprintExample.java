package dev.cairn.step;

import dev.cairn.model.Blueprint;
import dev.cairn.model.InstanceTypeName;
import dev.cairn.step.access.AccessSection;
import dev.cairn.step.access.KeyPairMode;
import dev.cairn.step.network.NatMode;
import dev.cairn.step.network.NetworkSection;
import dev.cairn.step.network.SubnetSpec;
import dev.cairn.step.network.SubnetTier;
import java.util.List;
import java.util.Map;

/**
 * The guide's example network, written out in full so a learner sees every subnet: stack
 * {@code demo} in Seoul, VPC {@code 10.1.0.0/16}, and the six subnets packed into
 * {@code 10.1.1.0/24} (public /26, app and db /27), one NAT gateway; and the guide's Access step:
 * a new key pair {@code demo-key}, SSH from the user's own address ({@code auto}), a bastion, an
 * OpenVPN Access Server and a private app instance on the free-tier type, and a peered VPC in
 * Tokyo ({@code ap-northeast-1}, {@code 192.168.10.0/24}, zones a and c).
 */
public final class BlueprintExample {

    private BlueprintExample() {}

    public static Blueprint demo() {
        String a = "ap-northeast-2a";
        String c = "ap-northeast-2c";
        return new Blueprint("demo", "ap-northeast-2", Map.of())
                .with(NetworkSection.KEY, new NetworkSection("10.1.0.0/16", List.of(a, c), NatMode.SINGLE, List.of(
                        new SubnetSpec("public-a", a, SubnetTier.PUBLIC, "10.1.1.0/26"),
                        new SubnetSpec("public-c", c, SubnetTier.PUBLIC, "10.1.1.64/26"),
                        new SubnetSpec("app-a", a, SubnetTier.APP, "10.1.1.128/27"),
                        new SubnetSpec("app-c", c, SubnetTier.APP, "10.1.1.160/27"),
                        new SubnetSpec("db-a", a, SubnetTier.DB, "10.1.1.192/27"),
                        new SubnetSpec("db-c", c, SubnetTier.DB, "10.1.1.224/27"))))
                .with(AccessSection.KEY, access());
    }

    /**
     * The demo without its Access step: what the Network step alone builds. Planning it needs
     * no {@code myIp} resolution (see {@code StackRunner.resolve}), so pure planner tests use it.
     */
    public static Blueprint networkOnly() {
        return demo().without(AccessSection.KEY);
    }

    /** The guide's Access step, with every default written out. */
    public static AccessSection access() {
        String type = InstanceTypeName.freeTierDefault("ap-northeast-2");
        return new AccessSection(AccessSection.MY_IP_AUTO, false,
                new AccessSection.KeyPair(KeyPairMode.CREATE, "demo-key", null),
                new AccessSection.Host(true, type),
                new AccessSection.Vpn(true, type, null),
                new AccessSection.Host(true, type),
                new AccessSection.Peering(true, "ap-northeast-1", "192.168.10.0/24",
                        List.of("ap-northeast-1a", "ap-northeast-1c"), InstanceTypeName.freeTierDefault("ap-northeast-1")));
    }

    /** The demo as commented YAML, what {@code cairn blueprint example} prints. */
    public static String demoYaml() {
        return BlueprintYaml.writeCommented(demo());
    }
}
