package dev.cairn.engine;

import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.Tags;
import dev.cairn.model.kinds.ResourceKinds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * An in-memory cloud, strict where AWS is: a second live resource at one stack address is
 * rejected (so a twin fails the test loudly), a resource something live still refers to cannot
 * be deleted (DependencyViolation), and every call is counted.
 */
final class FakeCloud {

    static final class Resource {
        final String id;
        final ResourceKind kind;
        final String region;
        final Map<String, String> tags;
        final Set<String> refIds;
        volatile int pollsUntilReady;

        Resource(String id, ResourceKind kind, String region, Map<String, String> tags, Set<String> refIds, int polls) {
            this.id = id;
            this.kind = kind;
            this.region = region;
            this.tags = tags;
            this.refIds = refIds;
            this.pollsUntilReady = polls;
        }

        String address() {
            return tags.get(Tags.ADDRESS);
        }

        String stack() {
            return tags.get(Tags.STACK);
        }
    }

    final Map<String, Resource> live = new ConcurrentHashMap<>();
    final AtomicLong calls = new AtomicLong();
    final AtomicInteger creates = new AtomicInteger();
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    /** Address → how many more create calls throw the retryable error. */
    final Map<String, AtomicInteger> retryableCreates = new ConcurrentHashMap<>();
    final Map<String, String> retryableCode = new ConcurrentHashMap<>();
    /** Address → how many more delete calls throw DependencyViolation. */
    final Map<String, AtomicInteger> retryableDeletes = new ConcurrentHashMap<>();
    /** Address → the message its create fails with. */
    final Map<String, String> failingCreates = new ConcurrentHashMap<>();
    /** Address → the message awaitReady fails with. */
    final Map<String, String> failingReady = new ConcurrentHashMap<>();
    /** Polls a new resource stays pending, per kind. */
    final Map<ResourceKind, Integer> pollsToReady = new ConcurrentHashMap<>();
    /** Called at the start of every create with the address. */
    volatile Consumer<String> beforeCreate = a -> {};
    /** Milliseconds every create sleeps (for parallel timing). */
    volatile long createDelayMillis;
    /** Address → how many delete steps answer PENDING (emptying, draining) before the delete is accepted. */
    final Map<String, AtomicInteger> deleteSteps = new ConcurrentHashMap<>();
    /** Addresses whose create makes the resource, then loses the answer (a timeout after the call was sent). */
    final Set<String> ambiguousCreates = ConcurrentHashMap.newKeySet();
    /** Address → the stranger that holds the name it needs. */
    final Map<String, String> takenNames = new ConcurrentHashMap<>();
    /** Address → a further mutating call its first readiness poll makes through the handler context. */
    final Map<String, String> callsWhileWaiting = new ConcurrentHashMap<>();
    /**
     * Milliseconds a readiness poll of this kind blocks inside the handler before it answers
     * ready: a handler that waits itself, holding its worker slot (the shape the engine avoids).
     */
    final Map<ResourceKind, Long> blockingReadyMillis = new ConcurrentHashMap<>();
    /** Handler calls running right now, and the most there ever were at once. */
    final AtomicInteger working = new AtomicInteger();
    final AtomicInteger peakWorking = new AtomicInteger();
    /** Resources whose readiness poll said pending and that are not ready yet, and the most at once. */
    final Set<String> waiting = ConcurrentHashMap.newKeySet();
    final AtomicInteger peakWaiting = new AtomicInteger();
    /**
     * When set, {@code find} answers from one listing per kind and region through
     * {@link HandlerContext#snapshot} (as the AWS handlers do), counted in {@link #listings}, and
     * records per attempt whether its context shared the run's listings ({@link #findShared}).
     */
    volatile boolean findsFromListings;
    /** Listing key ("KIND region") → how many times it was loaded. */
    final Map<String, AtomicInteger> listings = new ConcurrentHashMap<>();
    /** Address → per find attempt, whether the context shared the run's listings. */
    final Map<String, List<Boolean>> findShared = new ConcurrentHashMap<>();
    /** Address → how many more finds throw a retryable error. */
    final Map<String, AtomicInteger> retryableFinds = new ConcurrentHashMap<>();
    /** Calls by {@link CallSite#current()} when each was made. */
    final Map<String, AtomicLong> callsBySite = new ConcurrentHashMap<>();
    /** Called at every readiness poll with the address. */
    volatile Consumer<String> onReadyPoll = a -> {};
    final List<String> createOrder = java.util.Collections.synchronizedList(new ArrayList<>());
    final List<String> deleteOrder = java.util.Collections.synchronizedList(new ArrayList<>());

    synchronized Resource put(ResourceKind kind, String region, Map<String, String> tags, Set<String> refIds, String token) {
        if (token != null && tokens.containsKey(token) && live.containsKey(tokens.get(token))) {
            return live.get(tokens.get(token));
        }
        String address = tags.get(Tags.ADDRESS);
        for (Resource r : live.values()) {
            if (address != null && address.equals(r.address()) && tags.get(Tags.STACK).equals(r.stack())) {
                throw new IllegalStateException("twin: " + address + " already exists as " + r.id);
            }
        }
        String id = prefix(kind) + "-" + String.format("%04d", ids.incrementAndGet());
        Resource r = new Resource(id, kind, region, new LinkedHashMap<>(tags), refIds, pollsToReady.getOrDefault(kind, 1));
        live.put(id, r);
        if (token != null) {
            tokens.put(token, id);
        }
        creates.incrementAndGet();
        return r;
    }

    Optional<Resource> find(String stack, String address) {
        return live.values().stream().filter(r -> address.equals(r.address()) && stack.equals(r.stack())).findFirst();
    }

    long count(String address) {
        return live.values().stream().filter(r -> address.equals(r.address())).count();
    }

    synchronized void remove(String id) {
        Resource r = live.get(id);
        if (r == null) {
            return;
        }
        // Like AWS, untaggable parts (routes, associations) go with their parent and never block it.
        for (Resource other : List.copyOf(live.values())) {
            if (other.refIds.contains(id) && !other.kind.taggable()) {
                live.remove(other.id);
            }
        }
        for (Resource other : live.values()) {
            if (other.refIds.contains(id)) {
                throw new RetryableException("DependencyViolation",
                        "The " + r.kind.label() + " '" + id + "' has dependencies and cannot be deleted: " + other.id, null);
            }
        }
        live.remove(id);
        deleteOrder.add(r.address() == null ? id : r.address());
    }

    private void count() {
        calls.incrementAndGet();
        callsBySite.computeIfAbsent(CallSite.current(), k -> new AtomicLong()).incrementAndGet();
    }

    Map<String, Long> callsBySite() {
        Map<String, Long> copy = new HashMap<>();
        callsBySite.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /** The fake ID prefix of a kind: its scan word, or its wire name in lower case. */
    static String prefix(ResourceKind kind) {
        return kind.wireName().toLowerCase(java.util.Locale.ROOT).replace("_", "");
    }

    /** The word the EC2 tag scan reports a kind by, or null for an untaggable kind. */
    static String resourceType(ResourceKind kind) {
        return kind.scanType().orElse(null);
    }

    /** A handler per kind, all backed by this cloud. */
    Map<ResourceKind, ResourceHandler> handlers() {
        Map<ResourceKind, ResourceHandler> map = new HashMap<>();
        for (ResourceKind k : ResourceKinds.all()) {
            map.put(k, new Handler(k));
        }
        return map;
    }

    /** Lists live taggable resources of a stack, as the EC2 tag scan would. */
    TagScanner scanner() {
        return (stack, regions) -> {
            count();
            List<TagScanner.TaggedResource> out = new ArrayList<>();
            live.values().stream().filter(r -> stack.equals(r.stack()) && r.kind.taggable() && regions.contains(r.region))
                    .forEach(r -> {
                        String type = r.tags.getOrDefault("fake:type", resourceType(r.kind));
                        ResourceKind kind = ResourceKinds.all().stream()
                                .filter(k -> k.scanType().filter(type::equals).isPresent()).findFirst().orElse(null);
                        out.add(new TagScanner.TaggedResource(r.region, type, kind, r.id,
                                r.tags.getOrDefault(Tags.ADDRESS, ""), "available"));
                    });
            return out;
        };
    }

    private final class Handler implements ResourceHandler {
        private final ResourceKind kind;

        Handler(ResourceKind kind) {
            this.kind = kind;
        }

        @Override
        public ResourceKind kind() {
            return kind;
        }

        private void enter() {
            count();
            peakWorking.accumulateAndGet(working.incrementAndGet(), Math::max);
        }

        private void leave() {
            working.decrementAndGet();
        }

        @Override
        public Found find(HandlerContext ctx, ResolvedSpec spec) {
            String stranger = takenNames.get(spec.address().value());
            if (findsFromListings) {
                return findFromListing(ctx, spec);
            }
            count();
            if (stranger != null) {
                return Found.taken(stranger);
            }
            return Found.ofOptional(FakeCloud.this.find(ctx.stack(), spec.address().value()).map(r -> LiveResource.of(r.id)));
        }

        private Found findFromListing(HandlerContext ctx, ResolvedSpec spec) {
            String address = spec.address().value();
            // Two reads of a key only this address uses: a shared context loads it once, one without loads twice.
            AtomicInteger probe = new AtomicInteger();
            ctx.snapshot("probe " + address, probe::incrementAndGet);
            ctx.snapshot("probe " + address, probe::incrementAndGet);
            findShared.computeIfAbsent(address, a -> java.util.Collections.synchronizedList(new ArrayList<>())).add(probe.get() == 1);
            AtomicInteger retries = retryableFinds.get(address);
            if (retries != null && retries.getAndDecrement() > 0) {
                throw new RetryableException("RequestLimitExceeded", "throttled", null);
            }
            String key = kind.wireName() + " " + spec.region();
            Map<String, String> byAddress = ctx.snapshot(key, () -> {
                count();
                listings.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                Map<String, String> m = new HashMap<>();
                live.values().stream().filter(r -> r.kind == kind && ctx.stack().equals(r.stack()) && spec.region().equals(r.region))
                        .forEach(r -> m.put(r.address(), r.id));
                return m;
            });
            String id = byAddress.get(address);
            return id == null ? Found.absent() : Found.ours(LiveResource.of(id));
        }

        @Override
        public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
            count();
            String address = spec.address().value();
            beforeCreate.accept(address);
            AtomicInteger retries = retryableCreates.get(address);
            if (retries != null && retries.getAndDecrement() > 0) {
                throw new RetryableException(retryableCode.getOrDefault(address, "InvalidVpcID.NotFound"),
                        "waiting for the VPC of " + address + " to be visible", null);
            }
            String failure = failingCreates.get(address);
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
            if (createDelayMillis > 0) {
                try {
                    Thread.sleep(createDelayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Set<String> refIds = new java.util.HashSet<>();
            spec.refs().values().forEach(rec -> refIds.add(rec.physicalId()));
            Resource r = put(kind, spec.region(), spec.tags(), refIds, clientToken);
            createOrder.add(address);
            if (ambiguousCreates.remove(address)) {
                throw new OutcomeUnknownException("no answer from the fake cloud (read timed out)", null);
            }
            return new LiveResource(r.id, Map.of("region", spec.region()), "pending");
        }

        @Override
        public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
            enter();
            try {
                return ready(ctx, spec, resource);
            } finally {
                leave();
            }
        }

        private Poll ready(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
            onReadyPoll.accept(spec.address().value());
            Long blocking = blockingReadyMillis.get(kind);
            if (blocking != null) {
                try {
                    Thread.sleep(blocking);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Poll.done(LiveResource.of(resource.physicalId()));
            }
            String action = callsWhileWaiting.remove(spec.address().value());
            if (action != null) {
                ctx.mutating(action, () -> { });
            }
            String failure = failingReady.get(spec.address().value());
            if (failure != null) {
                return Poll.failed(failure);
            }
            Resource r = live.get(resource.physicalId());
            if (r == null) {
                return Poll.failed(resource.physicalId() + " disappeared");
            }
            if (r.pollsUntilReady-- > 1) {
                waiting.add(r.id);
                peakWaiting.accumulateAndGet(waiting.size(), Math::max);
                return Poll.pending(kind.label() + " is pending");
            }
            waiting.remove(r.id);
            return Poll.done(new LiveResource(r.id, Map.of("state", "available"), "available"));
        }

        @Override
        public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
            count();
            return Optional.ofNullable(live.get(record.physicalId())).map(r -> LiveResource.of(r.id));
        }

        @Override
        public Poll delete(HandlerContext ctx, ResourceRecord record) {
            count();
            AtomicInteger retries = retryableDeletes.get(record.address().value());
            if (retries != null && retries.getAndDecrement() > 0) {
                throw new RetryableException("DependencyViolation",
                        "waiting for the network interfaces of " + record.physicalId() + " to drain", null);
            }
            AtomicInteger steps = deleteSteps.get(record.address().value());
            if (steps != null && steps.getAndDecrement() > 0) {
                return Poll.pending("emptying " + record.physicalId() + " (" + (steps.get() + 1) + " pages left)");
            }
            remove(record.physicalId());
            return Poll.done();
        }

        @Override
        public Poll update(HandlerContext ctx, ResolvedSpec spec, ResourceRecord current, Set<String> changed) {
            count();
            Resource r = live.get(current.physicalId());
            if (r == null) {
                return Poll.failed(current.physicalId() + " is gone");
            }
            if (!changed.equals(Set.of(TAGS))) {
                throw new IllegalStateException("the fake cloud updates tags only, not " + changed);
            }
            synchronized (r.tags) {
                r.tags.clear();
                r.tags.putAll(spec.tags());
            }
            return Poll.done(LiveResource.of(r.id));
        }

        @Override
        public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
            count();
            return live.containsKey(record.physicalId()) ? Poll.pending("still there") : Poll.done();
        }
    }
}
