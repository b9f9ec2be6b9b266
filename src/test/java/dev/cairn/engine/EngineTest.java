package dev.cairn.engine;

import static dev.cairn.engine.Fixtures.REGION;
import static dev.cairn.engine.Fixtures.applySteps;
import static dev.cairn.engine.Fixtures.deleteSteps;
import static dev.cairn.engine.Fixtures.network;
import static dev.cairn.engine.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.model.Address;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.StackState;
import dev.cairn.model.Tags;
import dev.cairn.model.kinds.Ec2Kinds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EngineTest {

    @TempDir
    Path tmp;

    private final FakeCloud cloud = new FakeCloud();
    private final FakeTime time = new FakeTime();
    private final List<ResourceEvent> events = new CopyOnWriteArrayList<>();
    private StackStore store;

    private Path stackDir() {
        return tmp.resolve("demo");
    }

    private EngineOptions options() {
        return EngineOptions.defaults().withTime(time, time).withApiCalls(cloud.calls::get);
    }

    private Engine engine(EngineOptions options) throws IOException {
        if (store == null) {
            store = LocalStackStore.open(stackDir(), time);
        }
        return new Engine(cloud.handlers(), store, options, events::add);
    }

    private void reopen() throws IOException {
        if (store != null) {
            store.close();
        }
        store = LocalStackStore.open(stackDir(), time);
    }

    @AfterEach
    void closeStore() throws IOException {
        if (store != null) {
            store.close();
        }
    }

    private RunResult applyNetwork(EngineOptions options) throws Exception {
        Engine engine = engine(options);
        return engine.apply(applySteps(network(), store.state()), new CancellationToken());
    }

    @Test
    void apply_whenFresh_createsEachResourceOnceAndRecordsThemReady() throws Exception {
        RunResult result = applyNetwork(options());

        assertThat(result.succeeded()).isTrue();
        assertThat(result.created()).hasSize(8);
        assertThat(cloud.live).hasSize(8);
        assertThat(store.state().resources().values()).allMatch(r -> r.status() == ItemStatus.READY);
        assertThat(store.state().pending()).isEmpty();
        assertThat(result.apiCalls()).isEqualTo(cloud.calls.get());
        assertThat(result.durations()).hasSize(8);
        FakeCloud.Resource vpc = cloud.find("demo", "network.vpc").orElseThrow();
        assertThat(vpc.tags).containsEntry(Tags.STACK, "demo").containsEntry("team", "platform")
                .containsEntry(Tags.NAME, "demo-vpc");
        // Dependencies first: the NAT gateway after its subnet and address, the route after both.
        assertThat(cloud.createOrder.indexOf("network.nat[a]"))
                .isGreaterThan(cloud.createOrder.indexOf("network.subnet[public-a]"))
                .isGreaterThan(cloud.createOrder.indexOf("network.eip[a]"));
        assertThat(cloud.createOrder.indexOf("network.route[private-default]"))
                .isGreaterThan(cloud.createOrder.indexOf("network.nat[a]"));
    }

    @Test
    void apply_whenRunTwice_keepsEverythingWithoutCalls() throws Exception {
        applyNetwork(options());
        long before = cloud.calls.get();

        RunResult second = applyNetwork(options());

        assertThat(second.kept()).hasSize(8);
        assertThat(second.apiCalls()).isZero();
        assertThat(cloud.calls.get()).isEqualTo(before);
    }

    @Test
    void apply_whenCreateRuns_intentIsAlreadyOnDisk() throws Exception {
        List<String> missing = new CopyOnWriteArrayList<>();
        cloud.beforeCreate = address -> {
            try {
                boolean found = Files.readAllLines(stackDir().resolve(StackStore.JOURNAL_FILE)).stream()
                        .anyMatch(l -> l.contains("\"type\":\"intent\"") && l.contains("\"address\":\"" + address + "\""));
                if (!found) {
                    missing.add(address);
                }
            } catch (IOException e) {
                missing.add(address + ": " + e);
            }
        };

        RunResult result = applyNetwork(options());

        assertThat(result.succeeded()).isTrue();
        assertThat(cloud.createOrder).hasSize(8);
        assertThat(missing).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void apply_whenKilledAfterIntent_resumesWithoutTwin(int k) throws Exception {
        AtomicInteger intents = new AtomicInteger();
        EngineOptions killing = options().withAfterIntent(intent -> {
            if (intents.incrementAndGet() == k) {
                throw new IllegalStateException("killed at intent " + k);
            }
        });
        assertThatThrownBy(() -> applyNetwork(killing)).hasMessage("killed at intent " + k);
        assertThat(store.state().pending()).isNotEmpty();
        reopen();
        assertThat(store.state().pending()).isNotEmpty();

        RunResult resumed = applyNetwork(options());

        assertThat(resumed.succeeded()).isTrue();
        for (ResourceSpec s : network()) {
            assertThat(cloud.count(s.address().value())).as(s.address().value()).isEqualTo(1);
            assertThat(store.state().get(s.address()).orElseThrow().status()).isEqualTo(ItemStatus.READY);
        }
        assertThat(cloud.live).hasSize(8);
        assertThat(store.state().pending()).isEmpty();

        RunResult destroyed = engine(options()).destroy(deleteSteps(store.state()), cloud.scanner(), Set.of(REGION),
                new CancellationToken());
        assertThat(destroyed.succeeded()).isTrue();
        assertThat(cloud.live).isEmpty();
        assertThat(store.state().isEmpty()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 5, 7})
    void apply_whenOutcomeLostAfterCreateCall_adoptsInsteadOfCreatingTwin(int keptIntents) throws Exception {
        applyNetwork(options().withParallelism(1));
        store.close();
        store = null;
        // A crash right after the k-th create call: its intent is on disk, its outcome and all later lines are not.
        Path journal = stackDir().resolve(StackStore.JOURNAL_FILE);
        List<String> lines = Files.readAllLines(journal);
        int cut = 0;
        int intents = 0;
        while (intents < keptIntents) {
            if (lines.get(cut++).contains("\"type\":\"intent\"")) {
                intents++;
            }
        }
        Files.write(journal, lines.subList(0, cut));
        reopen();
        assertThat(store.state().pending()).hasSize(1);
        int createsBefore = cloud.creates.get();

        RunResult resumed = applyNetwork(options());

        assertThat(resumed.succeeded()).isTrue();
        assertThat(cloud.creates.get()).isEqualTo(createsBefore);
        assertThat(resumed.adopted()).hasSize(8 - keptIntents + 1);
        assertThat(cloud.live).hasSize(8);
        assertThat(store.state().pending()).isEmpty();
    }

    @Test
    void apply_whenStateFolderLost_adoptsTaggedResourcesInsteadOfCreatingTwins() throws Exception {
        applyNetwork(options());
        store.close();
        store = null;
        Files.walk(stackDir()).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        int createsBefore = cloud.creates.get();

        RunResult again = applyNetwork(options());

        assertThat(again.succeeded()).isTrue();
        assertThat(again.adopted()).hasSize(8);
        assertThat(cloud.creates.get()).isEqualTo(createsBefore);
    }

    @Test
    void apply_whenCreateFails_skipsDownstreamNamingOneRootCause() throws Exception {
        cloud.failingCreates.put("network.subnet[public-a]", "InvalidSubnet.Range: The CIDR '10.9.0.0/24' is invalid.");

        RunResult result = applyNetwork(options());

        assertThat(result.succeeded()).isFalse();
        assertThat(result.failed()).containsOnlyKeys(Address.parse("network.subnet[public-a]"));
        assertThat(result.failed().values()).first().asString().contains("InvalidSubnet.Range");
        assertThat(result.skipped()).containsOnly(
                Map.entry(Address.parse("network.nat[a]"), Address.parse("network.subnet[public-a]")),
                Map.entry(Address.parse("network.route[private-default]"), Address.parse("network.subnet[public-a]")));
        assertThat(cloud.find("demo", "network.nat[a]")).isEmpty();
        assertThat(events).anyMatch(e -> e.status() == ItemStatus.FAILED && e.text().contains("InvalidSubnet.Range"));
        assertThat(events).anyMatch(e -> e.status() == ItemStatus.SKIPPED
                && e.address().value().equals("network.route[private-default]")
                && e.text().contains("network.subnet[public-a]"));
    }

    @Test
    void apply_whenAwaitReadyFails_recordsFailedWithAwsMessage() throws Exception {
        cloud.failingReady.put("network.nat[a]", "Subnet has no internet gateway attached");

        RunResult result = applyNetwork(options());

        assertThat(result.failed()).containsEntry(Address.parse("network.nat[a]"), "Subnet has no internet gateway attached");
        assertThat(store.state().get(Address.parse("network.nat[a]")).orElseThrow().status()).isEqualTo(ItemStatus.FAILED);
    }

    @Test
    void apply_whenRetryableThrownTwice_retriesWithWaitingEventsAndSucceeds() throws Exception {
        cloud.retryableCreates.put("network.subnet[app-a]", new AtomicInteger(2));

        RunResult result = applyNetwork(options());

        assertThat(result.succeeded()).isTrue();
        assertThat(cloud.count("network.subnet[app-a]")).isEqualTo(1);
        assertThat(events.stream().filter(e -> e.address().value().equals("network.subnet[app-a]")
                && e.text().contains("waiting for the VPC of network.subnet[app-a] to be visible"))).hasSize(2);
    }

    @Test
    void apply_whenNotFoundOutlastsItsWindow_failsSayingWhatItWaitedFor() throws Exception {
        cloud.retryableCreates.put("network.igw", new AtomicInteger(Integer.MAX_VALUE));

        RunResult result = applyNetwork(options().withParallelism(1));

        assertThat(result.failed().get(Address.parse("network.igw")))
                .contains("waiting for the VPC of network.igw to be visible").contains("30.0 s");
        assertThat(time.elapsed()).isGreaterThanOrEqualTo(Timeouts.NOT_FOUND_WINDOW);
        assertThat(time.elapsed()).isLessThan(Timeouts.DEPENDENCY_VIOLATION_WINDOW);
    }

    @Test
    void apply_whenNatGatewayNeverReady_timesOutAfterItsKindTimeout() throws Exception {
        cloud.pollsToReady.put(Ec2Kinds.NAT_GATEWAY, Integer.MAX_VALUE);

        RunResult result = applyNetwork(options());

        assertThat(result.failed().get(Address.parse("network.nat[a]"))).contains("timed out after 10 min")
                .contains("NAT gateway is pending");
        assertThat(time.elapsed()).isGreaterThanOrEqualTo(Ec2Kinds.NAT_GATEWAY_CREATE);
    }

    @Test
    void apply_whenCancelledWhileWaiting_leavesCreatingAndNextRunWaitsWithoutCreating() throws Exception {
        cloud.pollsToReady.put(Ec2Kinds.VPC, 5);
        CancellationToken cancel = new CancellationToken();
        EngineListener cancelOnPending = e -> {
            events.add(e);
            if (e.text().equals("VPC is pending")) {
                cancel.cancel();
            }
        };
        Engine engine = new Engine(cloud.handlers(), store = LocalStackStore.open(stackDir(), time), options(), cancelOnPending);

        RunResult first = engine.apply(applySteps(network(), store.state()), cancel);

        assertThat(first.cancelled()).isTrue();
        assertThat(first.succeeded()).isFalse();
        assertThat(first.created()).doesNotContain(Address.parse("network.vpc"));
        assertThat(store.state().get(Address.parse("network.vpc")).orElseThrow().status()).isEqualTo(ItemStatus.CREATING);
        // Only roots (VPC, gateway, address) can have started; nothing below the VPC did.
        assertThat(cloud.live.size()).isBetween(1, 3);
        assertThat(cloud.find("demo", "network.subnet[app-a]")).isEmpty();

        int createsBefore = cloud.creates.get();
        RunResult second = applyNetwork(options());
        assertThat(second.succeeded()).isTrue();
        assertThat(second.kept()).contains(Address.parse("network.vpc"));
        assertThat(cloud.creates.get()).isEqualTo(8);
        assertThat(cloud.creates.get() - createsBefore).isEqualTo(8 - createsBefore);
        assertThat(cloud.count("network.vpc")).isEqualTo(1);
    }

    @Test
    void apply_whenDependencyNeitherInRunNorReady_failsBeforeAnyCall() throws Exception {
        Engine engine = engine(options());
        List<Step> steps = List.of(Step.create(spec("network.subnet[app-a]", Ec2Kinds.SUBNET, "vpc", "network.vpc")));

        assertThatThrownBy(() -> engine.apply(steps, new CancellationToken()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("network.vpc");
        assertThat(cloud.calls.get()).isZero();
        assertThat(store.journalEntries()).isEmpty();
    }

    @Test
    void apply_whenReplace_deletesOldBeforeCreatingNew() throws Exception {
        applyNetwork(options());
        ResourceRecord oldIgw = store.state().get(Address.parse("network.igw")).orElseThrow();

        RunResult result = engine(options()).apply(List.of(Step.delete(oldIgw),
                Step.create(spec("network.igw", Ec2Kinds.INTERNET_GATEWAY))), new CancellationToken());

        assertThat(result.succeeded()).isTrue();
        assertThat(result.deleted()).containsExactly(Address.parse("network.igw"));
        assertThat(result.created()).containsExactly(Address.parse("network.igw"));
        assertThat(cloud.live).doesNotContainKey(oldIgw.physicalId());
        assertThat(store.state().get(Address.parse("network.igw")).orElseThrow().physicalId()).isNotEqualTo(oldIgw.physicalId());
    }

    @Test
    void destroy_whenKilledAfterDeleteIntent_healsPendingDeleteAndLeavesNothing() throws Exception {
        applyNetwork(options());
        AtomicInteger intents = new AtomicInteger();
        EngineOptions killing = options().withAfterIntent(intent -> {
            if (intents.incrementAndGet() == 3) {
                throw new IllegalStateException("killed");
            }
        });
        assertThatThrownBy(() -> engine(killing).destroy(deleteSteps(store.state()), cloud.scanner(), Set.of(REGION),
                new CancellationToken())).hasMessage("killed");
        reopen();
        assertThat(store.state().pending().values()).anyMatch(p -> p.operation().equals("delete"));

        RunResult result = engine(options()).destroy(deleteSteps(store.state()), cloud.scanner(), Set.of(REGION),
                new CancellationToken());

        assertThat(result.succeeded()).isTrue();
        assertThat(result.remaining()).isEmpty();
        assertThat(cloud.live).isEmpty();
        assertThat(store.state().isEmpty()).isTrue();
    }

    @Test
    void destroy_whenPendingDeleteAlreadyHappened_journalsDeletedWithoutDeleting() throws Exception {
        applyNetwork(options());
        ResourceRecord eip = store.state().get(Address.parse("network.eip[a]")).orElseThrow();
        ResourceRecord nat = store.state().get(Address.parse("network.nat[a]")).orElseThrow();
        store.append(JournalEntry.intent(JournalEntry.DELETE, eip.spec(), null, eip.physicalId()));
        // The NAT gateway's delete intent reached the disk, and so did the delete; the outcome did not.
        store.append(JournalEntry.intent(JournalEntry.DELETE, nat.spec(), null, nat.physicalId()));
        cloud.remove(nat.physicalId());
        reopen();
        long deletesBefore = cloud.deleteOrder.size();

        RunResult result = engine(options()).apply(List.of(Step.delete(store.state().get(nat.address()).orElseThrow())),
                new CancellationToken());

        // The NAT gateway was gone: only read. The uncovered EIP was still there: deleted again.
        assertThat(result.deleted()).containsExactlyInAnyOrder(nat.address(), eip.address());
        assertThat(cloud.deleteOrder).hasSize((int) deletesBefore + 1);
        assertThat(store.state().pending()).isEmpty();
        assertThat(store.state().get(eip.address())).isEmpty();
        assertThat(cloud.live).doesNotContainKey(eip.physicalId());
    }

    @Test
    void destroy_whenStateLost_deletesTaggedOrphansInKindOrder() throws Exception {
        applyNetwork(options());
        store.close();
        store = null;
        Files.walk(stackDir()).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());

        RunResult result = engine(options()).destroy(List.of(), cloud.scanner(), Set.of(REGION), new CancellationToken());

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(result.deleted()).hasSize(7); // every taggable one; the route went with its table
        assertThat(cloud.live).isEmpty();
        assertThat(cloud.deleteOrder.indexOf("network.nat[a]")).isLessThan(cloud.deleteOrder.indexOf("network.eip[a]"))
                .isLessThan(cloud.deleteOrder.indexOf("network.subnet[public-a]"));
        // The VPC goes after everything that refs it; the internet gateway refs nothing (its
        // attachment does), so the kinds' graph leaves the two unordered and either may go last.
        int vpc = cloud.deleteOrder.indexOf("network.vpc");
        cloud.deleteOrder.stream().filter(a -> !a.equals("network.vpc") && !a.equals("network.igw"))
                .forEach(a -> assertThat(cloud.deleteOrder.indexOf(a)).as("%s deleted before the VPC: %s", a, cloud.deleteOrder)
                        .isLessThan(vpc));
    }

    @Test
    void destroy_whenTaggedResourceCannotBeDeleted_reportsItAsRemaining() throws Exception {
        applyNetwork(options());
        // A type Cairn has no handler for (instances have one since the Access step).
        cloud.put(Ec2Kinds.VPC, REGION, Map.of(Tags.STACK, "demo", "fake:type", "transit-gateway"), Set.of(), null);

        RunResult result = engine(options()).destroy(deleteSteps(store.state()), cloud.scanner(), Set.of(REGION),
                new CancellationToken());

        assertThat(result.succeeded()).isFalse();
        assertThat(result.remaining()).singleElement().satisfies(t -> assertThat(t.resourceType()).isEqualTo("transit-gateway"));
        assertThat(result.failed()).isEmpty();
    }

    @Test
    void destroy_whenDependencyViolationClearsWithinWindow_retriesThenDeletes() throws Exception {
        applyNetwork(options());
        cloud.retryableDeletes.put("network.subnet[public-a]", new AtomicInteger(3));

        RunResult result = engine(options()).destroy(deleteSteps(store.state()), cloud.scanner(), Set.of(REGION),
                new CancellationToken());

        assertThat(result.succeeded()).isTrue();
        assertThat(cloud.live).isEmpty();
        assertThat(events.stream().filter(e -> e.address().value().equals("network.subnet[public-a]")
                && e.status() == ItemStatus.DELETING && e.text().contains("network interfaces"))).hasSize(3);
    }

    @Test
    void destroy_whenDependencyViolationOutlastsWindow_failsNamingTheBlocker() throws Exception {
        applyNetwork(options());
        // Something outside the stack holds on to the VPC.
        FakeCloud.Resource vpc = cloud.find("demo", "network.vpc").orElseThrow();
        cloud.put(Ec2Kinds.SUBNET, REGION, Map.of(Tags.STACK, "other"), Set.of(vpc.id), null);

        RunResult result = engine(options()).destroy(deleteSteps(store.state()), cloud.scanner(), Set.of(REGION),
                new CancellationToken());

        assertThat(result.failed().get(Address.parse("network.vpc"))).contains("has dependencies").contains("5 min");
        assertThat(result.remaining()).singleElement().satisfies(t -> assertThat(t.physicalId()).isEqualTo(vpc.id));
        assertThat(store.state().get(Address.parse("network.vpc")).orElseThrow().status()).isEqualTo(ItemStatus.FAILED);
        assertThat(events).anyMatch(e -> e.status() == ItemStatus.DELETING && e.text().contains("has dependencies"));
    }

    @Test
    void apply_withCriticalPath_isLongestChainNotSum() throws Exception {
        cloud.pollsToReady.put(Ec2Kinds.NAT_GATEWAY, 20);

        RunResult result = applyNetwork(options().withTime(java.time.Clock.systemUTC(), Sleeper.REAL)
                .withPollBackoff(Duration.ofMillis(5), 1.0, Duration.ofMillis(5)));

        assertThat(result.succeeded()).isTrue();
        double sum = result.durations().values().stream().mapToDouble(d -> d.toNanos() / 1e9).sum();
        double nat = result.durations().get("create network.nat[a]").toNanos() / 1e9;
        assertThat(result.criticalPathSeconds()).isGreaterThanOrEqualTo(nat).isLessThanOrEqualTo(sum);
        assertThat(result.wallSeconds()).isGreaterThanOrEqualTo(result.criticalPathSeconds() * 0.9);
    }

    @Test
    void apply_whenUserTagsChange_updatesEveryTaggableResourceInPlaceKeepingIds() throws Exception {
        applyNetwork(options());
        Map<Address, String> idsBefore = new java.util.TreeMap<>();
        store.state().resources().forEach((a, r) -> idsBefore.put(a, r.physicalId()));
        Map<String, String> newTags = Map.of("team", "data", "cost-centre", "42");
        List<Step> steps = new java.util.ArrayList<>();
        for (ResourceSpec s : network()) {
            ResourceRecord r = store.state().get(s.address()).orElseThrow();
            ResourceSpec wanted = s.withTags(newTags);
            steps.add(s.kind().taggable() ? Step.update(wanted, r, Set.of(ResourceHandler.TAGS)) : Step.keep(r));
        }

        RunResult result = engine(options()).apply(steps, new CancellationToken());

        long taggable = network().stream().filter(s -> s.kind().taggable()).count();
        assertThat(result.succeeded()).isTrue();
        assertThat(result.updated()).hasSize((int) taggable);
        assertThat(result.created()).isEmpty();
        store.state().resources().forEach((a, r) -> assertThat(r.physicalId()).isEqualTo(idsBefore.get(a)));
        assertThat(cloud.find("demo", "network.vpc").orElseThrow().tags).containsEntry("team", "data")
                .containsEntry("cost-centre", "42").containsEntry(Tags.STACK, "demo");
        assertThat(store.state().get(Address.parse("network.vpc")).orElseThrow().spec().tags()).isEqualTo(newTags);
        assertThat(store.state().resources().values()).allMatch(r -> r.status() == ItemStatus.READY);
        // Journal first: the update's intent precedes its outcome.
        List<JournalEntry> vpcEntries = store.journalEntries().stream()
                .filter(e -> e.address().equals("network.vpc") && JournalEntry.UPDATE.equals(e.op())).toList();
        assertThat(vpcEntries).extracting(JournalEntry::type).containsExactly(JournalEntry.INTENT, JournalEntry.OUTCOME);
        assertThat(vpcEntries.get(0).changed()).containsExactly("tags");
    }

    @Test
    void destroy_whenDeleteNeedsSeveralSteps_pollsItToTheEndAndSaysWhatItWaitsFor() throws Exception {
        applyNetwork(options());
        cloud.deleteSteps.put("network.eip[a]", new AtomicInteger(3));

        RunResult result = engine(options()).destroy(deleteSteps(store.state()), cloud.scanner(), Set.of(REGION),
                new CancellationToken());

        assertThat(result.succeeded()).isTrue();
        assertThat(cloud.live).isEmpty();
        assertThat(events).anyMatch(e -> e.address().value().equals("network.eip[a]") && e.status() == ItemStatus.DELETING
                && e.text().startsWith("emptying ") && e.text().endsWith("pages left)"));
        // One intent for the whole delete, however many steps it took.
        assertThat(store.journalEntries()).filteredOn(e -> e.address().equals("network.eip[a]")
                && JournalEntry.DELETE.equals(e.op()) && JournalEntry.INTENT.equals(e.type())).hasSize(1);
    }

    @Test
    void apply_whenNameTakenByStranger_failsNamingItAndAdoptsNothing() throws Exception {
        cloud.takenNames.put("network.igw", "internet gateway igw-0stranger, tagged by another tool");

        RunResult result = applyNetwork(options());

        assertThat(result.failed().get(Address.parse("network.igw"))).contains("igw-0stranger")
                .contains("neither adopts nor deletes");
        assertThat(cloud.find("demo", "network.igw")).isEmpty();
        assertThat(store.state().get(Address.parse("network.igw"))).isEmpty();
        assertThat(store.state().pending()).doesNotContainKey(Address.parse("network.igw"));
    }

    @Test
    void apply_whenCreateAnswerIsLost_leavesIntentOpenAndNextRunAdoptsWithoutTwin() throws Exception {
        cloud.ambiguousCreates.add("network.igw");

        RunResult first = applyNetwork(options());

        Address igw = Address.parse("network.igw");
        assertThat(first.failed().get(igw)).contains("outcome is unknown");
        assertThat(store.state().pending()).containsKey(igw);
        assertThat(store.journalEntries()).noneMatch(e -> e.address().equals("network.igw")
                && JournalEntry.FAILED.equals(e.outcome()));

        reopen();
        RunResult second = applyNetwork(options());

        assertThat(second.succeeded()).isTrue();
        assertThat(cloud.count("network.igw")).isEqualTo(1);
        assertThat(store.state().pending()).isEmpty();
    }

    @Test
    void apply_whenHandlerMakesAFurtherCallWhileWaiting_journalsItBeforeAndAfter() throws Exception {
        cloud.callsWhileWaiting.put("network.vpc", "ModifyVpcAttribute");

        RunResult result = applyNetwork(options());

        assertThat(result.succeeded()).isTrue();
        List<JournalEntry> calls = store.journalEntries().stream().filter(JournalEntry::isCall).toList();
        assertThat(calls).extracting(JournalEntry::type).containsExactly(JournalEntry.INTENT, JournalEntry.OUTCOME);
        assertThat(calls).extracting(JournalEntry::action).containsOnly("ModifyVpcAttribute");
        assertThat(calls.get(1).outcome()).isEqualTo(JournalEntry.DONE);
        // A call inside an operation changes neither the records nor the pending intents.
        assertThat(store.state().pending()).isEmpty();
    }

    @Test
    void apply_whenManyResourcesWait_waitersGiveBackTheirSlots() throws Exception {
        // Real sleeps (short), so that waits overlap in time; parallelism 2.
        cloud.pollsToReady.put(Ec2Kinds.ELASTIC_IP, 15);
        List<ResourceSpec> addresses = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            addresses.add(spec("network.eip[n" + i + "]", Ec2Kinds.ELASTIC_IP));
        }
        EngineOptions options = EngineOptions.defaults().withParallelism(2)
                .withPollBackoff(Duration.ofMillis(10), 1.0, Duration.ofMillis(10));

        RunResult result = engine(options).apply(applySteps(addresses, StackState.empty("demo")), new CancellationToken());

        assertThat(result.succeeded()).isTrue();
        // All twelve waited at once: a waiting resource does not hold one of the two slots ...
        assertThat(cloud.peakWaiting.get()).isGreaterThan(2);
        // ... while no more than two handler calls ever ran at once.
        assertThat(cloud.peakWorking.get()).isLessThanOrEqualTo(2);
    }

    @Test
    void retryWindow_whenKindHasItsOwnWindowForTheCode_usesIt() {
        ResourceKind patient = ResourceKind.define("TEST_PATIENT").service(dev.cairn.model.AwsService.IAM).label("Patient")
                .cloudFormation("").taggedOnCreate("patient").timeouts(Duration.ofMinutes(1), Duration.ofMinutes(1),
                        Duration.ofMinutes(1))
                .retry("InvalidParameterValue", Duration.ofMinutes(2)).cost(ResourceKind.Cost.FREE)
                .shape(ResourceKind.Shape.SERVICE).icon("P", "#000000").build();

        assertThat(Timeouts.retryWindow(patient, "InvalidParameterValue")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Timeouts.retryWindow(patient, "DependencyViolation")).isEqualTo(Timeouts.DEPENDENCY_VIOLATION_WINDOW);
        assertThat(Timeouts.retryWindow(Ec2Kinds.VPC, "InvalidParameterValue")).isEqualTo(Timeouts.OTHER_RETRYABLE_WINDOW);
    }
}
