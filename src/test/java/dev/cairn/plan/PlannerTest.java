package dev.cairn.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.model.Address;
import dev.cairn.model.Blueprint;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.StackState;
import dev.cairn.model.kinds.Ec2Kinds;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.access.AccessSection;
import dev.cairn.step.network.NatMode;
import dev.cairn.step.network.NetworkResources;
import dev.cairn.step.network.NetworkSection;
import dev.cairn.step.network.SubnetSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlannerTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    static ResourceRecord record(ResourceSpec spec, ItemStatus status) {
        return new ResourceRecord(spec, "id-" + spec.address().shortName(), Map.of(), status, T);
    }

    static StackState stateOf(List<ResourceSpec> specs, ItemStatus status) {
        Map<Address, ResourceRecord> resources = new HashMap<>();
        specs.forEach(s -> resources.put(s.address(), record(s, status)));
        return new StackState("demo", resources, Map.of());
    }

    static StackState builtDemo() {
        return stateOf(NetworkResources.specs(BlueprintExample.networkOnly()), ItemStatus.READY);
    }

    private static StackState with(StackState state, ResourceRecord changed) {
        Map<Address, ResourceRecord> resources = new HashMap<>(state.resources());
        resources.put(changed.address(), changed);
        return new StackState(state.stack(), resources, state.pending());
    }

    private static Blueprint demoWithPublicA(String cidr) {
        Blueprint demo = BlueprintExample.networkOnly();
        List<SubnetSpec> subnets = new ArrayList<>(demo.section(NetworkSection.KEY).subnets());
        SubnetSpec s = subnets.get(0);
        subnets.set(0, new SubnetSpec(s.name(), s.zone(), s.tier(), cidr));
        return demo.with(NetworkSection.KEY, demo.section(NetworkSection.KEY).withSubnets(subnets));
    }

    private static Map<String, Action> actionsByAddress(Plan plan) {
        Map<String, Action> map = new HashMap<>();
        plan.actions().forEach(a -> map.put(a.address().value(), a.action()));
        return map;
    }

    /** Every non-delete action comes after its dependencies; every delete after its deleted dependents. */
    private static void assertOrdered(Plan plan) {
        Set<Address> done = new HashSet<>();
        for (PlannedAction a : plan.actions()) {
            if (a.action() != Action.DELETE) {
                assertThat(done).as("before %s", a.address()).containsAll(plan.dependencies(a.address()));
            } else {
                for (Address dependent : plan.dependents(a.address())) {
                    if (plan.action(dependent).orElseThrow().action() == Action.DELETE) {
                        assertThat(done).as("deleted before %s", a.address()).contains(dependent);
                    }
                }
            }
            done.add(a.address());
        }
    }

    @Test
    void plan_whenStateEmpty_createsEverythingInTopologicalOrder() {
        Plan plan = Planner.plan(BlueprintExample.networkOnly(), StackState.empty("demo"));
        assertThat(plan.kind()).isEqualTo(PlanKind.APPLY);
        assertThat(plan.stack()).isEqualTo("demo");
        assertThat(plan.actions()).extracting(PlannedAction::action).containsOnly(Action.CREATE);
        assertThat(plan.actions()).extracting(a -> a.address().value()).containsExactlyElementsOf(dev.cairn.step.network.NetworkResourcesTest.DEMO_ADDRESSES);
        assertThat(plan.summary()).isEqualTo("Plan: 21 to create, 0 to update, 0 to replace, 0 to keep, 0 to delete.");
        assertThat(plan.hasChanges()).isTrue();
        assertThat(plan.actions()).allSatisfy(a -> {
            assertThat(a.current()).isNull();
            assertThat(a.reason()).isEqualTo("new");
        });
        assertOrdered(plan);
    }

    @Test
    void plan_whenStateMatches_keepsEverything() {
        Plan plan = Planner.plan(BlueprintExample.networkOnly(), builtDemo());
        assertThat(plan.count(Action.KEEP)).isEqualTo(21);
        assertThat(plan.hasChanges()).isFalse();
        assertThat(plan.isEmpty()).isFalse();
        assertThat(plan.summary()).isEqualTo("Plan: 0 to create, 0 to update, 0 to replace, 21 to keep, 0 to delete.");
        assertThat(plan.actions()).allSatisfy(a -> assertThat(a.current()).isNotNull());
    }

    @Test
    void plan_whenStillCreating_keepsIt() {
        StackState state = builtDemo();
        ResourceRecord nat = state.get(NetworkResources.nat("a")).orElseThrow();
        Plan plan = Planner.plan(BlueprintExample.networkOnly(), with(state, nat.withStatus(ItemStatus.CREATING, T)));
        assertThat(plan.action(NetworkResources.nat("a")).orElseThrow().action()).isEqualTo(Action.KEEP);
        assertThat(plan.hasChanges()).isFalse();
    }

    @Test
    void plan_whenSubnetCidrChanged_replacesItAndEverythingThatRefsIt() {
        Plan plan = Planner.plan(demoWithPublicA("10.1.2.0/26"), builtDemo());
        Map<String, Action> actions = actionsByAddress(plan);
        PlannedAction subnet = plan.action(NetworkResources.subnet("public-a")).orElseThrow();
        assertThat(subnet.action()).isEqualTo(Action.REPLACE);
        assertThat(subnet.reason()).isEqualTo("cidr 10.1.1.0/26 → 10.1.2.0/26");
        assertThat(subnet.current().spec().property("cidr")).isEqualTo("10.1.1.0/26");
        assertThat(subnet.spec().property("cidr")).isEqualTo("10.1.2.0/26");
        // rta and NAT ref the subnet; the private route refs the NAT: all get new IDs.
        assertThat(actions).containsEntry("network.rta[public-a]", Action.REPLACE)
                .containsEntry("network.nat[a]", Action.REPLACE)
                .containsEntry("network.route[private-default]", Action.REPLACE)
                .containsEntry("network.rta[public-c]", Action.KEEP)
                .containsEntry("network.eip[nat-a]", Action.KEEP)
                .containsEntry("network.route-table[private]", Action.KEEP);
        assertThat(plan.action(NetworkResources.nat("a")).orElseThrow().reason())
                .isEqualTo("refs network.subnet[public-a], which will get a new ID");
        assertThat(plan.count(Action.REPLACE)).isEqualTo(4);
        assertThat(plan.summary()).isEqualTo("Plan: 0 to create, 0 to update, 4 to replace, 17 to keep, 0 to delete.");
        assertOrdered(plan);
    }

    @Test
    void deletions_whenReplacedSubnetWasRenamed_deletesOldDependentsBeforeTheGoneSubnet() {
        // Rename public-a to edge-a: the old subnet is deleted, and the old NAT and rta that
        // ref it must go first even though the NAT is replaced rather than deleted.
        Blueprint demo = BlueprintExample.networkOnly();
        List<SubnetSpec> subnets = new ArrayList<>(demo.section(NetworkSection.KEY).subnets());
        SubnetSpec s = subnets.get(0);
        subnets.set(0, new SubnetSpec("edge-a", s.zone(), s.tier(), s.cidr()));
        Plan plan = Planner.plan(demo.with(NetworkSection.KEY, demo.section(NetworkSection.KEY).withSubnets(subnets)), builtDemo());
        List<String> deletions = plan.deletions().stream().map(a -> a.address().value()).toList();
        assertThat(deletions).contains("network.subnet[public-a]", "network.nat[a]", "network.rta[public-a]",
                "network.route[private-default]");
        assertThat(deletions.indexOf("network.route[private-default]")).isLessThan(deletions.indexOf("network.nat[a]"));
        assertThat(deletions.indexOf("network.nat[a]")).isLessThan(deletions.indexOf("network.subnet[public-a]"));
        assertThat(deletions.indexOf("network.rta[public-a]")).isLessThan(deletions.indexOf("network.subnet[public-a]"));
        assertThat(plan.creations()).extracting(a -> a.address().value())
                .containsSubsequence("network.subnet[edge-a]", "network.nat[a]", "network.route[private-default]");
        assertThat(plan.creations()).noneMatch(a -> a.action() == Action.DELETE || a.action() == Action.KEEP);
    }

    @Test
    void plan_whenRecordFailed_replacesIt() {
        StackState state = builtDemo();
        ResourceRecord igw = state.get(NetworkResources.IGW).orElseThrow();
        Plan plan = Planner.plan(BlueprintExample.networkOnly(), with(state, igw.withStatus(ItemStatus.FAILED, T)));
        PlannedAction action = plan.action(NetworkResources.IGW).orElseThrow();
        assertThat(action.action()).isEqualTo(Action.REPLACE);
        assertThat(action.reason()).contains("failed");
        assertThat(plan.action(NetworkResources.IGW_ATTACHMENT).orElseThrow().action()).isEqualTo(Action.REPLACE);
        assertThat(plan.action(NetworkResources.PUBLIC_DEFAULT_ROUTE).orElseThrow().action()).isEqualTo(Action.REPLACE);
        // The NAT waits on the attachment but does not ref it: it stays.
        assertThat(plan.action(NetworkResources.nat("a")).orElseThrow().action()).isEqualTo(Action.KEEP);
    }

    @Test
    void plan_whenRecordMissingForOneResource_createsItAndReplacesItsRecordedDependents() {
        StackState state = builtDemo();
        Map<Address, ResourceRecord> resources = new HashMap<>(state.resources());
        resources.remove(NetworkResources.natEip("a"));
        Plan plan = Planner.plan(BlueprintExample.networkOnly(), new StackState("demo", resources, Map.of()));
        assertThat(actionsByAddress(plan)).containsEntry("network.eip[nat-a]", Action.CREATE)
                .containsEntry("network.nat[a]", Action.REPLACE).containsEntry("network.route[private-default]", Action.REPLACE);
    }

    @Test
    void plan_whenResourceNoLongerWanted_deletesItDependentsFirst() {
        Blueprint none = BlueprintExample.networkOnly().with(NetworkSection.KEY, BlueprintExample.networkOnly().section(NetworkSection.KEY).withNat(NatMode.NONE));
        Plan plan = Planner.plan(none, builtDemo());
        List<String> deletes = plan.actions().stream().filter(a -> a.action() == Action.DELETE)
                .map(a -> a.address().value()).toList();
        assertThat(deletes).containsExactly("network.route[private-default]", "network.nat[a]", "network.eip[nat-a]");
        assertThat(plan.actions().subList(0, 3)).extracting(PlannedAction::action).containsOnly(Action.DELETE);
        assertThat(plan.actions().get(0).reason()).isEqualTo("no longer in the blueprint");
        assertThat(plan.summary()).isEqualTo("Plan: 0 to create, 0 to update, 0 to replace, 18 to keep, 3 to delete.");
        assertOrdered(plan);
    }

    @Test
    void plan_whenPendingCreateForDesiredAddress_createsSoEngineAdopts() {
        ResourceSpec vpc = NetworkResources.specs(BlueprintExample.networkOnly()).get(0);
        StackState state = new StackState("demo", Map.of(),
                Map.of(vpc.address(), new StackState.PendingIntent("create", vpc, "token-1", null)));
        PlannedAction action = Planner.plan(BlueprintExample.networkOnly(), state).action(vpc.address()).orElseThrow();
        assertThat(action.action()).isEqualTo(Action.CREATE);
        assertThat(action.reason()).contains("adopts");
    }

    @Test
    void plan_whenPendingDeleteOnWantedRecord_replacesIt() {
        StackState built = builtDemo();
        ResourceRecord igw = built.get(NetworkResources.IGW).orElseThrow();
        StackState state = new StackState("demo", built.resources(),
                Map.of(igw.address(), new StackState.PendingIntent("delete", igw.spec(), null, igw.physicalId())));
        PlannedAction action = Planner.plan(BlueprintExample.networkOnly(), state).action(NetworkResources.IGW).orElseThrow();
        assertThat(action.action()).isEqualTo(Action.REPLACE);
        assertThat(action.reason()).isEqualTo("an interrupted delete was journaled");
    }

    @Test
    void plan_whenPendingIntentForUnwantedAddress_deletesIt() {
        ResourceSpec stray = new ResourceSpec(Address.parse("network.subnet[old]"), Ec2Kinds.SUBNET, "ap-northeast-2",
                Map.of("cidr", "10.1.9.0/24"), Map.of("vpc", NetworkResources.VPC), Set.of());
        StackState state = new StackState("demo", Map.of(),
                Map.of(stray.address(), new StackState.PendingIntent("create", stray, "token-2", null)));
        PlannedAction action = Planner.plan(BlueprintExample.networkOnly(), state).action(stray.address()).orElseThrow();
        assertThat(action.action()).isEqualTo(Action.DELETE);
        assertThat(action.current()).isNull();
    }

    @Test
    void plan_whenRecordedAsDeleted_createsAgain() {
        StackState state = builtDemo();
        ResourceRecord vpc = state.get(NetworkResources.VPC).orElseThrow();
        Plan plan = Planner.plan(BlueprintExample.networkOnly(), with(state, vpc.withStatus(ItemStatus.DELETED, T)));
        assertThat(plan.action(NetworkResources.VPC).orElseThrow().action()).isEqualTo(Action.CREATE);
        // Everything refs the VPC directly or through it, except the IGW and the Elastic IP.
        assertThat(plan.count(Action.KEEP)).isEqualTo(2);
    }

    @Test
    void teardown_whenBuilt_deletesEverythingDependentsFirst() {
        Plan plan = Planner.teardown(builtDemo());
        assertThat(plan.kind()).isEqualTo(PlanKind.DESTROY);
        assertThat(plan.actions()).hasSize(21).extracting(PlannedAction::action).containsOnly(Action.DELETE);
        assertThat(plan.summary()).isEqualTo("Plan: 0 to create, 0 to update, 0 to replace, 0 to keep, 21 to delete.");
        assertThat(plan.actions().get(plan.actions().size() - 1).address().value()).isIn("network.vpc", "network.igw", "network.eip[nat-a]");
        assertOrdered(plan);
        List<String> order = plan.actions().stream().map(a -> a.address().value()).toList();
        assertThat(order.indexOf("network.nat[a]")).isLessThan(order.indexOf("network.eip[nat-a]"))
                .isLessThan(order.indexOf("network.igw-attachment"));
        assertThat(order.indexOf("network.igw-attachment")).isLessThan(order.indexOf("network.igw"))
                .isLessThan(order.indexOf("network.vpc"));
    }

    @Test
    void teardown_whenPendingAndDeletedRecords_includesPendingSkipsDeleted() {
        List<ResourceSpec> specs = NetworkResources.specs(BlueprintExample.networkOnly());
        ResourceSpec vpc = specs.get(0);
        ResourceSpec subnet = specs.get(1);
        ResourceSpec igw = specs.get(7);
        StackState state = new StackState("demo",
                Map.of(vpc.address(), record(vpc, ItemStatus.READY), igw.address(), record(igw, ItemStatus.DELETED)),
                Map.of(subnet.address(), new StackState.PendingIntent("create", subnet, "t", null)));
        Plan plan = Planner.teardown(state);
        assertThat(plan.actions()).extracting(a -> a.address().value())
                .containsExactly("network.subnet[public-a]", "network.vpc");
        assertThat(plan.actions().get(0).current()).isNull();
    }

    @Test
    void teardown_whenStateEmpty_isEmptyPlan() {
        Plan plan = Planner.teardown(StackState.empty("demo"));
        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.hasChanges()).isFalse();
        assertThat(plan.summary()).isEqualTo("Plan: 0 to create, 0 to update, 0 to replace, 0 to keep, 0 to delete.");
    }

    @Test
    void teardown_whenRecordsFormCycle_failsNamingTheCycle() {
        Address a = Address.parse("network.route-table[x]");
        Address b = Address.parse("network.route[y]");
        ResourceSpec specA = new ResourceSpec(a, Ec2Kinds.ROUTE_TABLE, "r", Map.of(), Map.of("vpc", b), Set.of());
        ResourceSpec specB = new ResourceSpec(b, Ec2Kinds.ROUTE, "r", Map.of(), Map.of("routeTable", a), Set.of());
        StackState state = new StackState("demo", Map.of(a, record(specA, ItemStatus.READY), b, record(specB, ItemStatus.READY)), Map.of());
        assertThatThrownBy(() -> Planner.teardown(state)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dependency cycle").hasMessageContaining("network.route-table[x]")
                .hasMessageContaining("network.route[y]");
    }

    @Test
    void plan_whenBlueprintTagsChange_updatesEveryTaggableResourceInPlace() {
        Blueprint demo = BlueprintExample.networkOnly();
        Blueprint retagged = new Blueprint(demo.name(), demo.region(), Map.of("team", "data")).with(NetworkSection.KEY, demo.section(NetworkSection.KEY)).with(AccessSection.KEY, demo.section(AccessSection.KEY));

        Plan plan = Planner.plan(retagged, builtDemo());

        long taggable = plan.actions().stream().filter(a -> a.spec().kind().taggable()).count();
        assertThat(plan.count(Action.UPDATE)).isEqualTo(taggable).isPositive();
        assertThat(plan.count(Action.KEEP)).isEqualTo(21 - taggable);
        assertThat(plan.summary()).isEqualTo("Plan: 0 to create, " + taggable + " to update, 0 to replace, "
                + (21 - taggable) + " to keep, 0 to delete.");
        assertThat(plan.updates()).allSatisfy(a -> {
            assertThat(a.changed()).containsExactly(Planner.TAGS);
            assertThat(a.reason()).isEqualTo("tags {} → {team=data}");
            assertThat(a.current()).isNotNull();
        });
    }

    @Test
    void changes_whenInstanceTypeChanges_isInPlaceButImageForcesReplacement() {
        Address host = Address.parse("access.instance[bastion]");
        ResourceSpec was = new ResourceSpec(host, Ec2Kinds.INSTANCE, "eu-west-1",
                Map.of("instanceType", "t3.micro", "imageId", "ami-1", "role", "bastion"), Map.of(), Set.of());
        ResourceSpec bigger = new ResourceSpec(host, Ec2Kinds.INSTANCE, "eu-west-1",
                Map.of("instanceType", "t3.small", "imageId", "ami-1", "role", "bastion"), Map.of(), Set.of());
        ResourceSpec otherImage = new ResourceSpec(host, Ec2Kinds.INSTANCE, "eu-west-1",
                Map.of("instanceType", "t3.small", "imageId", "ami-2", "role", "bastion"), Map.of(), Set.of());

        Planner.Changes resize = Planner.Changes.between(was, bigger);
        Planner.Changes reimage = Planner.Changes.between(was, otherImage);

        assertThat(resize.inPlace()).containsOnlyKeys("instanceType");
        assertThat(resize.forcesReplacement()).isEmpty();
        assertThat(resize.all()).containsExactly("instanceType t3.micro → t3.small");
        assertThat(reimage.forcesReplacement()).containsExactly("imageId ami-1 → ami-2");
    }

    @Test
    void plan_whenInstanceTypeChanges_updatesOnlyTheInstance() {
        Address host = Address.parse("access.instance[bastion]");
        ResourceSpec was = new ResourceSpec(host, Ec2Kinds.INSTANCE, "eu-west-1",
                Map.of("instanceType", "t3.micro", "imageId", "ami-1"), Map.of(), Set.of());
        ResourceSpec bigger = new ResourceSpec(host, Ec2Kinds.INSTANCE, "eu-west-1",
                Map.of("instanceType", "t3.small", "imageId", "ami-1"), Map.of(), Set.of());
        StackState state = stateOf(List.of(was), ItemStatus.READY);

        PlannedAction action = Planner.decide(bigger, state, Map.of());

        assertThat(action.action()).isEqualTo(Action.UPDATE);
        assertThat(action.changed()).containsExactly("instanceType");
        assertThat(action.reason()).isEqualTo("instanceType t3.micro → t3.small");
    }

    @Test
    void plan_whenUpdateWasInterrupted_finishesItEvenIfTheBlueprintWentBack() {
        ResourceSpec vpc = builtDemo().get(NetworkResources.VPC).orElseThrow().spec();
        ResourceSpec retagged = vpc.withTags(Map.of("team", "data"));
        StackState interrupted = new StackState("demo", Map.of(vpc.address(), record(vpc, ItemStatus.UPDATING)),
                Map.of(vpc.address(), new StackState.PendingIntent("update", retagged, null, "id-vpc")));

        PlannedAction forward = Planner.decide(retagged, interrupted, Map.of());
        PlannedAction back = Planner.decide(vpc, interrupted, Map.of());

        assertThat(forward.action()).isEqualTo(Action.UPDATE);
        assertThat(forward.changed()).containsExactly(Planner.TAGS);
        // The tags may already be half-changed in AWS: going back is an update too, not a keep.
        assertThat(back.action()).isEqualTo(Action.UPDATE);
        assertThat(back.changed()).containsExactly(Planner.TAGS);
    }
}
