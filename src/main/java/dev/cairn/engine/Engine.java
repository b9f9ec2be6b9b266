package dev.cairn.engine;

import dev.cairn.model.Address;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.StackState;
import dev.cairn.model.Tags;
import dev.cairn.model.kinds.ResourceKinds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies and tears down a stack's resources: walks the steps in dependency order in parallel,
 * journals an intent before every mutating call and its outcome after it, waits with backoff
 * (without holding a worker slot), retries transient errors within bounded windows, and reports
 * every status change as a {@link ResourceEvent}.
 *
 * <p>Guarantees: an intent is on disk before its call; a create always looks for an existing
 * resource first ({@link ResourceHandler#find}), so a killed run or a lost state folder never
 * leads to a twin, and a name held by something Cairn did not create stops the resource instead
 * of adopting it; a call whose outcome is unknown (a timeout, a lost connection) leaves its intent
 * open for the next run to resolve by looking; a failure skips what depends on it and is reported
 * once, at its root; a cancelled run leaves records creating/updating/deleting for the next run to
 * resume.
 *
 * <p>One engine serves one run at a time (the store's lock keeps other processes out).
 */
public final class Engine {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    private final Map<ResourceKind, ResourceHandler> handlers;
    private final StackStore store;
    private final EngineOptions options;
    private final EngineListener listener;

    /**
     * @param handlers one handler per kind the runs will touch
     * @param store the open store of the stack (its lock held)
     */
    public Engine(Map<ResourceKind, ResourceHandler> handlers, StackStore store, EngineOptions options, EngineListener listener) {
        this.handlers = Map.copyOf(handlers);
        this.store = Objects.requireNonNull(store, "store");
        this.options = Objects.requireNonNull(options, "options");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** The identity of one node of a run: an operation on an address. */
    public record NodeId(Step.Operation op, Address address) {
        @Override
        public String toString() {
            return op.name().toLowerCase(Locale.ROOT) + " " + address;
        }
    }

    /**
     * Creates, updates, keeps (waiting for it if it was left creating) and deletes resources. A
     * dependency not in {@code steps} must be READY in state. Pending intents the steps do not
     * cover are healed first.
     *
     * @throws IllegalArgumentException before anything runs, when the steps are inconsistent
     *     (two steps of one kind for an address, or a dependency neither in the run nor ready)
     * @throws InterruptedException if the calling thread is interrupted while waiting for the walk
     */
    public RunResult apply(List<Step> steps, CancellationToken cancel) throws InterruptedException {
        Run run = new Run(cancel);
        Map<NodeId, Node> nodes = new LinkedHashMap<>();
        for (Step step : steps) {
            Address address = step.spec().address();
            NodeId id = new NodeId(step.op(), address);
            // At most one delete and one create, update or keep per address (a replace is a delete and a create).
            boolean taken = step.op() == Step.Operation.DELETE
                    ? nodes.containsKey(id)
                    : livingNode(nodes, address) != null;
            if (taken) {
                throw new IllegalArgumentException("two steps for " + address + " in one run");
            }
            nodes.put(id, new Node(id, step));
        }
        Map<NodeId, Set<NodeId>> graph = applyGraph(nodes);
        for (Node n : nodes.values()) {
            requireHandler(n.kind());
        }
        healUncovered(run, nodes.keySet(), false);
        return walk(run, nodes, graph, false, null, Set.of());
    }

    /** The create, update or keep node of an address, or null. */
    private static NodeId livingNode(Map<NodeId, ?> nodes, Address address) {
        for (Step.Operation op : List.of(Step.Operation.CREATE, Step.Operation.UPDATE, Step.Operation.KEEP)) {
            NodeId id = new NodeId(op, address);
            if (nodes.containsKey(id)) {
                return id;
            }
        }
        return null;
    }

    private Map<NodeId, Set<NodeId>> applyGraph(Map<NodeId, Node> nodes) {
        StackState state = store.state();
        Map<NodeId, Set<NodeId>> graph = new LinkedHashMap<>();
        for (Node n : nodes.values()) {
            Set<NodeId> deps = new LinkedHashSet<>();
            Address address = n.id.address();
            if (n.id.op() == Step.Operation.DELETE) {
                // Delete after everything being deleted that depended on this resource.
                for (Node other : nodes.values()) {
                    if (other.id.op() == Step.Operation.DELETE && other != n
                            && other.spec().dependencies().contains(address)) {
                        deps.add(other.id);
                    }
                }
            } else {
                NodeId deleteFirst = new NodeId(Step.Operation.DELETE, address);
                if (n.id.op() == Step.Operation.CREATE && nodes.containsKey(deleteFirst)) {
                    deps.add(deleteFirst);
                }
                for (Address dep : n.spec().dependencies()) {
                    NodeId living = livingNode(nodes, dep);
                    if (living != null) {
                        deps.add(living);
                    } else if (!nodes.containsKey(new NodeId(Step.Operation.DELETE, dep))
                            && state.get(dep).map(r -> r.status() == ItemStatus.READY).orElse(false)) {
                        continue;
                    } else {
                        throw new IllegalArgumentException(address + " depends on " + dep
                                + ", which is neither in this run nor ready in state");
                    }
                }
            }
            graph.put(n.id, deps);
        }
        return graph;
    }

    /**
     * Deletes everything the stack has: the given steps, every record state still holds, and
     * every resource marked with the stack that state does not know (found by {@code scanner} in
     * {@code regions}). Resources found only by the scan are ordered by their kinds' dependency
     * graph ({@link ResourceKinds#dependsOn}). Ends with a second scan;
     * {@link RunResult#remaining()} lists what is still marked, and the run succeeds only when
     * that is empty.
     *
     * @throws IllegalArgumentException when a step is not a DELETE
     * @throws InterruptedException if the calling thread is interrupted while waiting for the walk
     */
    public RunResult destroy(List<Step> deleteSteps, TagScanner scanner, Set<String> regions, CancellationToken cancel)
            throws InterruptedException {
        Run run = new Run(cancel);
        Map<NodeId, Node> nodes = new LinkedHashMap<>();
        for (Step step : deleteSteps) {
            if (step.op() != Step.Operation.DELETE) {
                throw new IllegalArgumentException("destroy takes DELETE steps only, not " + step.op() + " " + step.spec().address());
            }
            NodeId id = new NodeId(Step.Operation.DELETE, step.spec().address());
            if (nodes.put(id, new Node(id, step)) != null) {
                throw new IllegalArgumentException("two steps for " + id.address() + " in one run");
            }
        }
        // A pending create may have made a resource: find it first so it is deleted with the rest.
        // Pending deletes become nodes below, so they run in teardown order.
        healUncovered(run, Set.of(), true);
        StackState state = store.state();
        for (ResourceRecord r : state.resources().values()) {
            nodes.putIfAbsent(new NodeId(Step.Operation.DELETE, r.address()),
                    new Node(new NodeId(Step.Operation.DELETE, r.address()), Step.delete(r)));
        }
        for (StackState.PendingIntent p : state.pending().values()) {
            NodeId id = new NodeId(Step.Operation.DELETE, p.spec().address());
            if (!nodes.containsKey(id) && p.physicalId() != null) {
                nodes.put(id, new Node(id, Step.delete(new ResourceRecord(p.spec(), p.physicalId(), Map.of(),
                        ItemStatus.DELETING, options.clock().instant()))));
            }
        }
        Set<NodeId> orphans = addOrphans(nodes,
                CallSite.during(CallSite.key("*", CallSite.Phase.SCAN), () -> scanner.scan(store.stack(), regions)));
        for (Node n : nodes.values()) {
            requireHandler(n.kind());
        }
        Map<NodeId, Set<NodeId>> graph = new LinkedHashMap<>();
        for (Node n : nodes.values()) {
            Set<NodeId> deps = new LinkedHashSet<>();
            if (!orphans.contains(n.id)) {
                for (Address dep : n.spec().dependencies()) {
                    NodeId d = new NodeId(Step.Operation.DELETE, dep);
                    if (nodes.containsKey(d) && !orphans.contains(d)) {
                        deps.add(d);
                    }
                }
            }
            graph.put(n.id, deps);
        }
        // Walked in reverse, "n depends on o" means n is deleted before o. An orphan's refs are
        // unknown, so its place comes from its kind: after every resource whose kind depends on
        // it (an instance before the subnet, the subnet before the VPC), before every resource
        // its kind depends on.
        for (NodeId o : orphans) {
            ResourceKind orphanKind = nodes.get(o).kind();
            for (Node n : nodes.values()) {
                if (n.id.equals(o)) {
                    continue;
                }
                if (ResourceKinds.dependsOn(n.kind(), orphanKind)) {
                    graph.get(n.id).add(o);
                } else if (ResourceKinds.dependsOn(orphanKind, n.kind())) {
                    graph.get(o).add(n.id);
                }
            }
        }
        return walk(run, nodes, graph, true, scanner, regions);
    }

    /** Adds a DELETE node for each marked resource whose physical ID state does not know. */
    private Set<NodeId> addOrphans(Map<NodeId, Node> nodes, List<TagScanner.TaggedResource> found) {
        // Known by kind and ID: two kinds may share a physical ID (an IAM role and the instance
        // profile named after it), and one in state must not hide the other's leftover.
        Set<String> known = new HashSet<>();
        nodes.values().forEach(n -> {
            if (n.record() != null && n.record().physicalId() != null) {
                known.add(knownKey(n.kind(), n.record().physicalId()));
                known.add(n.record().physicalId());
            }
        });
        Set<NodeId> orphans = new LinkedHashSet<>();
        for (TagScanner.TaggedResource t : found) {
            String key = t.knownKind().map(k -> knownKey(k, t.physicalId())).orElse(t.physicalId());
            if (known.contains(key)) {
                continue;
            }
            Optional<ResourceKind> kind = t.knownKind().filter(handlers::containsKey);
            if (kind.isEmpty()) {
                LOG.warn("{} {} in {} carries the stack's tag but Cairn cannot delete a '{}'", t.resourceType(),
                        t.physicalId(), t.region(), t.resourceType());
                continue;
            }
            Address address = orphanAddress(t, nodes.keySet());
            ResourceSpec spec = new ResourceSpec(address, kind.get(), t.region(), Map.of(), Map.of(), Set.of());
            ResourceRecord record = new ResourceRecord(spec, t.physicalId(), Map.of(), ItemStatus.READY, options.clock().instant());
            NodeId id = new NodeId(Step.Operation.DELETE, address);
            nodes.put(id, new Node(id, Step.delete(record)));
            orphans.add(id);
            known.add(knownKey(kind.get(), t.physicalId()));
            known.add(t.physicalId());
            LOG.info("{} {} is tagged for stack {} but not in state; it will be deleted as {}", kind.get().label(),
                    t.physicalId(), store.stack(), address);
        }
        return orphans;
    }

    private static String knownKey(ResourceKind kind, String physicalId) {
        return kind.wireName() + " " + physicalId;
    }

    private static Address orphanAddress(TagScanner.TaggedResource t, Set<NodeId> taken) {
        if (t.address() != null && !t.address().isEmpty()) {
            try {
                Address tagged = Address.parse(t.address());
                if (!taken.contains(new NodeId(Step.Operation.DELETE, tagged))) {
                    return tagged;
                }
            } catch (IllegalArgumentException e) {
                LOG.warn("{} has an unreadable {} tag '{}'", t.physicalId(), Tags.ADDRESS, t.address());
            }
        }
        String type = t.resourceType().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^[^a-z]+", "");
        String id = t.physicalId().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+", "");
        return Address.parse("orphan." + (type.isEmpty() ? "resource" : type) + "[" + id + "]");
    }

    private ResourceHandler requireHandler(ResourceKind kind) {
        ResourceHandler h = handlers.get(kind);
        if (h == null) {
            throw new IllegalArgumentException("no handler for " + kind);
        }
        return h;
    }

    // ---------------------------------------------------------------------------------------
    // The walk

    private RunResult walk(Run run, Map<NodeId, Node> nodes, Map<NodeId, Set<NodeId>> graph, boolean reverse,
            TagScanner scanner, Set<String> regions) throws InterruptedException {
        long callsBefore = options.apiCalls().getAsLong();
        Map<String, Long> byKindBefore = options.apiCallsByKind().get();
        Instant started = options.clock().instant();
        DagWalker<NodeId> walker = new DagWalker<>(graph, reverse, options.parallelism(), options.clock());
        Map<NodeId, Set<NodeId>> effective = walker.effectiveDependencies();
        for (Node n : nodes.values()) {
            emit(n, ItemStatus.NEW, Message.NONE);
            if (!effective.get(n.id).isEmpty()) {
                emit(n, ItemStatus.WAITING, Message.NONE);
            }
        }
        Map<NodeId, DagWalker.NodeResult<NodeId>> results = walker.walk(
                (id, slot) -> {
                    Node n = nodes.get(id);
                    n.slot = slot;
                    runNode(run, n);
                },
                run::stopScheduling,
                (id, root) -> {
                    run.skipped.put(id.address(), root.address());
                    emit(nodes.get(id), ItemStatus.SKIPPED, Message.of("engine.skipped", root.address().value()));
                });
        // The listings answered "what existed when the run began"; the next run lists again.
        run.snapshots.clear();
        if (run.crash.get() != null) {
            throw run.crash.get().original;
        }
        Map<String, Duration> durations = new LinkedHashMap<>();
        Map<NodeId, Duration> byNode = new LinkedHashMap<>();
        results.forEach((id, r) -> {
            byNode.put(id, r.duration());
            if (r.start() != null) {
                durations.put(id.toString(), r.duration());
            }
            if (r.status() == DagWalker.NodeStatus.NOT_RUN || r.status() == DagWalker.NodeStatus.CANCELLED) {
                emit(nodes.get(id), nodes.get(id).lastStatus, Message.of("engine.notFinished"));
            }
        });
        List<TagScanner.TaggedResource> remaining = List.of();
        if (scanner != null) {
            remaining = CallSite.during(CallSite.key("*", CallSite.Phase.SCAN), () -> scanner.scan(store.stack(), regions));
            remaining.forEach(t -> LOG.warn("still tagged for stack {}: {} {} in {} ({})", store.stack(), t.resourceType(),
                    t.physicalId(), t.region(), t.address()));
        }
        double wall = seconds(Duration.between(started, options.clock().instant()));
        double critical = seconds(DagWalker.criticalPath(effective, byNode));
        RunResult result = new RunResult(run.created, run.adopted, run.updated, run.kept, run.deleted, run.failed, run.skipped,
                remaining, run.cancel.isCancelled(), wall, critical, options.apiCalls().getAsLong() - callsBefore, durations,
                difference(options.apiCallsByKind().get(), byKindBefore));
        LOG.info("run on stack {} ended: {} created, {} adopted, {} updated, {} kept, {} deleted, {} failed, {} skipped, "
                        + "{} remaining{}",
                store.stack(), result.created().size(), result.adopted().size(), result.updated().size(), result.kept().size(),
                result.deleted().size(), result.failed().size(), result.skipped().size(), remaining.size(),
                result.cancelled() ? ", cancelled" : "");
        return result;
    }

    private static Map<String, Long> difference(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> made = new LinkedHashMap<>();
        after.forEach((key, count) -> {
            long d = count - before.getOrDefault(key, 0L);
            if (d > 0) {
                made.put(key, d);
            }
        });
        return made;
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private void runNode(Run run, Node n) {
        n.started = options.clock().instant();
        try {
            switch (n.id.op()) {
                case CREATE -> create(run, n);
                case UPDATE -> update(run, n);
                case KEEP -> keep(run, n);
                case DELETE -> delete(run, n);
            }
        } catch (Crash | CancellationException e) {
            throw e;
        } catch (RuntimeException e) {
            String message = e instanceof ResourceFailure ? e.getMessage() : describe(e);
            if (outcomeUnknown(e)) {
                // The call may have happened: the intent stays open, and the next run finds out.
                message = message + " (the call's outcome is unknown; the next run looks for the resource before acting)";
            } else if (n.journaled) {
                try {
                    store.append(JournalEntry.outcome(journalOp(n.id.op()), JournalEntry.FAILED, n.spec(), n.physicalId,
                            null, message));
                } catch (IOException io) {
                    LOG.error("could not journal the failure of {}", n.id, io);
                }
            }
            run.failed.put(n.id.address(), message);
            emit(n, ItemStatus.FAILED, Message.raw(message));
            throw e;
        }
    }

    private static String journalOp(Step.Operation op) {
        return switch (op) {
            case DELETE -> JournalEntry.DELETE;
            case UPDATE -> JournalEntry.UPDATE;
            case CREATE, KEEP -> JournalEntry.CREATE;
        };
    }

    private static boolean outcomeUnknown(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutcomeUnknownException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private void create(Run run, Node n) {
        ResourceHandler handler = requireHandler(n.kind());
        ResourceSpec spec = n.spec();
        ResolvedSpec resolved = resolve(spec);
        HandlerContext ctx = context(n);
        emit(n, ItemStatus.CREATING, Message.of("engine.lookingFor", n.kind()));
        Found found = find(run, n, handler, ctx, resolved);
        LiveResource live;
        boolean adopted;
        if (found instanceof Found.Taken taken) {
            throw new ResourceFailure(spec.address() + " cannot be created: " + taken.what()
                    + ". Cairn did not create it, so it neither adopts nor deletes it; free the name or choose another.");
        } else if (found instanceof Found.Ours ours) {
            adopted = true;
            live = ours.resource();
            n.physicalId = live.physicalId();
            n.journaled = true;
            append(JournalEntry.outcome(JournalEntry.CREATE, JournalEntry.ADOPTED, spec, live.physicalId(), live.attributes(), null));
            emit(n, ItemStatus.CREATING, Message.of("engine.adopting", live.physicalId()));
        } else {
            adopted = false;
            StackState.PendingIntent pending = store.state().pending().get(spec.address());
            // A healed intent resends its own token, so a create that did happen returns the same resource.
            String token = pending != null && JournalEntry.CREATE.equals(pending.operation()) && pending.clientToken() != null
                    ? pending.clientToken()
                    : newClientToken();
            intent(run, n, JournalEntry.intent(JournalEntry.CREATE, spec, token, null));
            live = retrying(run, n, ItemStatus.CREATING,
                    () -> CallSite.during(n.kind(), CallSite.Phase.CREATE, () -> handler.create(ctx, resolved, token)));
            n.physicalId = live.physicalId();
            append(JournalEntry.outcome(JournalEntry.CREATE, JournalEntry.CREATED, spec, live.physicalId(), live.attributes(), null));
            emit(n, ItemStatus.CREATING, Message.of("engine.createdWaiting"));
        }
        // A resource this run just created is not ready before the kind's typical latency: the
        // first poll waits that long. An adopted one may have been pending for any time: at once.
        Duration firstPoll = adopted ? Duration.ZERO : options.scaled(n.kind().typicalReady());
        LiveResource ready = awaitReady(run, n, handler, ctx, resolved, live, firstPoll);
        append(JournalEntry.outcome(JournalEntry.CREATE, JournalEntry.READY, spec, ready.physicalId(), ready.attributes(), null));
        emit(n, ItemStatus.READY, adopted ? Message.of("engine.adopted") : Message.of("engine.created"));
        (adopted ? run.adopted : run.created).add(spec.address());
    }

    private void update(Run run, Node n) {
        ResourceHandler handler = requireHandler(n.kind());
        ResourceRecord record = store.state().get(n.id.address()).orElse(n.record());
        if (record == null || record.physicalId() == null) {
            throw new ResourceFailure(n.id.address() + " has no record to update; plan again");
        }
        ResourceSpec spec = n.spec();
        ResolvedSpec resolved = resolve(spec);
        HandlerContext ctx = context(n);
        Set<String> changed = n.step.changed();
        n.physicalId = record.physicalId();
        emit(n, ItemStatus.UPDATING, Message.of("engine.updating", String.join(", ", new TreeSet<>(changed))));
        intent(run, n, JournalEntry.updateIntent(spec, record.physicalId(), changed));
        AtomicReference<LiveResource> last = new AtomicReference<>(new LiveResource(record.physicalId(), record.attributes(), ""));
        LiveResource done = poll(run, n, ItemStatus.UPDATING, Timeouts.update(n.kind()),
                () -> CallSite.during(n.kind(), CallSite.Phase.UPDATE, () -> handler.update(ctx, resolved, record, changed)), last);
        LiveResource base = done != null ? done : last.get();
        Map<String, String> attributes = new LinkedHashMap<>(record.attributes());
        attributes.putAll(base.attributes());
        append(JournalEntry.outcome(JournalEntry.UPDATE, JournalEntry.UPDATED, spec, record.physicalId(), attributes, null));
        emit(n, ItemStatus.READY, Message.of("engine.updated"));
        run.updated.add(spec.address());
    }

    private void keep(Run run, Node n) {
        ResourceRecord record = store.state().get(n.id.address()).orElse(n.record());
        if (record == null || record.physicalId() == null) {
            throw new ResourceFailure(n.id.address() + " has no record to keep; plan again");
        }
        n.physicalId = record.physicalId();
        if (record.status() == ItemStatus.READY) {
            emit(n, ItemStatus.READY, Message.of("engine.unchanged"));
            run.kept.add(n.id.address());
            return;
        }
        // Left creating by a cancelled or killed run: wait for it, no create call.
        ResourceHandler handler = requireHandler(n.kind());
        ResolvedSpec resolved = resolve(record.spec());
        n.journaled = true;
        emit(n, ItemStatus.CREATING, Message.of("engine.waitingReady"));
        LiveResource ready = awaitReady(run, n, handler, context(n), resolved,
                new LiveResource(record.physicalId(), record.attributes(), ""), Duration.ZERO);
        append(JournalEntry.outcome(JournalEntry.CREATE, JournalEntry.READY, record.spec(), ready.physicalId(), ready.attributes(), null));
        emit(n, ItemStatus.READY, Message.of("engine.ready"));
        run.kept.add(n.id.address());
    }

    private void delete(Run run, Node n) {
        ResourceHandler handler = requireHandler(n.kind());
        StackState state = store.state();
        // State is fresher than the step (a healed intent may have changed it since planning).
        ResourceRecord record = state.get(n.id.address()).orElse(n.record());
        StackState.PendingIntent pending = state.pending().get(n.id.address());
        boolean pendingDelete = pending != null && JournalEntry.DELETE.equals(pending.operation());
        if (record == null && pendingDelete && pending.physicalId() != null) {
            record = new ResourceRecord(pending.spec(), pending.physicalId(), Map.of(), ItemStatus.DELETING, options.clock().instant());
        }
        emit(n, ItemStatus.DELETING, Message.NONE);
        if (record == null || record.physicalId() == null) {
            // Nothing was ever created here: close a pending intent as absent, drop an ID-less record.
            if (pending != null) {
                append(JournalEntry.outcome(pending.operation(), JournalEntry.ABSENT, pending.spec(), null, null, null));
            }
            if (record != null && state.get(n.id.address()).isPresent()) {
                append(JournalEntry.outcome(JournalEntry.DELETE, JournalEntry.DELETED, record.spec(), null, null, null));
            }
            emit(n, ItemStatus.DELETED, Message.of("engine.nothingToDelete"));
            run.deleted.add(n.id.address());
            return;
        }
        ResourceRecord target = record;
        n.physicalId = target.physicalId();
        HandlerContext ctx = context(n);
        if (pendingDelete) {
            // A delete was journaled but its outcome was not: see whether it happened.
            Optional<LiveResource> live = retrying(run, n, ItemStatus.DELETING,
                    () -> CallSite.during(n.kind(), CallSite.Phase.READ, () -> handler.read(ctx, target)));
            if (live.isEmpty()) {
                append(JournalEntry.outcome(JournalEntry.DELETE, JournalEntry.DELETED, target.spec(), target.physicalId(), null, null));
                emit(n, ItemStatus.DELETED, Message.of("engine.alreadyGone"));
                run.deleted.add(n.id.address());
                return;
            }
        }
        // Finds of this kind from here on must not trust a listing that may still show it.
        run.deletedKinds.add(n.kind());
        intent(run, n, JournalEntry.intent(JournalEntry.DELETE, target.spec(), null, target.physicalId()));
        // One deadline for the whole delete: its steps (emptying, draining) and the wait until gone.
        Instant deadline = options.clock().instant().plus(Timeouts.delete(n.kind()));
        poll(run, n, ItemStatus.DELETING, deadline, Duration.ZERO,
                () -> CallSite.during(n.kind(), CallSite.Phase.DELETE, () -> handler.delete(ctx, target)), null);
        emit(n, ItemStatus.DELETING, Message.of("engine.waitingGone"));
        poll(run, n, ItemStatus.DELETING, deadline, options.scaled(n.kind().typicalGone()),
                () -> CallSite.during(n.kind(), CallSite.Phase.GONE, () -> handler.awaitGone(ctx, target)), null);
        append(JournalEntry.outcome(JournalEntry.DELETE, JournalEntry.DELETED, target.spec(), target.physicalId(), null, null));
        emit(n, ItemStatus.DELETED, Message.of("engine.deleted"));
        run.deleted.add(n.id.address());
    }

    /**
     * Heals intents with no outcome that no node of the run covers (a CREATE node heals its own
     * pending create; a DELETE node its own pending delete; any node of the address its pending
     * update): a create is looked for with {@code find}; a delete is checked with {@code read}
     * and repeated if the resource is still there.
     */
    private void healUncovered(Run run, Set<NodeId> covered, boolean createsOnly) {
        for (StackState.PendingIntent p : store.state().pending().values()) {
            Address address = p.spec().address();
            if (JournalEntry.UPDATE.equals(p.operation())) {
                // The resource exists either way; its node (update, keep, replace or delete) takes it on.
                continue;
            }
            Node n = new Node(new NodeId(JournalEntry.CREATE.equals(p.operation()) ? Step.Operation.CREATE : Step.Operation.DELETE,
                    address), new Step(Step.Operation.DELETE, p.spec(), null));
            if (covered.contains(n.id) || (createsOnly && n.id.op() == Step.Operation.DELETE)) {
                continue;
            }
            ResourceHandler handler = handlers.get(p.spec().kind());
            if (handler == null) {
                LOG.warn("pending {} of {} left as it is: no handler for {}", p.operation(), address, p.spec().kind());
                continue;
            }
            try {
                if (JournalEntry.CREATE.equals(p.operation())) {
                    ResolvedSpec resolved;
                    try {
                        resolved = resolve(p.spec());
                    } catch (ResourceFailure e) {
                        LOG.warn("pending create of {} left as it is: {}", address, e.getMessage());
                        continue;
                    }
                    Found found = find(run, n, handler, context(n), resolved);
                    if (found instanceof Found.Ours ours) {
                        append(JournalEntry.outcome(JournalEntry.CREATE, JournalEntry.ADOPTED, p.spec(), ours.resource().physicalId(),
                                ours.resource().attributes(), null));
                        LOG.info("healed pending create of {}: found {}", address, ours.resource().physicalId());
                    } else {
                        append(JournalEntry.outcome(JournalEntry.CREATE, JournalEntry.ABSENT, p.spec(), null, null, null));
                        LOG.info("healed pending create of {}: it was never made", address);
                    }
                } else {
                    runNode(run, n);
                }
            } catch (Crash | CancellationException e) {
                throw e;
            } catch (RuntimeException e) {
                LOG.warn("could not heal pending {} of {}: {}", p.operation(), address, describe(e));
                run.failed.putIfAbsent(address, describe(e));
            }
        }
    }

    /**
     * Looks for the spec's resource. The first attempt may answer from the run's listings
     * ({@link HandlerContext#snapshot}); wherever a listing could be stale it goes without: the
     * address, or anything of its kind, was deleted earlier in this run (a replace, a
     * destroy-then-create: the listing may still show what is gone), an earlier run's create of
     * the address is open (what it made may lack the tags a tag-filtered listing selects by), and
     * every retry after {@link RetryableException} (the condition it retries may be what the
     * listing captured).
     */
    private Found find(Run run, Node n, ResourceHandler handler, HandlerContext ctx, ResolvedSpec resolved) {
        boolean[] first = {true};
        return retrying(run, n, ItemStatus.CREATING, () -> {
            boolean fresh = !first[0] || ctx.createPending() || run.deleted.contains(n.id.address())
                    || run.deletedKinds.contains(n.kind());
            first[0] = false;
            HandlerContext c = fresh ? ctx : ctx.withSnapshots(run.snapshots);
            return CallSite.during(n.kind(), CallSite.Phase.FIND, () -> handler.find(c, resolved));
        });
    }

    private LiveResource awaitReady(Run run, Node n, ResourceHandler handler, HandlerContext ctx, ResolvedSpec resolved,
            LiveResource live, Duration firstPoll) {
        AtomicReference<LiveResource> last = new AtomicReference<>(live);
        LiveResource done = poll(run, n, ItemStatus.CREATING, options.clock().instant().plus(Timeouts.create(n.kind())),
                firstPoll, () -> CallSite.during(n.kind(), CallSite.Phase.READY, () -> handler.awaitReady(ctx, resolved, last.get())),
                last);
        LiveResource base = done != null ? done : last.get();
        Map<String, String> attributes = new LinkedHashMap<>(live.attributes());
        attributes.putAll(base.attributes());
        return new LiveResource(base.physicalId(), attributes, base.awsState());
    }

    private LiveResource poll(Run run, Node n, ItemStatus status, Duration timeout, Supplier<Poll> poller,
            AtomicReference<LiveResource> last) {
        return poll(run, n, status, options.clock().instant().plus(timeout), Duration.ZERO, poller, last);
    }

    /**
     * Polls until DONE, with backoff from the options and without holding the node's worker slot
     * between polls; FAILED and the deadline fail the node with the last message; a cancel stops
     * at the next poll (the record stays as it is). {@code firstPoll}, when not zero, is waited
     * (without the slot) before the first poll: the kind's typical latency, for resources that
     * are never ready (or gone) in the answer of the call that started them.
     */
    private LiveResource poll(Run run, Node n, ItemStatus status, Instant deadline, Duration firstPoll, Supplier<Poll> poller,
            AtomicReference<LiveResource> last) {
        Duration wait = options.pollInitial();
        Message lastMessage = Message.NONE;
        Duration timeout = Duration.between(n.started == null ? options.clock().instant() : n.started, deadline);
        if (!firstPoll.isZero()) {
            checkCancelled(run);
            sleep(n, firstPoll);
        }
        while (true) {
            Poll p = retrying(run, n, status, poller);
            if (p.resource() != null && last != null) {
                last.set(p.resource());
            }
            switch (p.outcome()) {
                case DONE:
                    return p.resource();
                case FAILED:
                    throw new ResourceFailure(p.message().isEmpty() ? n.kind().label() + " failed" : p.message().english());
                default:
                    break;
            }
            if (!p.message().equals(lastMessage)) {
                lastMessage = p.message();
                emit(n, status, lastMessage);
            }
            if (!options.clock().instant().isBefore(deadline)) {
                String waitingFor = lastMessage.isEmpty()
                        ? n.kind().label() + " not " + (status == ItemStatus.DELETING ? "gone" : "ready")
                        : lastMessage.english();
                throw new ResourceFailure("timed out after " + human(timeout) + " waiting: " + waitingFor);
            }
            checkCancelled(run);
            sleep(n, wait);
            wait = next(wait);
        }
    }

    /** Calls until the call does not throw {@link RetryableException} or its window is spent. */
    private <T> T retrying(Run run, Node n, ItemStatus status, Supplier<T> call) {
        Instant firstFailure = null;
        Duration wait = options.pollInitial();
        while (true) {
            try {
                return call.get();
            } catch (RetryableException e) {
                Instant now = options.clock().instant();
                if (firstFailure == null) {
                    firstFailure = now;
                }
                Duration window = Timeouts.retryWindow(n.kind(), e.awsCode());
                if (Duration.between(firstFailure, now).compareTo(window) >= 0) {
                    throw new ResourceFailure(describe(e) + " (still so after " + human(window) + ")");
                }
                emit(n, status, Message.of("engine.retrying", e.said()));
                checkCancelled(run);
                sleep(n, wait);
                wait = next(wait);
            }
        }
    }

    private Duration next(Duration wait) {
        long nanos = (long) (wait.toNanos() * options.pollFactor());
        return nanos > options.pollMax().toNanos() ? options.pollMax() : Duration.ofNanos(nanos);
    }

    /** Waits between polls; a node of the walk gives up its worker slot meanwhile. */
    private void sleep(Node n, Duration d) {
        try {
            DagWalker.Slot slot = n.slot;
            if (slot != null) {
                slot.released(() -> options.sleeper().sleep(d));
            } else {
                options.sleeper().sleep(d);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        }
    }

    private static void checkCancelled(Run run) {
        if (run.stopScheduling()) {
            throw new CancellationException("run cancelled");
        }
    }

    private static String human(Duration d) {
        return d.toSeconds() >= 60 && d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toMillis() / 1000.0 + " s";
    }

    private ResolvedSpec resolve(ResourceSpec spec) {
        StackState state = store.state();
        Map<String, ResourceRecord> refs = new LinkedHashMap<>();
        spec.refs().forEach((name, target) -> {
            ResourceRecord r = state.get(target).orElse(null);
            if (r == null || r.physicalId() == null) {
                throw new ResourceFailure(spec.address() + " needs " + target + ", which state does not hold");
            }
            refs.put(name, r);
        });
        return new ResolvedSpec(spec, refs, Tags.forResource(store.stack(), spec.address(), spec.tags()));
    }

    /**
     * A new idempotency token for one create: random (a token derived from the stack and address
     * would repeat after the stack is deleted and built again, and AWS would answer the new create
     * with the old, deleted resource), at most 64 ASCII characters as EC2 requires. It is journaled
     * with the intent, so a healed intent resends the same one.
     */
    static String newClientToken() {
        return UUID.randomUUID().toString();
    }

    private void intent(Run run, Node n, JournalEntry intent) {
        JournalEntry stamped = append(intent);
        n.journaled = true;
        try {
            options.afterIntent().afterIntent(stamped);
        } catch (RuntimeException e) {
            Crash crash = new Crash(e);
            run.crash.compareAndSet(null, crash);
            throw crash;
        }
    }

    private JournalEntry append(JournalEntry entry) {
        try {
            return store.append(entry);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the journal of stack " + store.stack(), e);
        }
    }

    private HandlerContext context(Node n) {
        HandlerContext ctx = new HandlerContext(store.stack(), options.account(), options.partition(),
                message -> emit(n, n.lastStatus, message), new NodeCalls(n));
        // Read before this run journals its own intent: an open create is an earlier run's.
        StackState.PendingIntent pending = store.state().pending().get(n.id.address());
        return pending != null && JournalEntry.CREATE.equals(pending.operation()) ? ctx.withCreatePending() : ctx;
    }

    /** Journals a handler's further mutating calls on a node's resource. */
    private final class NodeCalls implements HandlerContext.CallJournal {
        private final Node n;

        NodeCalls(Node n) {
            this.n = n;
        }

        @Override
        public <T> T around(String action, Supplier<T> call) {
            append(JournalEntry.callIntent(n.spec(), n.physicalId, action));
            T result;
            try {
                result = call.get();
            } catch (RuntimeException e) {
                if (!outcomeUnknown(e)) {
                    append(JournalEntry.callOutcome(n.spec(), n.physicalId, action, JournalEntry.FAILED, describe(e)));
                }
                throw e;
            }
            append(JournalEntry.callOutcome(n.spec(), n.physicalId, action, JournalEntry.DONE, null));
            return result;
        }
    }

    private void emit(Node n, ItemStatus status, Message message) {
        n.lastStatus = status;
        Instant now = options.clock().instant();
        Duration elapsed = n.started == null ? Duration.ZERO : Duration.between(n.started, now);
        ResourceEvent event = new ResourceEvent(now, n.id.address(), n.kind(), status, n.physicalId, message, elapsed);
        if (LOG.isInfoEnabled()) {
            String text = message.english();
            LOG.info("{} {} {}{}", n.id.address(), status.label(), n.physicalId == null ? "" : n.physicalId,
                    text.isEmpty() ? "" : ": " + text);
        }
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            LOG.warn("event listener failed on {}", event, e);
        }
    }

    // ---------------------------------------------------------------------------------------

    /** Per-node mutable facts; each node's fields are written only by the thread running it. */
    private static final class Node {
        final NodeId id;
        final Step step;
        volatile Instant started;
        volatile String physicalId;
        volatile boolean journaled;
        volatile ItemStatus lastStatus = ItemStatus.NEW;
        /** The node's worker slot while the walk runs it; null when healing outside the walk. */
        volatile DagWalker.Slot slot;

        Node(NodeId id, Step step) {
            this.id = id;
            this.step = step;
            this.physicalId = step.current() == null ? null : step.current().physicalId();
        }

        ResourceSpec spec() {
            return step.spec();
        }

        ResourceRecord record() {
            return step.current();
        }

        ResourceKind kind() {
            return step.spec().kind();
        }
    }

    /** One run's results, shared by the worker threads (concurrent collections). */
    private static final class Run {
        final CancellationToken cancel;
        final AtomicReference<Crash> crash = new AtomicReference<>();
        final List<Address> created = Collections.synchronizedList(new ArrayList<>());
        final List<Address> adopted = Collections.synchronizedList(new ArrayList<>());
        final List<Address> updated = Collections.synchronizedList(new ArrayList<>());
        final List<Address> kept = Collections.synchronizedList(new ArrayList<>());
        final List<Address> deleted = Collections.synchronizedList(new ArrayList<>());
        final Map<Address, String> failed = new ConcurrentHashMap<>();
        final Map<Address, Address> skipped = new ConcurrentHashMap<>();
        /** The run's shared listings for finds; dropped when the walk ends. */
        final RunSnapshots snapshots = new RunSnapshots();
        /** Kinds with a delete started in this run: their finds no longer trust the listings. */
        final Set<ResourceKind> deletedKinds = ConcurrentHashMap.newKeySet();

        Run(CancellationToken cancel) {
            this.cancel = Objects.requireNonNull(cancel, "cancel");
        }

        boolean stopScheduling() {
            return cancel.isCancelled() || crash.get() != null;
        }
    }

    /** A node's failure with a message for people (AWS's, or the engine's). */
    private static final class ResourceFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ResourceFailure(String message) {
            super(message);
        }
    }

    /** The afterIntent hook threw: the run stops as if the process died right there. */
    private static final class Crash extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient RuntimeException original;

        Crash(RuntimeException original) {
            super(original);
            this.original = original;
        }
    }
}
