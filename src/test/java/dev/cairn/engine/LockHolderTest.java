package dev.cairn.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockHolderTest {

    @TempDir
    Path tmp;

    @Test
    void stale_whenHeartbeatOlderThanTheWindow_onAFakeClock() {
        FakeTime clock = new FakeTime();
        LockHolder holder = LockHolder.forThisProcess("apply", clock);
        assertThat(holder.stale(clock.instant())).isFalse();
        clock.advance(LockHolder.STALE_AFTER);
        assertThat(holder.stale(clock.instant())).as("exactly at the window").isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(holder.stale(clock.instant())).isTrue();
        assertThat(holder.withHeartbeat(clock.instant()).stale(clock.instant())).isFalse();
    }

    @Test
    void stale_whenItsProcessOnThisHostIsGone_evenWithAFreshHeartbeat() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Instant now = Instant.now();
        LockHolder gone = new LockHolder("id", "alice", LockHolder.thisHost(), p.pid(), "apply", now, now);
        assertThat(gone.stale(now)).isTrue();
        LockHolder elsewhere = new LockHolder("id", "alice", "another-host", p.pid(), "apply", now, now);
        assertThat(elsewhere.stale(now)).as("another host's pid cannot be checked").isFalse();
        LockHolder alive = new LockHolder("id", "alice", LockHolder.thisHost(), ProcessHandle.current().pid(), "apply", now, null);
        assertThat(alive.stale(now.plus(Duration.ofDays(1)))).as("a local lock has no heartbeat").isFalse();
    }

    @Test
    void json_roundTripsAndHoldsNothingSecret() throws Exception {
        LockHolder h = LockHolder.forThisProcess("destroy", java.time.Clock.systemUTC());
        String json = new String(h.toJson(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(LockHolder.fromJson(h.toJson())).isEqualTo(h);
        assertThat(json).contains("\"command\" : \"destroy\"").doesNotContainIgnoringCase("secret").doesNotContain("AKIA");
    }

    @Test
    void localOpen_withLockTimeout_waitsForTheHolderThenTakesIt() throws Exception {
        Path dir = tmp.resolve("demo");
        LocalStackStore first = LocalStackStore.open(dir, "demo", java.time.Clock.systemUTC(), LockRequest.of("apply"));
        assertThat(Files.readString(dir.resolve(LocalStackStore.LOCK_FILE))).contains("\"command\" : \"apply\"");
        CompletableFuture<Void> release = CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(1000);
                first.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThatThrownBy(() -> LocalStackStore.open(dir, "demo", java.time.Clock.systemUTC(), LockRequest.of("plan")))
                .isInstanceOf(StackLockedException.class);
        try (LocalStackStore second = LocalStackStore.open(dir, "demo", java.time.Clock.systemUTC(),
                LockRequest.of("destroy").waiting(Duration.ofSeconds(20)))) {
            assertThat(release).isDone();
            assertThat(second.holder().orElseThrow().command()).isEqualTo("destroy");
        }
        assertThat(Files.readString(dir.resolve(LocalStackStore.LOCK_FILE))).as("no holder after close").isEmpty();
    }

    @Test
    void localOpen_whenMoved_isRefusedNamingTheNewPlaceUnlessIgnored() throws Exception {
        Path dir = tmp.resolve("demo");
        try (LocalStackStore store = LocalStackStore.open(dir, "demo", java.time.Clock.systemUTC(), LockRequest.of("migrate"))) {
            store.writeFile(StackStore.MOVED_FILE, new StackStore.MovedMarker("s3://team-state/x", Instant.now(), 3).toJson());
        }
        assertThatThrownBy(() -> LocalStackStore.open(dir, "demo", java.time.Clock.systemUTC(), LockRequest.of("apply")))
                .isInstanceOfSatisfying(StackMovedException.class, e -> assertThat(e.movedTo()).isEqualTo("s3://team-state/x"))
                .hasMessageContaining("--state s3://team-state/x");
        try (LocalStackStore store = LocalStackStore.open(dir, "demo", java.time.Clock.systemUTC(),
                LockRequest.of("migrate").ignoringMoved())) {
            assertThat(store.sideFiles()).containsExactly(StackStore.MOVED_FILE);
        }
    }
}
