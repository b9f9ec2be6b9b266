package dev.cairn.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.sandbox.core.Call;
import dev.cairn.sandbox.core.ServiceRegistry;
import dev.cairn.sandbox.core.Timing;
import dev.cairn.sandbox.core.World;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A request's clock is the time it holds the world lock, never earlier than the work before it.
 * Stamped on arrival instead, a request that waited for the lock behind another settled the
 * services at a time before that other request's changes: ECS stopped a task "before" it was
 * launched, and EC2 could not yet see the task's interface to release it.
 */
class SandboxClockTest {
    /** Bounds the probe's wait for the second request, so a broken test cannot hang the build. */
    private static final Duration SECOND_REQUEST_WAIT = Duration.ofSeconds(20);
    /** Time for the second request, counted on arrival, to get past reading its body (where it was stamped). */
    private static final Duration PAST_ARRIVAL = Duration.ofMillis(100);

    private static final AtomicReference<SandboxServer> SERVER = new AtomicReference<>();
    private static final CountDownLatch HOLDING = new CountDownLatch(1);

    private SandboxServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Holds the world lock until another request has arrived; answers its own clock and when it let go. */
    private static ObjectNode holdLock(Call call) {
        long before = SERVER.get().requestCount();
        HOLDING.countDown();
        long deadline = System.nanoTime() + SECOND_REQUEST_WAIT.toNanos();
        try {
            while (SERVER.get().requestCount() == before && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(PAST_ARRIVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("now", call.now());
        out.put("released", System.currentTimeMillis());
        return out;
    }

    private static ObjectNode now(Call call) {
        return JsonNodeFactory.instance.objectNode().put("now", call.now());
    }

    @Test
    void request_thatArrivedWhileAnotherHeldTheLock_isStampedWhenItGetsTheLock() throws Exception {
        server = SandboxServer.start(SandboxConfig.instant(), List.of(PeerProbe.service(
                Map.of("Now", SandboxClockTest::now), Map.of("HoldLock", SandboxClockTest::holdLock))));
        SERVER.set(server);
        String region = SandboxClients.REGION.id();
        CompletableFuture<JsonNode> holder = CompletableFuture.supplyAsync(
                () -> PeerProbe.ask(server, region, "HoldLock", Map.of()));
        assertThat(HOLDING.await(SECOND_REQUEST_WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        JsonNode waited = PeerProbe.ask(server, region, "Now", Map.of());

        JsonNode held = holder.get(SECOND_REQUEST_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(waited.path("now").asLong()).as("the waiting request's clock, against when the lock was let go")
                .isGreaterThanOrEqualTo(held.path("released").asLong());
    }

    @Test
    void stamp_whenTheWallClockGoesBack_keepsTheLastStamp() {
        World world = new World(new ServiceRegistry(List.of()), new Timing(false, 1.0, Duration.ZERO), new Random(1),
                null);
        synchronized (world.lock()) {
            assertThat(world.stamp(1_000)).isEqualTo(1_000);
            assertThat(world.stamp(990)).isEqualTo(1_000);
            assertThat(world.stamp(1_010)).isEqualTo(1_010);
        }
    }
}
