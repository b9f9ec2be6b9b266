package dev.cairn.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.aws.AwsCallException;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.engine.ResourceHandler;
import dev.cairn.engine.RetryableException;
import dev.cairn.engine.TagScanner.TaggedResource;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.kinds.Ec2Kinds;
import dev.cairn.testing.AwsBackend;
import dev.cairn.testing.Specs;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ec2.model.VpcAttributeName;

/** Every Network handler through the real SDK against each backend in {@code Backends.all()}. */
class Ec2HandlersTest {

    private static final String REGION = "us-east-1";
    private static final String BACKENDS = "dev.cairn.testing.Backends#all";

    private static void with(AwsBackend backend, NetworkFixture.Body body) throws Exception {
        NetworkFixture.onNewStack(backend, REGION, body);
    }

    /** create → ready → adopt finds it → read → delete → gone → adopt and read find nothing. */
    private static ResourceRecord roundTrip(NetworkFixture f, ResolvedSpec spec) {
        ResourceHandler h = f.handler(spec.spec().kind());
        ResourceRecord record = f.apply(spec);
        assertThat(Specs.ours(h.find(f.ctx, spec))).map(LiveResource::physicalId).contains(record.physicalId());
        assertThat(h.read(f.ctx, record)).map(LiveResource::physicalId).contains(record.physicalId());
        f.destroy(record);
        assertThat(Specs.ours(h.find(f.ctx, spec))).isEmpty();
        assertThat(h.read(f.ctx, record)).isEmpty();
        return record;
    }

    private static ResourceRecord vpc(NetworkFixture f) {
        return f.apply(f.spec(Ec2Kinds.VPC, "network.vpc", Map.of("cidr", "10.0.0.0/16"), Map.of()));
    }

    private static ResourceRecord subnet(NetworkFixture f, ResourceRecord vpc, String name, String cidr, boolean publicIp) {
        return f.apply(subnetSpec(f, vpc, name, cidr, publicIp));
    }

    /**
     * A public NAT gateway in a VPC with no internet gateway attached ends {@code failed}
     * ({@code Gateway.NotAttached}) in AWS and in the Sandbox (moto makes it available anyway), so
     * tests that need an available NAT attach one first.
     */
    private static ResourceRecord attachGateway(NetworkFixture f, ResourceRecord vpc) {
        ResourceRecord gateway = f.apply(f.spec(Ec2Kinds.INTERNET_GATEWAY, "network.igw", Map.of(), Map.of()));
        return f.apply(f.spec(Ec2Kinds.IGW_ATTACHMENT, "network.igw-attachment", Map.of(), Map.of("gateway", gateway, "vpc", vpc)));
    }

    private static ResolvedSpec subnetSpec(NetworkFixture f, ResourceRecord vpc, String name, String cidr, boolean publicIp) {
        return f.spec(Ec2Kinds.SUBNET, "network.subnet[" + name + "]",
                Map.of("cidr", cidr, "zone", f.zone('a'), "tier", publicIp ? "public" : "app", "mapPublicIp", String.valueOf(publicIp)),
                Map.of("vpc", vpc));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void vpc_roundTrip_createsDnsEnabledVpcAndRemovesIt(AwsBackend backend) throws Exception {
        with(backend, (f, clients) -> {
            ResolvedSpec spec = f.spec(Ec2Kinds.VPC, "network.vpc", Map.of("cidr", "10.1.0.0/16"), Map.of());
            ResourceRecord record = f.apply(spec);
            var ec2 = clients.ec2(REGION);
            assertThat(ec2.describeVpcAttribute(r -> r.vpcId(record.physicalId()).attribute(VpcAttributeName.ENABLE_DNS_HOSTNAMES))
                    .enableDnsHostnames().value()).isTrue();
            assertThat(ec2.describeVpcAttribute(r -> r.vpcId(record.physicalId()).attribute(VpcAttributeName.ENABLE_DNS_SUPPORT))
                    .enableDnsSupport().value()).isTrue();
            assertThat(record.attributes()).containsEntry("cidr", "10.1.0.0/16");
            f.destroy(record);
            assertThat(Specs.ours(f.handler(Ec2Kinds.VPC).find(f.ctx, spec))).isEmpty();
            assertThat(f.handler(Ec2Kinds.VPC).read(f.ctx, record)).isEmpty();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void vpc_awaitReady_whenDnsHostnamesTurnedOff_turnsThemBackOn(AwsBackend backend) throws Exception {
        with(backend, (f, clients) -> {
            ResolvedSpec spec = f.spec(Ec2Kinds.VPC, "network.vpc", Map.of("cidr", "10.1.0.0/16"), Map.of());
            ResourceRecord record = f.apply(spec);
            var ec2 = clients.ec2(REGION);
            ec2.modifyVpcAttribute(r -> r.vpcId(record.physicalId()).enableDnsHostnames(v -> v.value(false)));

            Poll first = f.handler(Ec2Kinds.VPC).awaitReady(f.ctx, spec, LiveResource.of(record.physicalId()));

            assertThat(first.outcome()).isEqualTo(Poll.Outcome.PENDING);
            assertThat(first.message().english()).contains("DNS hostnames");
            assertThat(ec2.describeVpcAttribute(r -> r.vpcId(record.physicalId()).attribute(VpcAttributeName.ENABLE_DNS_HOSTNAMES))
                    .enableDnsHostnames().value()).isTrue();
            assertThat(f.handler(Ec2Kinds.VPC).awaitReady(f.ctx, spec, LiveResource.of(record.physicalId())).outcome())
                    .isEqualTo(Poll.Outcome.DONE);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void subnet_roundTrip_withPublicIp_mapsPublicIpOnLaunch(AwsBackend backend) throws Exception {
        with(backend, (f, clients) -> {
            ResourceRecord vpc = vpc(f);
            ResolvedSpec spec = subnetSpec(f, vpc, "public-a", "10.0.1.0/24", true);
            ResourceRecord subnet = f.apply(spec);
            assertThat(clients.ec2(REGION).describeSubnets(r -> r.subnetIds(subnet.physicalId())).subnets().get(0)
                    .mapPublicIpOnLaunch()).isTrue();
            assertThat(subnet.attributes()).containsEntry("zone", f.zone('a')).containsEntry("vpcId", vpc.physicalId());
            f.destroy(subnet);
            roundTrip(f, subnetSpec(f, vpc, "app-a", "10.0.2.0/24", false));
            f.destroy(vpc);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void internetGateway_andAttachment_roundTrip(AwsBackend backend) throws Exception {
        with(backend, (f, clients) -> {
            ResourceRecord vpc = vpc(f);
            ResourceRecord igw = roundTrip(f, f.spec(Ec2Kinds.INTERNET_GATEWAY, "network.igw", Map.of(), Map.of()));
            assertThat(igw.physicalId()).startsWith("igw-");

            ResourceRecord gateway = f.apply(f.spec(Ec2Kinds.INTERNET_GATEWAY, "network.igw", Map.of(), Map.of()));
            ResourceRecord attachment = roundTrip(f, f.spec(Ec2Kinds.IGW_ATTACHMENT, "network.igw-attachment", Map.of(),
                    Map.of("gateway", gateway, "vpc", vpc)));
            assertThat(attachment.physicalId()).isEqualTo(gateway.physicalId() + ":" + vpc.physicalId());
            f.destroy(gateway);
            f.destroy(vpc);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void internetGateway_deleteWhileAttached_detachesFirst(AwsBackend backend) throws Exception {
        with(backend, (f, clients) -> {
            ResourceRecord vpc = vpc(f);
            ResourceRecord gateway = f.apply(f.spec(Ec2Kinds.INTERNET_GATEWAY, "network.igw", Map.of(), Map.of()));
            f.apply(f.spec(Ec2Kinds.IGW_ATTACHMENT, "network.igw-attachment", Map.of(), Map.of("gateway", gateway, "vpc", vpc)));

            f.destroy(gateway);

            assertThat(f.said).anyMatch(m -> m.contains("detaching " + gateway.physicalId()));
            f.destroy(vpc);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void routeTable_routeAndAssociation_roundTrip(AwsBackend backend) throws Exception {
        with(backend, (f, clients) -> {
            ResourceRecord vpc = vpc(f);
            ResourceRecord subnet = subnet(f, vpc, "public-a", "10.0.1.0/24", true);
            ResourceRecord gateway = f.apply(f.spec(Ec2Kinds.INTERNET_GATEWAY, "network.igw", Map.of(), Map.of()));
            ResourceRecord attachment = f.apply(f.spec(Ec2Kinds.IGW_ATTACHMENT, "network.igw-attachment", Map.of(),
                    Map.of("gateway", gateway, "vpc", vpc)));
            roundTrip(f, f.spec(Ec2Kinds.ROUTE_TABLE, "network.route-table[scratch]", Map.of("tier", "public"),
                    Map.of("vpc", vpc)));
            ResourceRecord table = f.apply(f.spec(Ec2Kinds.ROUTE_TABLE, "network.route-table[public]",
                    Map.of("tier", "public"), Map.of("vpc", vpc)));
            ResourceRecord route = roundTrip(f, f.spec(Ec2Kinds.ROUTE, "network.route[public-default]",
                    Map.of("destination", "0.0.0.0/0"), Map.of("routeTable", table, "gateway", gateway)));
            assertThat(route.physicalId()).isEqualTo(table.physicalId() + ":0.0.0.0/0");
            ResourceRecord association = roundTrip(f, f.spec(Ec2Kinds.ROUTE_TABLE_ASSOCIATION,
                    "network.route-table-association[public-a]", Map.of(), Map.of("routeTable", table, "subnet", subnet)));
            assertThat(association.physicalId()).startsWith("rtbassoc-");
            assertThat(association.attributes()).containsEntry("routeTableId", table.physicalId())
                    .containsEntry("subnetId", subnet.physicalId());
            for (ResourceRecord r : new ResourceRecord[] {table, attachment, gateway, subnet, vpc}) {
                f.destroy(r);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void route_createTwiceWithSameTarget_succeedsWithSameId(AwsBackend backend) throws Exception {
        with(backend, (f, clients) -> {
            ResourceRecord vpc = vpc(f);
            ResourceRecord gateway = f.apply(f.spec(Ec2Kinds.INTERNET_GATEWAY, "network.igw", Map.of(), Map.of()));
            f.apply(f.spec(Ec2Kinds.IGW_ATTACHMENT, "network.igw-attachment", Map.of(), Map.of("gateway", gateway, "vpc", vpc)));
            ResourceRecord table = f.apply(f.spec(Ec2Kinds.ROUTE_TABLE, "network.route-table[public]",
                    Map.of("tier", "public"), Map.of("vpc", vpc)));
            ResolvedSpec spec = f.spec(Ec2Kinds.ROUTE, "network.route[public-default]",
                    Map.of("destination", "0.0.0.0/0"), Map.of("routeTable", table, "gateway", gateway));
            ResourceHandler h = f.handler(Ec2Kinds.ROUTE);

            LiveResource first = h.create(f.ctx, spec, "token-1");
            LiveResource second = h.create(f.ctx, spec, "token-2");

            assertThat(second.physicalId()).isEqualTo(first.physicalId());
            assertThat(Specs.ours(h.find(f.ctx, spec))).map(LiveResource::physicalId).contains(first.physicalId());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void route_whenDestinationTakenByAnotherTarget_failsWithAwsCode(AwsBackend backend) throws Exception {
        with(backend, (f, clients) -> {
            ResourceRecord vpc = vpc(f);
            ResourceRecord gw1 = f.apply(f.spec(Ec2Kinds.INTERNET_GATEWAY, "network.igw", Map.of(), Map.of()));
            ResourceRecord gw2 = f.apply(f.spec(Ec2Kinds.INTERNET_GATEWAY, "network.igw2", Map.of(), Map.of()));
            f.apply(f.spec(Ec2Kinds.IGW_ATTACHMENT, "network.igw-attachment", Map.of(), Map.of("gateway", gw1, "vpc", vpc)));
            ResourceRecord table = f.apply(f.spec(Ec2Kinds.ROUTE_TABLE, "network.route-table[public]",
                    Map.of("tier", "public"), Map.of("vpc", vpc)));
            ResourceHandler h = f.handler(Ec2Kinds.ROUTE);
            h.create(f.ctx, f.spec(Ec2Kinds.ROUTE, "network.route[a]", Map.of("destination", "0.0.0.0/0"),
                    Map.of("routeTable", table, "gateway", gw1)), "t1");

            assertThatThrownBy(() -> h.create(f.ctx, f.spec(Ec2Kinds.ROUTE, "network.route[b]",
                    Map.of("destination", "0.0.0.0/0"), Map.of("routeTable", table, "gateway", gw2)), "t2"))
                    .isInstanceOf(AwsCallException.class)
                    .satisfies(e -> assertThat(((AwsCallException) e).awsCode()).isEqualTo("RouteAlreadyExists"));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void association_createTwiceForSameTable_adoptsExisting(AwsBackend backend) throws Exception {
        with(backend, (f, clients) -> {
            ResourceRecord vpc = vpc(f);
            ResourceRecord subnet = subnet(f, vpc, "app-a", "10.0.3.0/24", false);
            ResourceRecord table = f.apply(f.spec(Ec2Kinds.ROUTE_TABLE, "network.route-table[private]",
                    Map.of("tier", "private"), Map.of("vpc", vpc)));
            ResolvedSpec spec = f.spec(Ec2Kinds.ROUTE_TABLE_ASSOCIATION, "network.route-table-association[app-a]",
                    Map.of(), Map.of("routeTable", table, "subnet", subnet));
            ResourceHandler h = f.handler(Ec2Kinds.ROUTE_TABLE_ASSOCIATION);

            LiveResource first = h.create(f.ctx, spec, "t1");
            LiveResource second = h.create(f.ctx, spec, "t2");

            assertThat(second.physicalId()).isEqualTo(first.physicalId());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void routeTable_deleteWithAssociations_disassociatesFirst(AwsBackend backend) throws Exception {
        with(backend, (f, clients) -> {
            ResourceRecord vpc = vpc(f);
            ResourceRecord subnet = subnet(f, vpc, "app-a", "10.0.3.0/24", false);
            ResourceRecord table = f.apply(f.spec(Ec2Kinds.ROUTE_TABLE, "network.route-table[private]",
                    Map.of("tier", "private"), Map.of("vpc", vpc)));
            f.apply(f.spec(Ec2Kinds.ROUTE_TABLE_ASSOCIATION, "network.route-table-association[app-a]",
                    Map.of(), Map.of("routeTable", table, "subnet", subnet)));

            f.destroy(table);

            assertThat(f.said).anyMatch(m -> m.contains("disassociating " + table.physicalId()));
            f.destroy(subnet);
            f.destroy(vpc);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void elasticIpAndNatGateway_roundTrip(AwsBackend backend) throws Exception {
        with(backend, (f, clients) -> {
            ResourceRecord vpc = vpc(f);
            ResourceRecord subnet = subnet(f, vpc, "public-a", "10.0.1.0/24", true);
            ResourceRecord gateway = f.apply(f.spec(Ec2Kinds.INTERNET_GATEWAY, "network.igw", Map.of(), Map.of()));
            ResourceRecord attachment = f.apply(f.spec(Ec2Kinds.IGW_ATTACHMENT, "network.igw-attachment", Map.of(),
                    Map.of("gateway", gateway, "vpc", vpc)));
            ResourceRecord scratchEip = roundTrip(f, f.spec(Ec2Kinds.ELASTIC_IP, "network.eip[scratch]", Map.of(), Map.of()));
            assertThat(scratchEip.physicalId()).startsWith("eipalloc-");
            assertThat(scratchEip.attributes()).containsKey("publicIp");

            ResourceRecord eip = f.apply(f.spec(Ec2Kinds.ELASTIC_IP, "network.eip[nat-a]", Map.of(), Map.of()));
            ResourceRecord nat = roundTrip(f, f.spec(Ec2Kinds.NAT_GATEWAY, "network.nat[a]",
                    Map.of("connectivity", "public"), Map.of("subnet", subnet, "eip", eip)));
            assertThat(nat.physicalId()).startsWith("nat-");
            assertThat(nat.attributes()).containsKey("networkInterfaceId")
                    .containsEntry("publicIp", eip.attributes().get("publicIp"));
            for (ResourceRecord r : new ResourceRecord[] {eip, attachment, gateway, subnet, vpc}) {
                f.destroy(r);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void elasticIp_deleteWhileNatHoldsIt_isRetryableAndNamesTheNat(AwsBackend backend) throws Exception {
        with(backend, (f, clients) -> {
            ResourceRecord vpc = vpc(f);
            ResourceRecord subnet = subnet(f, vpc, "public-a", "10.0.1.0/24", true);
            attachGateway(f, vpc);
            ResourceRecord eip = f.apply(f.spec(Ec2Kinds.ELASTIC_IP, "network.eip[nat-a]", Map.of(), Map.of()));
            ResourceRecord nat = f.apply(f.spec(Ec2Kinds.NAT_GATEWAY, "network.nat[a]",
                    Map.of("connectivity", "public"), Map.of("subnet", subnet, "eip", eip)));
            ResourceHandler eips = f.handler(Ec2Kinds.ELASTIC_IP);

            assertThatThrownBy(() -> eips.delete(f.ctx, eip))
                    .isInstanceOf(RetryableException.class)
                    .hasMessageContaining("waiting for NAT gateway " + nat.physicalId())
                    .hasMessageContaining(eip.attributes().get("publicIp"));

            f.destroy(nat);
            f.destroy(eip);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void natGateway_whenVpcHasNoInternetGateway_failsWithGatewayNotAttached(AwsBackend backend) throws Exception {
        with(backend, (f, clients) -> {
            ResourceRecord vpc = vpc(f);
            ResourceRecord subnet = subnet(f, vpc, "public-a", "10.0.1.0/24", true);
            ResourceRecord eip = f.apply(f.spec(Ec2Kinds.ELASTIC_IP, "network.eip[nat-a]", Map.of(), Map.of()));
            ResolvedSpec spec = f.spec(Ec2Kinds.NAT_GATEWAY, "network.nat[a]",
                    Map.of("connectivity", "public"), Map.of("subnet", subnet, "eip", eip));
            ResourceHandler nats = f.handler(Ec2Kinds.NAT_GATEWAY);
            LiveResource created = nats.create(f.ctx, spec, "t-no-igw");

            Poll poll = Specs.poll(() -> nats.awaitReady(f.ctx, spec, created), NetworkFixture.LOCAL_TIMEOUT);

            // AWS fails a public NAT gateway in a VPC without an attached internet gateway; moto
            // makes it available anyway, so only backends that follow AWS are held to it.
            if (backend.followsAwsDependencyRules()) {
                assertThat(poll.outcome()).isEqualTo(Poll.Outcome.FAILED);
                assertThat(poll.message().english()).contains("Gateway.NotAttached").contains(vpc.physicalId());
                // A failed gateway gives its Elastic IP back: it can be released at once.
                f.destroy(eip);
            } else {
                assertThat(poll.outcome()).isEqualTo(Poll.Outcome.DONE);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void subnet_deleteWhileNatInIt_isRetryableAndNamesTheInterface(AwsBackend backend) throws Exception {
        with(backend, (f, clients) -> {
            ResourceRecord vpc = vpc(f);
            ResourceRecord subnet = subnet(f, vpc, "public-a", "10.0.1.0/24", true);
            attachGateway(f, vpc);
            ResourceRecord eip = f.apply(f.spec(Ec2Kinds.ELASTIC_IP, "network.eip[nat-a]", Map.of(), Map.of()));
            ResourceRecord nat = f.apply(f.spec(Ec2Kinds.NAT_GATEWAY, "network.nat[a]",
                    Map.of("connectivity", "public"), Map.of("subnet", subnet, "eip", eip)));
            // moto deletes a subnet that still holds a NAT gateway's ENI; AWS refuses with
            // DependencyViolation, which the handler must turn into a retry naming the ENI.
            if (backend.followsAwsDependencyRules()) {
                assertThatThrownBy(() -> f.handler(Ec2Kinds.SUBNET).delete(f.ctx, subnet))
                        .isInstanceOf(RetryableException.class)
                        .hasMessageContaining("waiting for network interface " + nat.attributes().get("networkInterfaceId"))
                        .hasMessageContaining("nat_gateway");
                // The same for the VPC, which still holds the subnet.
                assertThatThrownBy(() -> f.handler(Ec2Kinds.VPC).delete(f.ctx, vpc))
                        .isInstanceOf(RetryableException.class)
                        .hasMessageContaining("subnet " + subnet.physicalId());
            } else {
                // moto lists the NAT gateway's ENI in the subnet (typed "interface", not "nat_gateway").
                assertThat(SubnetHandler.interfacesIn(clients.ec2(REGION), subnet.physicalId()))
                        .contains("network interface " + nat.attributes().get("networkInterfaceId"));
            }
            f.destroy(nat);
            f.destroy(eip);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void networkStack_createdThenDeletedInReverse_leavesNothingTagged(AwsBackend backend) throws Exception {
        with(backend, (f, clients) -> {
            Ec2TagScanner scanner = new Ec2TagScanner(clients);
            Map<String, ResourceRecord> records = f.buildNetwork(new java.util.LinkedHashMap<>());

            var found = scanner.scan(f.stack, Set.of(REGION));
            assertThat(found).extracting(TaggedResource::resourceType)
                    .containsExactlyInAnyOrder("vpc", "subnet", "subnet", "internet-gateway", "route-table", "route-table",
                            "elastic-ip", "natgateway");
            assertThat(found).extracting(TaggedResource::address)
                    .contains("network.vpc", "network.subnet[public-a]", "network.nat[a]", "network.eip[nat-a]");
            assertThat(found).extracting(TaggedResource::physicalId).contains(records.get("nat").physicalId());
            // Adopting every taggable resource again finds the same IDs (a resumed run creates no twin).
            for (ResourceRecord r : records.values()) {
                ResolvedSpec spec = Specs.resolved(f.stack, REGION, r.kind(), r.address().value(),
                        r.spec().properties(), refsOf(r, records));
                assertThat(Specs.ours(f.handler(r.kind()).find(f.ctx, spec))).as(r.address().value())
                        .map(LiveResource::physicalId).contains(r.physicalId());
            }

            f.destroyAll(records);

            assertThat(scanner.scan(f.stack, Set.of(REGION))).isEmpty();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void tagScanner_whenNatDeleted_dropsItAndKeepsOthers(AwsBackend backend) throws Exception {
        with(backend, (f, clients) -> {
            ResourceRecord vpc = vpc(f);
            ResourceRecord subnet = subnet(f, vpc, "public-a", "10.0.1.0/24", true);
            attachGateway(f, vpc);
            ResourceRecord eip = f.apply(f.spec(Ec2Kinds.ELASTIC_IP, "network.eip[nat-a]", Map.of(), Map.of()));
            ResourceRecord nat = f.apply(f.spec(Ec2Kinds.NAT_GATEWAY, "network.nat[a]",
                    Map.of("connectivity", "public"), Map.of("subnet", subnet, "eip", eip)));
            Ec2TagScanner scanner = new Ec2TagScanner(clients);
            assertThat(scanner.scan(f.stack, Set.of(REGION))).extracting(TaggedResource::physicalId).contains(nat.physicalId());

            f.destroy(nat);

            assertThat(scanner.scan(f.stack, Set.of(REGION)))
                    .extracting(TaggedResource::physicalId)
                    .doesNotContain(nat.physicalId())
                    .contains(vpc.physicalId(), subnet.physicalId(), eip.physicalId());
            assertThat(scanner.scan("other-stack", Set.of(REGION))).isEmpty();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void awaitReady_whenIdNotVisible_isPendingForEventualConsistency(AwsBackend backend) throws Exception {
        with(backend, (f, clients) -> {
            ResolvedSpec spec = f.spec(Ec2Kinds.VPC, "network.vpc", Map.of("cidr", "10.1.0.0/16"), Map.of());
            Poll poll = f.handler(Ec2Kinds.VPC).awaitReady(f.ctx, spec, LiveResource.of("vpc-0123456789abcdef0"));
            assertThat(poll.outcome()).isEqualTo(Poll.Outcome.PENDING);
            assertThat(poll.message().english()).contains("eventual consistency");

            ResourceRecord gone = Specs.record(spec, LiveResource.of("vpc-0123456789abcdef0"));
            f.handler(Ec2Kinds.VPC).delete(f.ctx, gone);
            assertThat(f.handler(Ec2Kinds.VPC).awaitGone(f.ctx, gone).outcome()).isEqualTo(Poll.Outcome.DONE);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void create_whenAwsRejects_throwsAwsCallExceptionWithCodeAndMessage(AwsBackend backend) throws Exception {
        with(backend, (f, clients) -> {
            // A /8 is outside the /16–/28 range AWS allows for a VPC.
            ResolvedSpec spec = f.spec(Ec2Kinds.VPC, "network.vpc", Map.of("cidr", "10.0.0.0/8"), Map.of());
            assertThatThrownBy(() -> f.handler(Ec2Kinds.VPC).create(f.ctx, spec, "t"))
                    .isInstanceOf(AwsCallException.class)
                    .hasMessageStartingWith("InvalidVpc.Range: ")
                    .satisfies(e -> assertThat(((AwsCallException) e).awsErrorDetails()).isPresent());
        });
    }

    private static Map<String, ResourceRecord> refsOf(ResourceRecord r, Map<String, ResourceRecord> all) {
        Map<String, ResourceRecord> refs = new java.util.LinkedHashMap<>();
        r.spec().refs().forEach((name, address) -> all.values().stream()
                .filter(o -> o.address().equals(address)).findFirst().ifPresent(o -> refs.put(name, o)));
        return refs;
    }

}
