package dev.cairn.engine;

import static dev.cairn.engine.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.model.Address;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.StackState;
import dev.cairn.model.kinds.Ec2Kinds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackStoreTest {

    @TempDir
    Path tmp;

    private final ResourceSpec vpc = spec("network.vpc", Ec2Kinds.VPC);
    private final ResourceSpec subnet = spec("network.subnet[app-a]", Ec2Kinds.SUBNET, "vpc", "network.vpc");

    @Test
    void open_whenJournalHasOutcomes_rebuildsStateAndPending() throws Exception {
        Path dir = tmp.resolve("demo");
        try (StackStore store = LocalStackStore.open(dir)) {
            store.append(JournalEntry.intent(JournalEntry.CREATE, vpc, "tok-1", null));
            store.append(JournalEntry.outcome(JournalEntry.CREATE, JournalEntry.CREATED, vpc, "vpc-1", Map.of("a", "1"), null));
            store.append(JournalEntry.outcome(JournalEntry.CREATE, JournalEntry.READY, vpc, "vpc-1", Map.of("b", "2"), null));
            store.append(JournalEntry.intent(JournalEntry.CREATE, subnet, "tok-2", null));
        }
        try (StackStore store = LocalStackStore.open(dir)) {
            StackState state = store.state();
            assertThat(state.stack()).isEqualTo("demo");
            assertThat(state.get(vpc.address()).orElseThrow().status()).isEqualTo(ItemStatus.READY);
            assertThat(state.get(vpc.address()).orElseThrow().attributes()).containsEntry("a", "1").containsEntry("b", "2");
            assertThat(state.pending()).containsOnlyKeys(subnet.address());
            assertThat(state.pending().get(subnet.address()).clientToken()).isEqualTo("tok-2");
            assertThat(state.pending().get(subnet.address()).spec()).isEqualTo(subnet);
            assertThat(store.journalEntries()).extracting(JournalEntry::seq).containsExactly(1L, 2L, 3L, 4L);

            StackState fromFile = StackStore.readStateFile(dir.resolve(StackStore.STATE_FILE));
            assertThat(fromFile).isEqualTo(state);
        }
    }

    @Test
    void open_whenLastLineTorn_ignoresItAndNextAppendStartsOnItsOwnLine() throws Exception {
        Path dir = tmp.resolve("demo");
        try (StackStore store = LocalStackStore.open(dir)) {
            store.append(JournalEntry.outcome(JournalEntry.CREATE, JournalEntry.READY, vpc, "vpc-1", Map.of(), null));
        }
        Files.writeString(dir.resolve(StackStore.JOURNAL_FILE), "{\"seq\":2,\"type\":\"intent\",\"addr",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (StackStore store = LocalStackStore.open(dir)) {
            assertThat(store.state().resources()).containsOnlyKeys(vpc.address());
            assertThat(store.state().pending()).isEmpty();
            store.append(JournalEntry.intent(JournalEntry.DELETE, vpc, null, "vpc-1"));
        }
        List<String> lines = Files.readAllLines(dir.resolve(StackStore.JOURNAL_FILE));
        assertThat(lines).hasSize(2);
        try (StackStore store = LocalStackStore.open(dir)) {
            assertThat(store.state().pending()).containsOnlyKeys(vpc.address());
            assertThat(store.state().get(vpc.address()).orElseThrow().status()).isEqualTo(ItemStatus.DELETING);
        }
    }

    @Test
    void read_whenMiddleLineDamaged_fails() throws Exception {
        Path file = tmp.resolve("journal.jsonl");
        Files.writeString(file, "not json\n{\"seq\":1}\n");
        assertThatThrownBy(() -> Journal.read(file, StackStore.mapper())).hasMessageContaining("line 1");
    }

    @Test
    void open_whenStackAlreadyOpen_failsNamingTheHolderPid() throws Exception {
        Path dir = tmp.resolve("demo");
        try (StackStore first = LocalStackStore.open(dir)) {
            assertThatThrownBy(() -> LocalStackStore.open(dir)).isInstanceOf(StackLockedException.class)
                    .hasMessageContaining("demo").hasMessageContaining("pid " + ProcessHandle.current().pid());
        }
        try (StackStore again = LocalStackStore.open(dir)) {
            assertThat(again.stack()).isEqualTo("demo");
        }
    }

    @Test
    void open_onPosix_makesFolderAndFilesOwnerOnly() throws Exception {
        Path dir = tmp.resolve("demo");
        try (StackStore store = LocalStackStore.open(dir)) {
            store.append(JournalEntry.intent(JournalEntry.CREATE, vpc, "t", null));
        }
        if (Permissions.posix()) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
            for (String f : List.of(StackStore.JOURNAL_FILE, StackStore.STATE_FILE, LocalStackStore.LOCK_FILE)) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(f)))).as(f).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void defaultDir_whenHomePropertySet_isUnderIt() {
        String old = System.getProperty(StackStore.HOME_PROPERTY);
        System.setProperty(StackStore.HOME_PROPERTY, tmp.toString());
        try {
            assertThat(StackStore.defaultDir("demo")).isEqualTo(tmp.resolve("stacks").resolve("demo"));
        } finally {
            if (old == null) {
                System.clearProperty(StackStore.HOME_PROPERTY);
            } else {
                System.setProperty(StackStore.HOME_PROPERTY, old);
            }
        }
    }

    @Test
    void append_writesOnlySpecIdsAndAttributes() throws Exception {
        Path dir = tmp.resolve("demo");
        try (StackStore store = LocalStackStore.open(dir)) {
            store.append(JournalEntry.outcome(JournalEntry.CREATE, JournalEntry.CREATED, subnet, "subnet-1",
                    Map.of("zone", "a"), null));
        }
        String line = Files.readAllLines(dir.resolve(StackStore.JOURNAL_FILE)).get(0);
        assertThat(StackStore.mapper().readTree(line).fieldNames()).toIterable().containsExactlyInAnyOrder(
                "seq", "at", "type", "op", "outcome", "address", "kind", "region", "properties", "refs", "deps",
                "tags", "physicalId", "attributes");
        assertThat(line).contains("\"refs\":{\"vpc\":\"network.vpc\"}");
    }

    @Test
    void newClientToken_isRandomAndFitsEc2sLimit() {
        // A token derived from stack and address would repeat after the stack is built again, and
        // AWS would answer the new create with the old, deleted resource.
        assertThat(Engine.newClientToken()).isNotEqualTo(Engine.newClientToken()).hasSizeLessThanOrEqualTo(64)
                .matches("[\\x21-\\x7e]+");
    }
}
