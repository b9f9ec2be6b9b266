package dev.cairn.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.aws.AwsClients;
import dev.cairn.aws.AwsHandlers;
import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.engine.ResourceHandler;
import dev.cairn.engine.RetryableException;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.kinds.Ec2Kinds;
import dev.cairn.testing.AwsBackend;
import dev.cairn.testing.Specs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Drives handlers the way the engine does, one resource at a time and in dependency order:
 * create, poll awaitReady, keep the record; delete (retrying what is retryable), poll awaitGone.
 * Shared by the backend tests and the real-account IT.
 */
final class NetworkFixture {

    /** For real AWS: a NAT gateway takes 1–3 minutes to become available or deleted. */
    static final Duration AWS_TIMEOUT = Duration.ofMinutes(10);
    /** For a local backend, where everything settles within seconds. */
    static final Duration LOCAL_TIMEOUT = Duration.ofSeconds(30);
    /** Pauses between polls and between delete retries: real AWS changes in seconds. */
    private static final Duration AWS_POLL = Duration.ofMillis(200);
    private static final Duration AWS_RETRY_PAUSE = Duration.ofSeconds(2);
    /**
     * A local backend changes in milliseconds (an instant Sandbox's lingering ENI, moto): pausing
     * as long as for AWS only made the tests slower.
     */
    private static final Duration LOCAL_POLL = Duration.ofMillis(20);
    private static final Duration LOCAL_RETRY_PAUSE = Duration.ofMillis(100);

    final Map<ResourceKind, ResourceHandler> handlers;
    final String stack;
    final String region;
    final List<String> said = new CopyOnWriteArrayList<>();
    final HandlerContext ctx;
    private final Duration timeout;
    private final Duration pollInterval;
    private final Duration retryPause;
    private List<String> zones;

    /** A test's work on a fixture and the clients it was made with. */
    interface Body {
        void run(NetworkFixture f, AwsClients clients) throws Exception;
    }

    /** Resets {@code backend}, then runs {@code body} on a fixture for a new stack in {@code region} there. */
    static void onNewStack(AwsBackend backend, String region, Body body) throws Exception {
        backend.reset();
        try (AwsClients clients = AwsClients.sandbox(backend.endpoint())) {
            String stack = "t" + UUID.randomUUID().toString().substring(0, 8);
            body.run(new NetworkFixture(AwsHandlers.forClients(clients), stack, region, LOCAL_TIMEOUT), clients);
        }
    }

    NetworkFixture(Map<ResourceKind, ResourceHandler> handlers, String stack, String region, Duration timeout) {
        this.timeout = timeout;
        boolean aws = timeout.compareTo(LOCAL_TIMEOUT) > 0;
        this.pollInterval = aws ? AWS_POLL : LOCAL_POLL;
        this.retryPause = aws ? AWS_RETRY_PAUSE : LOCAL_RETRY_PAUSE;
        this.zones = List.of(region + "a", region + "b");
        this.handlers = handlers;
        this.stack = stack;
        this.region = region;
        this.ctx = Specs.context(stack, said);
    }

    ResourceHandler handler(ResourceKind kind) {
        return handlers.get(kind);
    }

    ResolvedSpec spec(ResourceKind kind, String address, Map<String, String> props, Map<String, ResourceRecord> refs) {
        return Specs.resolved(stack, region, kind, address, props, refs);
    }

    /** Zone {@code a} or {@code b}: the first or second zone of {@link #zones}. */
    String zone(char letter) {
        return zones.get(letter - 'a');
    }

    /** Zones to place subnets in; defaults to the region's {@code a} and {@code b} zones. */
    NetworkFixture withZones(List<String> names) {
        zones = List.copyOf(names);
        return this;
    }

    /** Creates and waits until ready; returns the record the engine would keep. */
    ResourceRecord apply(ResolvedSpec spec) {
        ResourceHandler h = handler(spec.spec().kind());
        LiveResource created = h.create(ctx, spec, UUID.randomUUID().toString());
        assertThat(created.physicalId()).isNotBlank();
        Poll ready = Specs.poll(() -> h.awaitReady(ctx, spec, created), timeout, pollInterval);
        assertThat(ready.outcome()).as("%s: %s", spec.address(), ready.message()).isEqualTo(Poll.Outcome.DONE);
        LiveResource live = ready.resource() == null ? created : ready.resource();
        assertThat(live.physicalId()).isEqualTo(created.physicalId());
        return Specs.record(spec, live);
    }

    /** Deletes (retrying RetryableException as the engine would) and waits until gone. */
    void destroy(ResourceRecord record) {
        ResourceHandler h = handler(record.kind());
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            try {
                h.delete(ctx, record);
                break;
            } catch (RetryableException e) {
                said.add(e.getMessage());
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
                sleep(retryPause);
            }
        }
        Poll gone = Specs.poll(() -> h.awaitGone(ctx, record), timeout, pollInterval);
        assertThat(gone.outcome()).as("%s: %s", record.address(), gone.message()).isEqualTo(Poll.Outcome.DONE);
    }

    /**
     * The Network step wired by hand in dependency order, as the planner would for one NAT
     * gateway: VPC, a public subnet in zone a and an app subnet in zone b, an internet gateway and
     * its attachment, a public and a private table with their default routes and associations, an
     * Elastic IP and a NAT gateway. Records go into {@code r} in creation order as each becomes
     * ready, so a caller can tear down what exists even when a later step fails.
     */
    Map<String, ResourceRecord> buildNetwork(Map<String, ResourceRecord> r) {
        r.put("vpc", apply(spec(Ec2Kinds.VPC, "network.vpc", Map.of("cidr", "10.20.0.0/16"), Map.of())));
        r.put("public-a", apply(spec(Ec2Kinds.SUBNET, "network.subnet[public-a]",
                Map.of("cidr", "10.20.0.0/24", "zone", zone('a'), "tier", "public", "mapPublicIp", "true"),
                Map.of("vpc", r.get("vpc")))));
        r.put("app-b", apply(spec(Ec2Kinds.SUBNET, "network.subnet[app-b]",
                Map.of("cidr", "10.20.11.0/24", "zone", zone('b'), "tier", "app", "mapPublicIp", "false"),
                Map.of("vpc", r.get("vpc")))));
        r.put("igw", apply(spec(Ec2Kinds.INTERNET_GATEWAY, "network.igw", Map.of(), Map.of())));
        r.put("igw-attachment", apply(spec(Ec2Kinds.IGW_ATTACHMENT, "network.igw-attachment", Map.of(),
                Map.of("gateway", r.get("igw"), "vpc", r.get("vpc")))));
        r.put("rt-public", apply(spec(Ec2Kinds.ROUTE_TABLE, "network.route-table[public]",
                Map.of("tier", "public"), Map.of("vpc", r.get("vpc")))));
        r.put("rt-private", apply(spec(Ec2Kinds.ROUTE_TABLE, "network.route-table[private]",
                Map.of("tier", "private"), Map.of("vpc", r.get("vpc")))));
        r.put("route-public", apply(spec(Ec2Kinds.ROUTE, "network.route[public-default]",
                Map.of("destination", "0.0.0.0/0"),
                Map.of("routeTable", r.get("rt-public"), "gateway", r.get("igw")))));
        r.put("assoc-public-a", apply(spec(Ec2Kinds.ROUTE_TABLE_ASSOCIATION, "network.route-table-association[public-a]",
                Map.of(), Map.of("routeTable", r.get("rt-public"), "subnet", r.get("public-a")))));
        r.put("assoc-app-b", apply(spec(Ec2Kinds.ROUTE_TABLE_ASSOCIATION, "network.route-table-association[app-b]",
                Map.of(), Map.of("routeTable", r.get("rt-private"), "subnet", r.get("app-b")))));
        r.put("eip", apply(spec(Ec2Kinds.ELASTIC_IP, "network.eip[nat-a]", Map.of(), Map.of())));
        r.put("nat", apply(spec(Ec2Kinds.NAT_GATEWAY, "network.nat[a]", Map.of("connectivity", "public"),
                Map.of("subnet", r.get("public-a"), "eip", r.get("eip")))));
        r.put("route-private", apply(spec(Ec2Kinds.ROUTE, "network.route[private-default]",
                Map.of("destination", "0.0.0.0/0"),
                Map.of("routeTable", r.get("rt-private"), "natGateway", r.get("nat")))));
        return r;
    }

    /** Deletes records in reverse creation order. */
    void destroyAll(Map<String, ResourceRecord> records) {
        List<ResourceRecord> reverse = new ArrayList<>(records.values());
        Collections.reverse(reverse);
        reverse.forEach(this::destroy);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
