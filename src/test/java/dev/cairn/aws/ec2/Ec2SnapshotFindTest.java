package dev.cairn.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.kinds.Ec2Kinds;
import dev.cairn.testing.AwsBackend;
import dev.cairn.testing.Specs;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * EC2's finds answer from one tag-filtered listing per kind and region shared by a run
 * ({@link HandlerContext#snapshot}): a whole network is found again with one call per listed kind,
 * untaggable parts (routes, associations, the gateway's attachment, rules) from their parent's
 * listing, on each backend in {@code Backends.all()}.
 */
class Ec2SnapshotFindTest {

    private static final String REGION = "us-east-1";
    private static final String BACKENDS = "dev.cairn.testing.Backends#all";

    /** A run's shared listings, as the engine keeps them (first caller loads). */
    private static final class Shared implements HandlerContext.Snapshots {
        private final Map<String, Object> answers = new ConcurrentHashMap<>();

        @Override
        @SuppressWarnings("unchecked")
        public synchronized <T> T get(String key, Supplier<T> load) {
            return (T) answers.computeIfAbsent(key, k -> load.get());
        }
    }

    private static void with(AwsBackend backend, NetworkFixture.Body body) throws Exception {
        NetworkFixture.onNewStack(backend, REGION, body);
    }

    private static void put(NetworkFixture f, Map<ResolvedSpec, ResourceRecord> built, ResolvedSpec spec) {
        built.put(spec, f.apply(spec));
    }

    private static ResourceRecord record(Map<ResolvedSpec, ResourceRecord> built, String address) {
        return built.entrySet().stream().filter(e -> e.getKey().address().value().equals(address)).findFirst().orElseThrow()
                .getValue();
    }

    /** VPC, subnet, gateway and attachment, table, route, association, address, NAT gateway and route through it. */
    private static Map<ResolvedSpec, ResourceRecord> network(NetworkFixture f) {
        Map<ResolvedSpec, ResourceRecord> b = new LinkedHashMap<>();
        put(f, b, f.spec(Ec2Kinds.VPC, "network.vpc", Map.of("cidr", "10.30.0.0/16"), Map.of()));
        ResourceRecord vpc = record(b, "network.vpc");
        put(f, b, f.spec(Ec2Kinds.SUBNET, "network.subnet[public-a]",
                Map.of("cidr", "10.30.0.0/24", "zone", f.zone('a'), "tier", "public", "mapPublicIp", "true"), Map.of("vpc", vpc)));
        put(f, b, f.spec(Ec2Kinds.INTERNET_GATEWAY, "network.igw", Map.of(), Map.of()));
        put(f, b, f.spec(Ec2Kinds.IGW_ATTACHMENT, "network.igw-attachment", Map.of(),
                Map.of("gateway", record(b, "network.igw"), "vpc", vpc)));
        put(f, b, f.spec(Ec2Kinds.ROUTE_TABLE, "network.route-table[public]", Map.of("tier", "public"), Map.of("vpc", vpc)));
        put(f, b, f.spec(Ec2Kinds.ROUTE, "network.route[public-default]", Map.of("destination", "0.0.0.0/0"),
                Map.of("routeTable", record(b, "network.route-table[public]"), "gateway", record(b, "network.igw"))));
        put(f, b, f.spec(Ec2Kinds.ROUTE_TABLE_ASSOCIATION, "network.route-table-association[public-a]", Map.of(),
                Map.of("routeTable", record(b, "network.route-table[public]"), "subnet", record(b, "network.subnet[public-a]"))));
        put(f, b, f.spec(Ec2Kinds.ELASTIC_IP, "network.eip[nat-a]", Map.of(), Map.of()));
        put(f, b, f.spec(Ec2Kinds.NAT_GATEWAY, "network.nat[a]", Map.of("connectivity", "public"),
                Map.of("subnet", record(b, "network.subnet[public-a]"), "eip", record(b, "network.eip[nat-a]"))));
        put(f, b, f.spec(Ec2Kinds.SECURITY_GROUP, "access.sg[web]",
                Map.of("groupName", "cairn-" + f.stack + "-web", "description", "test web"), Map.of("vpc", vpc)));
        put(f, b, f.spec(Ec2Kinds.SECURITY_GROUP_RULE, "access.sg-rule[web-https]",
                Map.of("protocol", "tcp", "fromPort", "443", "toPort", "443", "cidr", "0.0.0.0/0"),
                Map.of("group", record(b, "access.sg[web]"))));
        return b;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void find_whenRunSharesListings_findsEveryResourceWithOneCallPerListedKind(AwsBackend backend) throws Exception {
        with(backend, (f, clients) -> {
            Map<ResolvedSpec, ResourceRecord> built = network(f);
            HandlerContext run = f.ctx.withSnapshots(new Shared());
            long before = clients.apiCalls();

            built.forEach((spec, record) -> assertThat(Specs.ours(f.handler(spec.spec().kind()).find(run, spec)))
                    .as("%s", spec.address()).map(LiveResource::physicalId).contains(record.physicalId()));

            // VPCs, subnets, gateways, tables, addresses, NAT gateways, groups: the attachment,
            // route, association and rule come from their parents' listings.
            assertThat(clients.apiCalls() - before).isEqualTo(7);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void find_whenParentIsNewerThanTheListing_answersAbsentWithoutACall(AwsBackend backend) throws Exception {
        with(backend, (f, clients) -> {
            Map<ResolvedSpec, ResourceRecord> built = network(f);
            HandlerContext run = f.ctx.withSnapshots(new Shared());
            ResolvedSpec table = built.keySet().stream().filter(s -> s.spec().kind() == Ec2Kinds.ROUTE_TABLE).findFirst().orElseThrow();
            f.handler(Ec2Kinds.ROUTE_TABLE).find(run, table);
            // A table made after the listing (by this run, as the engine guarantees) has no earlier run's routes.
            ResourceRecord newer = f.apply(f.spec(Ec2Kinds.ROUTE_TABLE, "network.route-table[private]", Map.of("tier", "private"),
                    Map.of("vpc", record(built, "network.vpc"))));
            ResolvedSpec route = f.spec(Ec2Kinds.ROUTE, "network.route[private-default]", Map.of("destination", "0.0.0.0/0"),
                    Map.of("routeTable", newer, "natGateway", record(built, "network.nat[a]")));
            long before = clients.apiCalls();

            assertThat(Specs.ours(f.handler(Ec2Kinds.ROUTE).find(run, route))).isEmpty();

            assertThat(clients.apiCalls()).isEqualTo(before);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void awaitReady_whenCreateAnswerIsFinal_isDoneWithoutACall(AwsBackend backend) throws Exception {
        with(backend, (f, clients) -> {
            Map<ResolvedSpec, ResourceRecord> built = network(f);
            ResolvedSpec group = f.spec(Ec2Kinds.SECURITY_GROUP, "access.sg[db]",
                    Map.of("groupName", "cairn-" + f.stack + "-db", "description", "test db"), Map.of("vpc", record(built, "network.vpc")));
            LiveResource created = f.handler(Ec2Kinds.SECURITY_GROUP).create(f.ctx, group, UUID.randomUUID().toString());
            long before = clients.apiCalls();

            assertThat(f.handler(Ec2Kinds.SECURITY_GROUP).awaitReady(f.ctx, group, created).outcome())
                    .isEqualTo(dev.cairn.engine.Poll.Outcome.DONE);

            assertThat(clients.apiCalls()).isEqualTo(before);
            // A resumed run's record carries no answer: it is described.
            assertThat(f.handler(Ec2Kinds.SECURITY_GROUP).awaitReady(f.ctx, group, LiveResource.of(created.physicalId())).outcome())
                    .isEqualTo(dev.cairn.engine.Poll.Outcome.DONE);
            assertThat(clients.apiCalls()).isEqualTo(before + 1);
        });
    }
}
