package dev.cairn.model;

import java.util.List;
import java.util.Map;

/**
 * The guide's example network, written out in full so a learner sees every subnet: stack
 * {@code demo} in Seoul, VPC {@code 10.1.0.0/16}, and the six subnets packed into
 * {@code 10.1.1.0/24} (public /26, app and db /27), one NAT gateway.
 */
public final class BlueprintExample {

    private BlueprintExample() {}

    public static Blueprint demo() {
        String a = "ap-northeast-2a";
        String c = "ap-northeast-2c";
        return new Blueprint("demo", "ap-northeast-2",
                new NetworkSection("10.1.0.0/16", List.of(a, c), NatMode.SINGLE, List.of(
                        new SubnetSpec("public-a", a, SubnetTier.PUBLIC, "10.1.1.0/26"),
                        new SubnetSpec("public-c", c, SubnetTier.PUBLIC, "10.1.1.64/26"),
                        new SubnetSpec("app-a", a, SubnetTier.APP, "10.1.1.128/27"),
                        new SubnetSpec("app-c", c, SubnetTier.APP, "10.1.1.160/27"),
                        new SubnetSpec("db-a", a, SubnetTier.DB, "10.1.1.192/27"),
                        new SubnetSpec("db-c", c, SubnetTier.DB, "10.1.1.224/27"))),
                Map.of());
    }

    /** The demo as commented YAML, what {@code cairn blueprint example} prints. */
    public static String demoYaml() {
        return BlueprintYaml.writeCommented(demo());
    }
}
