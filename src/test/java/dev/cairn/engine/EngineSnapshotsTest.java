package dev.cairn.engine;

import static dev.cairn.engine.Fixtures.REGION;
import static dev.cairn.engine.Fixtures.applySteps;
import static dev.cairn.engine.Fixtures.network;
import static dev.cairn.engine.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.model.Address;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.kinds.Ec2Kinds;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's side of shared listings ({@link HandlerContext#snapshot}), of the first poll after
 * a kind's typical latency, and of calls attributed by kind and phase ({@link CallSite}).
 */
class EngineSnapshotsTest {

    @TempDir
    Path tmp;

    private final FakeCloud cloud = new FakeCloud();
    private final FakeTime time = new FakeTime();
    private StackStore store;

    @BeforeEach
    void listings() {
        cloud.findsFromListings = true;
    }

    @AfterEach
    void close() throws IOException {
        if (store != null) {
            store.close();
        }
    }

    private EngineOptions options() {
        return EngineOptions.defaults().withTime(time, time).withApiCalls(cloud.calls::get)
                .withApiCallsByKind(cloud::callsBySite);
    }

    private Engine engine(EngineOptions options, String dir) throws IOException {
        if (store != null) {
            store.close();
        }
        // The folder's name is the stack's: one stack, a folder per state.
        store = LocalStackStore.open(tmp.resolve(dir).resolve("demo"), time);
        return new Engine(cloud.handlers(), store, options, e -> { });
    }

    private RunResult apply(Engine engine) throws InterruptedException {
        return engine.apply(applySteps(network(), store.state()), new CancellationToken());
    }

    @Test
    void apply_whenStateIsLost_adoptsEverythingFromOneListingPerKindAndRegion() throws Exception {
        assertThat(apply(engine(options(), "first")).succeeded()).isTrue();
        cloud.listings.clear();
        cloud.findShared.clear();

        // A lost state folder: every resource is found again, one listing per kind answering all.
        RunResult again = apply(engine(options(), "lost"));

        assertThat(again.adopted()).hasSize(8);
        assertThat(again.created()).isEmpty();
        assertThat(cloud.listings).containsOnlyKeys("VPC " + REGION, "SUBNET " + REGION, "INTERNET_GATEWAY " + REGION,
                "ROUTE_TABLE " + REGION, "ELASTIC_IP " + REGION, "NAT_GATEWAY " + REGION, "ROUTE " + REGION);
        assertThat(cloud.listings.values()).allMatch(n -> n.get() == 1);
        assertThat(cloud.findShared.values()).allMatch(attempts -> attempts.equals(List.of(true)));
    }

    @Test
    void apply_whenRunAgain_listsAgain() throws Exception {
        apply(engine(options(), "first"));
        apply(engine(options(), "second"));

        // Each run's listings are its own: the second lists again instead of reusing the first's answers.
        assertThat(cloud.listings.get("SUBNET " + REGION)).hasValue(2);
    }

    @Test
    void apply_whenReplaced_findsTheNewAddressWithoutTheListing() throws Exception {
        apply(engine(options(), "demo"));
        ResourceRecord oldSubnet = store.state().get(Address.parse("network.subnet[app-a]")).orElseThrow();
        cloud.findShared.clear();

        RunResult result = engine(options(), "demo").apply(List.of(Step.delete(oldSubnet),
                Step.create(spec("network.subnet[app-a]", Ec2Kinds.SUBNET, "vpc", "network.vpc"))), new CancellationToken());

        assertThat(result.succeeded()).isTrue();
        assertThat(result.created()).containsExactly(Address.parse("network.subnet[app-a]"));
        assertThat(cloud.findShared.get("network.subnet[app-a]")).containsExactly(false);
        assertThat(store.state().get(Address.parse("network.subnet[app-a]")).orElseThrow().physicalId())
                .isNotEqualTo(oldSubnet.physicalId());
    }

    @Test
    void apply_whenFindIsRetried_retriesWithoutTheListing() throws Exception {
        cloud.retryableFinds.put("network.igw", new AtomicInteger(1));

        RunResult result = apply(engine(options(), "demo"));

        assertThat(result.succeeded()).isTrue();
        assertThat(cloud.findShared.get("network.igw")).containsExactly(true, false);
        assertThat(cloud.findShared.get("network.vpc")).containsExactly(true);
    }

    @Test
    void apply_whenAnEarlierCreateIsOpen_findsWithoutTheListing() throws Exception {
        cloud.ambiguousCreates.add("network.igw");
        apply(engine(options(), "demo"));
        assertThat(store.state().pending()).containsKey(Address.parse("network.igw"));
        cloud.findShared.clear();

        RunResult second = apply(engine(options(), "demo"));

        assertThat(second.succeeded()).isTrue();
        assertThat(cloud.count("network.igw")).isEqualTo(1);
        assertThat(cloud.findShared.get("network.igw")).containsExactly(false);
    }

    @Test
    void apply_whenCreated_firstReadinessPollWaitsTheKindsTypicalLatencyScaled() throws Exception {
        Map<String, Duration> created = new ConcurrentHashMap<>();
        Map<String, Duration> firstPoll = new ConcurrentHashMap<>();
        cloud.beforeCreate = a -> created.put(a, time.elapsed());
        cloud.onReadyPoll = a -> firstPoll.putIfAbsent(a, time.elapsed());

        RunResult result = apply(engine(options().withParallelism(1).withLatencyScale(0.5), "demo"));

        assertThat(result.succeeded()).isTrue();
        Duration natWait = firstPoll.get("network.nat[a]").minus(created.get("network.nat[a]"));
        assertThat(natWait).isEqualTo(Ec2Kinds.NAT_GATEWAY_TYPICAL_READY.dividedBy(2));
        // A kind that is ready within a second of its create is polled at once.
        assertThat(firstPoll.get("network.vpc")).isEqualTo(created.get("network.vpc"));
    }

    @Test
    void apply_whenLatencyScaleIsZero_pollsAtOnce() throws Exception {
        Map<String, Duration> created = new ConcurrentHashMap<>();
        Map<String, Duration> firstPoll = new ConcurrentHashMap<>();
        cloud.beforeCreate = a -> created.put(a, time.elapsed());
        cloud.onReadyPoll = a -> firstPoll.putIfAbsent(a, time.elapsed());

        apply(engine(options().withParallelism(1), "demo"));

        assertThat(firstPoll.get("network.nat[a]")).isEqualTo(created.get("network.nat[a]"));
    }

    @Test
    void apply_countsCallsByKindAndPhase() throws Exception {
        RunResult result = apply(engine(options(), "demo"));

        assertThat(result.callsByKind()).containsKeys("VPC find", "VPC create", "VPC ready", "NAT_GATEWAY ready");
        assertThat(result.callsByKind().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(result.apiCalls());
        // The listings: one per kind, made by whichever find came first.
        assertThat(result.callsByKind().get("SUBNET find")).isEqualTo(1L);
    }
}
