package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.model.Address;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.StackState;
import dev.cairn.model.kinds.AutoScalingKinds;
import dev.cairn.model.kinds.Ec2Kinds;
import dev.cairn.topology.GroupLive;
import dev.cairn.topology.GroupMember;
import dev.cairn.topology.TargetHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The watch over a stack's Auto Scaling groups, with a scripted source and a ticker the test
 * fires: it reads only while the state holds a group, off the delivery thread, hands answers
 * to the diagram, drops answers for a state it no longer follows, and says why a read failed.
 */
class GroupWatchTest {

    static final Address GROUP = Address.of("web", "auto-scaling-group");

    /** A state with the group created (its physical ID its name), or with only a VPC. */
    static StackState state(boolean withGroup) {
        List<ResourceRecord> records = new ArrayList<>();
        records.add(new ResourceRecord(new ResourceSpec(Address.of("network", "vpc"), Ec2Kinds.VPC, "ap-northeast-2",
                Map.of("cidr", "10.0.0.0/16"), Map.of(), Set.of()), "vpc-1", Map.of(), ItemStatus.READY, Instant.EPOCH));
        if (withGroup) {
            records.add(new ResourceRecord(new ResourceSpec(GROUP, AutoScalingKinds.AUTO_SCALING_GROUP, "ap-northeast-2",
                    Map.of("name", "demo-web", "min", "1", "max", "3", "desired", "1"), Map.of(), Set.of()), "demo-web",
                    Map.of(), ItemStatus.READY, Instant.EPOCH));
        }
        java.util.LinkedHashMap<Address, ResourceRecord> byAddress = new java.util.LinkedHashMap<>();
        records.forEach(r -> byAddress.put(r.spec().address(), r));
        return new StackState("demo", byAddress, Map.of());
    }

    static GroupLive live(String... ids) {
        List<GroupMember> members = new ArrayList<>();
        for (String id : ids) {
            members.add(new GroupMember(id, "ap-northeast-2a", "InService", TargetHealth.of("healthy", "", ""), -1));
        }
        return new GroupLive(ids.length, members);
    }

    /** A ticker that remembers its tick and interval, and whether it was stopped. */
    static final class ManualTicker implements GroupWatch.Ticker {
        Runnable tick;
        Duration interval;
        int started;
        int stopped;

        @Override
        public AutoCloseable every(Duration every, Runnable onTick) {
            interval = every;
            tick = onTick;
            started++;
            return () -> stopped++;
        }
    }

    final ManualTicker ticker = new ManualTicker();
    final List<Map<Address, GroupLive>> shown = new ArrayList<>();
    final List<StackState> asked = new ArrayList<>();

    @Test
    void follow_whenStateHasAGroup_readsNowAndEveryIntervalAndShowsTheMembers() {
        List<GroupLive> answers = new ArrayList<>(List.of(live("i-1"), live("i-1", "i-2")));
        GroupWatch watch = new GroupWatch(new CurrentThreadTaskExecutor(), (target, s) -> {
            asked.add(s);
            return Map.of(GROUP, answers.remove(0));
        }, ticker, shown::add);

        watch.follow(TargetChoice.SANDBOX, state(true));
        ticker.tick.run();

        assertThat(ticker.interval).isEqualTo(GroupWatch.POLL_INTERVAL);
        assertThat(ticker.started).isEqualTo(1);
        assertThat(watch.watching()).isTrue();
        assertThat(shown).extracting(m -> m.get(GROUP).members().size()).containsExactly(1, 2);
        assertThat(asked).hasSize(2);
    }

    @Test
    void follow_whenStateHasNoGroup_neitherReadsNorTicksAndClearsTheMembers() {
        GroupWatch watch = new GroupWatch(new CurrentThreadTaskExecutor(), (target, s) -> {
            asked.add(s);
            return Map.of(GROUP, live("i-1"));
        }, ticker, shown::add);
        watch.follow(TargetChoice.SANDBOX, state(true));

        watch.follow(TargetChoice.SANDBOX, state(false));

        assertThat(ticker.stopped).isEqualTo(1);
        assertThat(watch.watching()).isFalse();
        assertThat(shown.get(shown.size() - 1)).isEmpty();
        watch.poll();
        assertThat(asked).hasSize(1);
    }

    @Test
    void poll_whenAReadIsStillOut_skipsTheTick() {
        List<Runnable> pending = new ArrayList<>();
        TaskExecutor deferred = new TaskExecutor() {
            @Override
            public <T> void execute(BackgroundTask<T> task) {
                pending.add(() -> new CurrentThreadTaskExecutor().execute(task));
            }

            @Override
            public void deliver(Runnable action) {
                action.run();
            }
        };
        GroupWatch watch = new GroupWatch(deferred, (target, s) -> Map.of(GROUP, live("i-1")), ticker, shown::add);

        watch.follow(TargetChoice.SANDBOX, state(true));
        ticker.tick.run();
        ticker.tick.run();

        assertThat(pending).as("one read out at a time").hasSize(1);
        pending.remove(0).run();
        ticker.tick.run();
        assertThat(pending).hasSize(1);
        assertThat(shown).hasSize(1);
    }

    @Test
    void poll_whenAnAnswerComesForAStateNoLongerFollowed_dropsIt() {
        List<Runnable> pending = new ArrayList<>();
        TaskExecutor deferred = new TaskExecutor() {
            @Override
            public <T> void execute(BackgroundTask<T> task) {
                pending.add(() -> new CurrentThreadTaskExecutor().execute(task));
            }

            @Override
            public void deliver(Runnable action) {
                action.run();
            }
        };
        GroupWatch watch = new GroupWatch(deferred, (target, s) -> Map.of(GROUP, live("i-old")), ticker, shown::add);
        watch.follow(TargetChoice.SANDBOX, state(true));

        watch.follow(TargetChoice.SANDBOX, state(false));
        pending.forEach(Runnable::run);

        assertThat(shown).containsExactly(Map.of());
    }

    @Test
    void poll_whenTheReadFails_keepsTheLastMembersAndSaysWhy() {
        List<Object> answers = new ArrayList<>(List.of(live("i-1"), new IllegalStateException("connection refused")));
        GroupWatch watch = new GroupWatch(new CurrentThreadTaskExecutor(), (target, s) -> {
            Object next = answers.remove(0);
            if (next instanceof RuntimeException e) {
                throw e;
            }
            return Map.of(GROUP, (GroupLive) next);
        }, ticker, shown::add);

        watch.follow(TargetChoice.SANDBOX, state(true));
        ticker.tick.run();

        assertThat(shown).hasSize(1);
        assertThat(watch.errorProperty().get()).isEqualTo(Problem.of("topology.groups.error", "connection refused"));
        assertThat(new Messages(java.util.Locale.ENGLISH).i18n("topology.groups.error", "connection refused"))
                .startsWith("Could not read the Auto Scaling group's instances: connection refused.");
    }

    @Test
    void topology_whenMembersComeAndGo_keepsEachInItsCell() {
        TopologyViewModel topology = new TopologyViewModel();
        topology.showGroups(Map.of(GROUP, live("i-1", "i-2")));
        topology.showGroups(Map.of(GROUP, live("i-2")));
        topology.showGroups(Map.of(GROUP, live("i-2", "i-3")));

        List<GroupMember> members = topology.groups().get(GROUP).members();
        assertThat(members).extracting(GroupMember::instanceId).containsExactly("i-2", "i-3");
        assertThat(members).extracting(GroupMember::slot).containsExactly(1, 0);
        topology.resetGroups();
        assertThat(topology.groups()).isEmpty();
    }
}
