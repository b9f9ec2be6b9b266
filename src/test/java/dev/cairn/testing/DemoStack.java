package dev.cairn.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.StackRunner;
import dev.cairn.app.Target;
import dev.cairn.aws.AwsClients;
import dev.cairn.aws.ec2.Ec2TagScanner;
import dev.cairn.engine.CancellationToken;
import dev.cairn.engine.EngineListener;
import dev.cairn.engine.EngineOptions;
import dev.cairn.engine.RunResult;
import dev.cairn.model.Blueprint;
import dev.cairn.model.Tags;
import dev.cairn.sandbox.SandboxServer;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.network.NetworkResources;
import dev.cairn.step.network.NetworkSection;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InternetGateway;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.NatGatewayState;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.VpcAttributeName;

/**
 * The guide's demo stack run end to end through {@link StackRunner} (the path the CLI and GUI
 * share), and the checks that prove what it built and that a teardown left nothing.
 */
public final class DemoStack {
    private DemoStack() {}

    public static Blueprint blueprint() {
        return BlueprintExample.networkOnly();
    }

    /** A runner against an AWS-compatible endpoint, as {@code cairn apply --endpoint URL} builds it. */
    public static StackRunner runner(URI endpoint, Path stateDir, EngineOptions options) throws IOException {
        Target target = Target.endpoint(endpoint, Optional.empty());
        try {
            return new StackRunner(target, blueprint().name(), stateDir, options);
        } catch (IOException | RuntimeException e) {
            target.close();
            throw e;
        }
    }

    /** Plans and applies the demo with a fresh runner, closing it (and its clients) afterwards. */
    public static RunResult apply(URI endpoint, Path stateDir, EngineOptions options) throws Exception {
        try (StackRunner runner = runner(endpoint, stateDir, options)) {
            try {
                Blueprint bp = blueprint();
                return runner.apply(bp, runner.plan(bp), EngineListener.NONE, new CancellationToken());
            } finally {
                runner.target().close();
            }
        }
    }

    /** Destroys the demo with a fresh runner. */
    public static RunResult destroy(URI endpoint, Path stateDir, EngineOptions options) throws Exception {
        try (StackRunner runner = runner(endpoint, stateDir, options)) {
            try {
                return runner.destroy(blueprint().region(), EngineListener.NONE, new CancellationToken());
            } finally {
                runner.target().close();
            }
        }
    }

    /** The addresses of the demo's resources that AWS lets carry tags. */
    public static Set<String> taggableAddresses() {
        return NetworkResources.specs(blueprint()).stream()
                .filter(s -> s.kind().taggable())
                .map(s -> s.address().value())
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /** How many live Sandbox resources carry each {@code cairn:address} of the stack. */
    public static Map<String, Long> liveByAddress(SandboxServer server, String stack) {
        Map<String, Long> counts = new TreeMap<>();
        for (Map<String, Object> r : server.resources()) {
            @SuppressWarnings("unchecked")
            Map<String, String> tags = (Map<String, String>) r.get("tags");
            if (stack.equals(tags.get(Tags.STACK))) {
                counts.merge(tags.getOrDefault(Tags.ADDRESS, "(no address) " + r.get("type") + " " + r.get("id")), 1L, Long::sum);
            }
        }
        return counts;
    }

    /**
     * Exactly one live resource per taggable address (no twin, no orphan), and nothing else in the
     * Sandbox but what AWS makes on its own: the VPC's main route table and the NAT gateway's ENI.
     */
    public static void assertExactlyOneOfEach(SandboxServer server) {
        Map<String, Long> expected = new TreeMap<>();
        taggableAddresses().forEach(a -> expected.put(a, 1L));
        assertThat(liveByAddress(server, blueprint().name())).as("live resources by cairn:address").isEqualTo(expected);
        List<String> untagged = server.resources().stream()
                .filter(r -> !((Map<?, ?>) r.get("tags")).containsKey(Tags.STACK))
                .map(r -> r.get("type") + ":" + r.get("state"))
                .sorted().toList();
        assertThat(untagged).as("resources AWS makes on its own").containsExactly("network-interface:in-use", "route-table:main", "security-group:default");
    }

    /** After a teardown: nothing tagged for the stack (scan) and, in the Sandbox, nothing live at all. */
    public static void assertNothingLeft(SandboxServer server, URI endpoint) {
        try (AwsClients clients = AwsClients.sandbox(endpoint)) {
            assertThat(new Ec2TagScanner(clients).scan(blueprint().name(), Set.of(blueprint().region()))).as("tag scan").isEmpty();
        }
        if (server != null) {
            assertThat(server.resources()).as("Sandbox resources").isEmpty();
        }
    }

    /**
     * Describes the stack with the SDK and checks what the guide asks for: every taggable address
     * exactly once; DNS support and hostnames on; public subnets map public IPs (others do not);
     * the IGW attached; the NAT available in a public subnet; the public default route to the
     * IGW, the private one to the NAT; each subnet associated with the right table.
     */
    public static void assertBuilt(Ec2Client ec2) {
        Blueprint bp = blueprint();
        Filter stackFilter = Filter.builder().name("tag:" + Tags.STACK).values(bp.name()).build();

        var vpcs = ec2.describeVpcs(r -> r.filters(stackFilter)).vpcs();
        assertThat(vpcs).hasSize(1);
        String vpcId = vpcs.get(0).vpcId();
        assertThat(address(vpcs.get(0).tags())).isEqualTo("network.vpc");
        assertThat(vpcs.get(0).cidrBlock()).isEqualTo("10.1.0.0/16");
        assertThat(ec2.describeVpcAttribute(r -> r.vpcId(vpcId).attribute(VpcAttributeName.ENABLE_DNS_SUPPORT))
                .enableDnsSupport().value()).isTrue();
        assertThat(ec2.describeVpcAttribute(r -> r.vpcId(vpcId).attribute(VpcAttributeName.ENABLE_DNS_HOSTNAMES))
                .enableDnsHostnames().value()).isTrue();

        List<Subnet> subnets = ec2.describeSubnets(r -> r.filters(stackFilter)).subnets();
        Map<String, Subnet> byName = new TreeMap<>();
        for (Subnet s : subnets) {
            String name = address(s.tags()).replaceAll("^network\\.subnet\\[(.*)]$", "$1");
            assertThat(byName.put(name, s)).as("twin of subnet " + name).isNull();
            assertThat(s.vpcId()).isEqualTo(vpcId);
        }
        assertThat(byName.keySet()).containsExactlyInAnyOrder("public-a", "public-c", "app-a", "app-c", "db-a", "db-c");
        bp.section(NetworkSection.KEY).subnets().forEach(spec -> {
            Subnet s = byName.get(spec.name());
            assertThat(s.cidrBlock()).as(spec.name()).isEqualTo(spec.cidr());
            assertThat(s.availabilityZone()).as(spec.name()).isEqualTo(spec.zone());
            assertThat(s.mapPublicIpOnLaunch()).as(spec.name() + " maps public IPs").isEqualTo(spec.name().startsWith("public"));
        });

        List<InternetGateway> igws = ec2.describeInternetGateways(r -> r.filters(stackFilter)).internetGateways();
        assertThat(igws).hasSize(1);
        String igwId = igws.get(0).internetGatewayId();
        assertThat(igws.get(0).attachments()).singleElement().satisfies(a -> assertThat(a.vpcId()).isEqualTo(vpcId));

        List<NatGateway> nats = ec2.describeNatGateways(r -> r.filter(stackFilter)).natGateways().stream()
                .filter(n -> n.state() != NatGatewayState.DELETED).toList();
        assertThat(nats).hasSize(1);
        NatGateway nat = nats.get(0);
        assertThat(nat.state()).isEqualTo(NatGatewayState.AVAILABLE);
        assertThat(nat.subnetId()).isEqualTo(byName.get("public-a").subnetId());
        var eips = ec2.describeAddresses(r -> r.filters(stackFilter)).addresses();
        assertThat(eips).hasSize(1);
        assertThat(nat.natGatewayAddresses()).anySatisfy(a -> assertThat(a.allocationId()).isEqualTo(eips.get(0).allocationId()));

        List<RouteTable> tables = ec2.describeRouteTables(r -> r.filters(stackFilter)).routeTables();
        Map<String, RouteTable> tableByAddress = new TreeMap<>();
        tables.forEach(t -> assertThat(tableByAddress.put(address(t.tags()), t)).as("twin table").isNull());
        assertThat(tableByAddress.keySet()).containsExactlyInAnyOrder("network.route-table[public]", "network.route-table[private]");
        RouteTable pub = tableByAddress.get("network.route-table[public]");
        RouteTable priv = tableByAddress.get("network.route-table[private]");
        assertThat(defaultRoutes(pub)).singleElement().satisfies(r -> assertThat(r.gatewayId()).isEqualTo(igwId));
        assertThat(defaultRoutes(priv)).singleElement().satisfies(r -> assertThat(r.natGatewayId()).isEqualTo(nat.natGatewayId()));
        byName.forEach((name, s) -> {
            RouteTable expected = name.startsWith("public") ? pub : priv;
            List<RouteTable> holding = tables.stream()
                    .filter(t -> t.associations().stream().anyMatch(a -> s.subnetId().equals(a.subnetId()))).toList();
            assertThat(holding).as("tables associated with " + name).singleElement()
                    .satisfies(t -> assertThat(t.routeTableId()).isEqualTo(expected.routeTableId()));
        });
        long explicit = tables.stream().flatMap(t -> t.associations().stream()).filter(a -> !Boolean.TRUE.equals(a.main()))
                .map(RouteTableAssociation::subnetId).count();
        assertThat(explicit).as("explicit associations").isEqualTo(6);
    }

    private static List<Route> defaultRoutes(RouteTable t) {
        return t.routes().stream().filter(r -> "0.0.0.0/0".equals(r.destinationCidrBlock())).toList();
    }

    private static String address(List<Tag> tags) {
        return tags.stream().filter(t -> t.key().equals(Tags.ADDRESS)).map(Tag::value).findFirst().orElse("");
    }
}
