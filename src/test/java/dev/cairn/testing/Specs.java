package dev.cairn.testing;

import dev.cairn.engine.Found;
import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.model.Address;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.Tags;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/** Builds specs and records the way the planner and engine would, for handler tests. */
public final class Specs {
    private Specs() {}

    /** A handler context whose progress messages (in English) are kept for assertions. */
    public static HandlerContext context(String stack, List<String> said) {
        return HandlerContext.unjournaled(stack, HandlerContext.UNKNOWN_ACCOUNT, "aws", m -> said.add(m.english()));
    }

    /** What a find found, as the tests read it: the resource when it is ours, empty when absent. */
    public static Optional<LiveResource> ours(Found found) {
        if (found instanceof Found.Taken taken) {
            throw new AssertionError("expected ours or absent, found a stranger's: " + taken.what());
        }
        return found instanceof Found.Ours o ? Optional.of(o.resource()) : Optional.empty();
    }

    public static HandlerContext context(String stack) {
        return context(stack, new CopyOnWriteArrayList<>());
    }

    /** A resolved spec with the standard tags, refs resolved to the given records. */
    public static ResolvedSpec resolved(String stack, String region, ResourceKind kind, String address,
            Map<String, String> properties, Map<String, ResourceRecord> refs) {
        Address a = Address.parse(address);
        Map<String, Address> refAddresses = new LinkedHashMap<>();
        refs.forEach((name, record) -> refAddresses.put(name, record.address()));
        ResourceSpec spec = new ResourceSpec(a, kind, region, properties, refAddresses, Set.of());
        return new ResolvedSpec(spec, refs, Tags.forResource(stack, a, Map.of("team", "cairn-tests")));
    }

    /** The record the engine would keep for a resource that became ready. */
    public static ResourceRecord record(ResolvedSpec spec, LiveResource live) {
        return new ResourceRecord(spec.spec(), live.physicalId(), live.attributes(), ItemStatus.READY, Instant.now());
    }

    /**
     * Polls until DONE or FAILED, as the engine would (without its backoff); fails the test
     * with the last message when the timeout passes.
     */
    public static Poll poll(Supplier<Poll> poll, Duration timeout) {
        return poll(poll, timeout, Duration.ofMillis(200));
    }

    /** As {@link #poll(Supplier, Duration)}, pausing {@code interval} between polls. */
    public static Poll poll(Supplier<Poll> poll, Duration timeout, Duration interval) {
        Instant deadline = Instant.now().plus(timeout);
        Poll last = null;
        while (Instant.now().isBefore(deadline)) {
            last = poll.get();
            if (last.outcome() != Poll.Outcome.PENDING) {
                return last;
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("still pending after " + timeout + ": " + (last == null ? "" : last.message()));
    }
}
