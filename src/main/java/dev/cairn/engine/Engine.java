package dev.cairn.engine;

import dev.cairn.model.Address;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.StackState;
import dev.cairn.model.Tags;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies and tears down a stack's resources: walks the steps in dependency order in parallel,
 * journals an intent before every mutating call and its outcome after it, waits with backoff,
 * retries transient errors within bounded windows, and reports every status change as a
 * {@link ResourceEvent}.
 *
 * <p>Guarantees: an intent is on disk before its call; a create always looks for an existing
 * resource first ({@link ResourceHandler#adopt}), so a killed run or a lost state folder never
 * leads to a twin; a failure skips what depends on it and is reported once, at its root; a
 * cancelled run leaves records CREATING/DELETING for the next run to resume.
 *
 * <p>One engine serves one run at a time (the store's lock keeps other processes out).
 */
public final class Engine {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    /**
     * Teardown order of kinds, first deleted first, used to place resources found by tag that
     * state does not know: routes before associations before tables; the NAT gateway before its
     * Elastic IP and before the gateway attachment (a VPC with mapped public addresses cannot be
     * detached); the attachment before the internet gateway; subnets before the VPC. Access step:
     * rules, address associations and peering acceptances first; instances next (before their
     * groups, subnets, addresses and the gateway attachment their public IPs block); the peering
     * before the VPCs; the key pair with the groups.
     */
    static final Map<ResourceKind, Integer> TEARDOWN_RANK = teardownRank();

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

    private static Map<ResourceKind, Integer> teardownRank() {
        Map<ResourceKind, Integer> rank = new EnumMap<>(ResourceKind.class);
        rank.put(ResourceKind.ROUTE, 0);
        rank.put(ResourceKind.ROUTE_TABLE_ASSOCIATION, 1);
        rank.put(ResourceKind.NAT_GATEWAY, 2);
        rank.put(ResourceKind.IGW_ATTACHMENT, 3);
        rank.put(ResourceKind.ELASTIC_IP, 4);
        rank.put(ResourceKind.ROUTE_TABLE, 4);
        rank.put(ResourceKind.INTERNET_GATEWAY, 4);
        rank.put(ResourceKind.SUBNET, 5);
        rank.put(ResourceKind.VPC, 6);
        rank.put(ResourceKind.SECURITY_GROUP_RULE, 0);
        rank.put(ResourceKind.EIP_ASSOCIATION, 0);
        rank.put(ResourceKind.VPC_PEERING_ACCEPTANCE, 0);
        rank.put(ResourceKind.INSTANCE, 1);
        rank.put(ResourceKind.VPC_PEERING, 2);
        rank.put(ResourceKind.SECURITY_GROUP, 3);
        rank.put(ResourceKind.KEY_PAIR, 3);
        return Collections.unmodifiableMap(rank);
    }

    /** The identity of one node of a run: an operation on an address. */
    public record NodeId(Step.Operation op, Address address) {
        @Override
        public String toString() {
            return op.name().toLowerCase(Locale.ROOT) + " " + address;
        }
    }

    /**
     * Creates, keeps (waiting for it if it was left creating) and deletes resources. A
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
            // At most one delete and one create-or-keep per address (a replace is both).
            boolean taken = step.op() == Step.Operation.DELETE
                    ? nodes.containsKey(id)
                    : nodes.containsKey(new NodeId(Step.Operation.CREATE, address))
                            || nodes.containsKey(new NodeId(Step.Operation.KEEP, address));
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
                    NodeId create = new NodeId(Step.Operation.CREATE, dep);
                    NodeId keep = new NodeId(Step.Operation.KEEP, dep);
                    if (nodes.containsKey(create)) {
                        deps.add(create);
                    } else if (nodes.containsKey(keep)) {
                        deps.add(keep);
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
     * every resource tagged with the stack that state does not know (found by {@code scanner} in
     * {@code regions}). Ends with a second scan; {@link RunResult#remaining()} lists what is still
     * tagged, and the run succeeds only when that is empty.
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
        Set<NodeId> orphans = addOrphans(nodes, scanner.scan(store.stack(), regions));
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
        // Walked in reverse, "n depends on o" means n is deleted before o.
        for (NodeId o : orphans) {
            int rank = TEARDOWN_RANK.get(nodes.get(o).kind());
            for (Node n : nodes.values()) {
                int other = TEARDOWN_RANK.get(n.kind());
                if (other < rank) {
                    graph.get(n.id).add(o);
                } else if (other > rank) {
                    graph.get(o).add(n.id);
                }
            }
        }
        return walk(run, nodes, graph, true, scanner, regions);
    }

    /** Adds a DELETE node for each tagged resource whose physical ID state does not know. */
    private Set<NodeId> addOrphans(Map<NodeId, Node> nodes, List<TagScanner.TaggedResource> found) {
        Set<String> known = new HashSet<>();
        nodes.values().forEach(n -> {
            if (n.record() != null && n.record().physicalId() != null) {
                known.add(n.record().physicalId());
            }
        });
        Set<NodeId> orphans = new LinkedHashSet<>();
        for (TagScanner.TaggedResource t : found) {
            if (known.contains(t.physicalId())) {
                continue;
            }
            Optional<ResourceKind> kind = kindOf(t.resourceType());
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
            known.add(t.physicalId());
            LOG.info("{} {} is tagged for stack {} but not in state; it will be deleted as {}", kind.get().label(),
                    t.physicalId(), store.stack(), address);
        }
        return orphans;
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
        String id = t.physicalId().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+", "");
        return Address.parse("orphan." + t.resourceType().toLowerCase(Locale.ROOT) + "[" + id + "]");
    }

    /** The kind of an EC2 resource type word as the tag scanner reports it. */
    static Optional<ResourceKind> kindOf(String ec2ResourceType) {
        return Optional.ofNullable(switch (ec2ResourceType) {
            case "vpc" -> ResourceKind.VPC;
            case "subnet" -> ResourceKind.SUBNET;
            case "internet-gateway" -> ResourceKind.INTERNET_GATEWAY;
            case "route-table" -> ResourceKind.ROUTE_TABLE;
            case "natgateway" -> ResourceKind.NAT_GATEWAY;
            case "elastic-ip" -> ResourceKind.ELASTIC_IP;
            case "instance" -> ResourceKind.INSTANCE;
            case "security-group" -> ResourceKind.SECURITY_GROUP;
            case "key-pair" -> ResourceKind.KEY_PAIR;
            case "vpc-peering-connection" -> ResourceKind.VPC_PEERING;
            default -> null;
        });
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
        Instant started = options.clock().instant();
        DagWalker<NodeId> walker = new DagWalker<>(graph, reverse, options.parallelism(), options.clock());
        Map<NodeId, Set<NodeId>> effective = walker.effectiveDependencies();
        for (Node n : nodes.values()) {
            emit(n, ItemStatus.NEW, "");
            if (!effective.get(n.id).isEmpty()) {
                emit(n, ItemStatus.WAITING, "");
            }
        }
        Map<NodeId, DagWalker.NodeResult<NodeId>> results = walker.walk(
                id -> runNode(run, nodes.get(id)),
                run::stopScheduling,
                (id, root) -> {
                    run.skipped.put(id.address(), root.address());
                    emit(nodes.get(id), ItemStatus.SKIPPED, "skipped: " + root.address() + " failed");
                });
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
                emit(nodes.get(id), nodes.get(id).lastStatus, "not finished: the run was cancelled");
            }
        });
        List<TagScanner.TaggedResource> remaining = List.of();
        if (scanner != null) {
            remaining = scanner.scan(store.stack(), regions);
            remaining.forEach(t -> LOG.warn("still tagged for stack {}: {} {} in {} ({})", store.stack(), t.resourceType(),
                    t.physicalId(), t.region(), t.address()));
        }
        double wall = seconds(Duration.between(started, options.clock().instant()));
        double critical = seconds(DagWalker.criticalPath(effective, byNode));
        RunResult result = new RunResult(run.created, run.adopted, run.kept, run.deleted, run.failed, run.skipped,
                remaining, run.cancel.isCancelled(), wall, critical, options.apiCalls().getAsLong() - callsBefore, durations);
        LOG.info("run on stack {} ended: {} created, {} adopted, {} kept, {} deleted, {} failed, {} skipped, {} remaining{}",
                store.stack(), result.created().size(), result.adopted().size(), result.kept().size(),
                result.deleted().size(), result.failed().size(), result.skipped().size(), remaining.size(),
                result.cancelled() ? ", cancelled" : "");
        return result;
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private void runNode(Run run, Node n) {
        n.started = options.clock().instant();
        try {
            switch (n.id.op()) {
                case CREATE -> create(run, n);
                case KEEP -> keep(run, n);
                case DELETE -> delete(run, n);
            }
        } catch (Crash | CancellationException e) {
            throw e;
        } catch (RuntimeException e) {
            String message = e instanceof ResourceFailure ? e.getMessage() : describe(e);
            if (n.journaled) {
                try {
                    store.append(JournalEntry.outcome(n.id.op() == Step.Operation.DELETE ? JournalEntry.DELETE : JournalEntry.CREATE,
                            JournalEntry.FAILED, n.spec(), n.physicalId, null, message));
                } catch (IOException io) {
                    LOG.error("could not journal the failure of {}", n.id, io);
                }
            }
            run.failed.put(n.id.address(), message);
            emit(n, ItemStatus.FAILED, message);
            throw e;
        }
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
        emit(n, ItemStatus.CREATING, "looking for an existing " + n.kind().label());
        Optional<LiveResource> found = retrying(run, n, ItemStatus.CREATING, () -> handler.adopt(ctx, resolved));
        LiveResource live;
        boolean adopted = found.isPresent();
        if (adopted) {
            live = found.get();
            n.physicalId = live.physicalId();
            n.journaled = true;
            append(JournalEntry.outcome(JournalEntry.CREATE, JournalEntry.ADOPTED, spec, live.physicalId(), live.attributes(), null));
            emit(n, ItemStatus.CREATING, "found " + live.physicalId() + " already tagged for this address; adopting it");
        } else {
            StackState.PendingIntent pending = store.state().pending().get(spec.address());
            String token = pending != null && JournalEntry.CREATE.equals(pending.operation()) && pending.clientToken() != null
                    ? pending.clientToken()
                    : clientToken(spec.address(), store.createAttempts(spec.address()) + 1);
            intent(run, n, JournalEntry.intent(JournalEntry.CREATE, spec, token, null));
            live = retrying(run, n, ItemStatus.CREATING, () -> handler.create(ctx, resolved, token));
            n.physicalId = live.physicalId();
            append(JournalEntry.outcome(JournalEntry.CREATE, JournalEntry.CREATED, spec, live.physicalId(), live.attributes(), null));
            emit(n, ItemStatus.CREATING, "created; waiting until it is ready");
        }
        LiveResource ready = awaitReady(run, n, handler, ctx, resolved, live);
        append(JournalEntry.outcome(JournalEntry.CREATE, JournalEntry.READY, spec, ready.physicalId(), ready.attributes(), null));
        emit(n, ItemStatus.READY, adopted ? "adopted" : "created");
        (adopted ? run.adopted : run.created).add(spec.address());
    }

    private void keep(Run run, Node n) {
        ResourceRecord record = store.state().get(n.id.address()).orElse(n.record());
        if (record == null || record.physicalId() == null) {
            throw new ResourceFailure(n.id.address() + " has no record to keep; plan again");
        }
        n.physicalId = record.physicalId();
        if (record.status() == ItemStatus.READY) {
            emit(n, ItemStatus.READY, "unchanged");
            run.kept.add(n.id.address());
            return;
        }
        // Left creating by a cancelled or killed run: wait for it, no create call.
        ResourceHandler handler = requireHandler(n.kind());
        ResolvedSpec resolved = resolve(record.spec());
        n.journaled = true;
        emit(n, ItemStatus.CREATING, "waiting until it is ready");
        LiveResource ready = awaitReady(run, n, handler, context(n), resolved,
                new LiveResource(record.physicalId(), record.attributes(), ""));
        append(JournalEntry.outcome(JournalEntry.CREATE, JournalEntry.READY, record.spec(), ready.physicalId(), ready.attributes(), null));
        emit(n, ItemStatus.READY, "ready");
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
        emit(n, ItemStatus.DELETING, "");
        if (record == null || record.physicalId() == null) {
            // Nothing was ever created here: close a pending intent as absent, drop an ID-less record.
            if (pending != null) {
                append(JournalEntry.outcome(pending.operation(), JournalEntry.ABSENT, pending.spec(), null, null, null));
            }
            if (record != null && state.get(n.id.address()).isPresent()) {
                append(JournalEntry.outcome(JournalEntry.DELETE, JournalEntry.DELETED, record.spec(), null, null, null));
            }
            emit(n, ItemStatus.DELETED, "nothing to delete");
            run.deleted.add(n.id.address());
            return;
        }
        ResourceRecord target = record;
        n.physicalId = target.physicalId();
        HandlerContext ctx = context(n);
        if (pendingDelete) {
            // A delete was journaled but its outcome was not: see whether it happened.
            Optional<LiveResource> live = retrying(run, n, ItemStatus.DELETING, () -> handler.read(ctx, target));
            if (live.isEmpty()) {
                append(JournalEntry.outcome(JournalEntry.DELETE, JournalEntry.DELETED, target.spec(), target.physicalId(), null, null));
                emit(n, ItemStatus.DELETED, "already gone");
                run.deleted.add(n.id.address());
                return;
            }
        }
        intent(run, n, JournalEntry.intent(JournalEntry.DELETE, target.spec(), null, target.physicalId()));
        retrying(run, n, ItemStatus.DELETING, () -> {
            handler.delete(ctx, target);
            return Boolean.TRUE;
        });
        emit(n, ItemStatus.DELETING, "waiting until it is gone");
        poll(run, n, ItemStatus.DELETING, Timeouts.delete(n.kind()), () -> handler.awaitGone(ctx, target), null);
        append(JournalEntry.outcome(JournalEntry.DELETE, JournalEntry.DELETED, target.spec(), target.physicalId(), null, null));
        emit(n, ItemStatus.DELETED, "deleted");
        run.deleted.add(n.id.address());
    }

    /**
     * Heals intents with no outcome that no node of the run covers (a CREATE node heals its own
     * pending create; a DELETE node its own pending delete): a create is looked for with
     * {@code adopt}; a delete is checked with {@code read} and repeated if the resource is still there.
     */
    private void healUncovered(Run run, Set<NodeId> covered, boolean createsOnly) {
        for (StackState.PendingIntent p : store.state().pending().values()) {
            Address address = p.spec().address();
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
                    Optional<LiveResource> found = retrying(run, n, ItemStatus.CREATING, () -> handler.adopt(context(n), resolved));
                    if (found.isPresent()) {
                        append(JournalEntry.outcome(JournalEntry.CREATE, JournalEntry.ADOPTED, p.spec(), found.get().physicalId(),
                                found.get().attributes(), null));
                        LOG.info("healed pending create of {}: found {}", address, found.get().physicalId());
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

    private LiveResource awaitReady(Run run, Node n, ResourceHandler handler, HandlerContext ctx, ResolvedSpec resolved,
            LiveResource live) {
        AtomicReference<LiveResource> last = new AtomicReference<>(live);
        LiveResource done = poll(run, n, ItemStatus.CREATING, Timeouts.create(n.kind()),
                () -> handler.awaitReady(ctx, resolved, last.get()), last);
        LiveResource base = done != null ? done : last.get();
        Map<String, String> attributes = new LinkedHashMap<>(live.attributes());
        attributes.putAll(base.attributes());
        return new LiveResource(base.physicalId(), attributes, base.awsState());
    }

    /**
     * Polls until DONE, with backoff from the options; FAILED and the timeout fail the node with
     * the last message; a cancel stops at the next poll (the record stays as it is).
     */
    private LiveResource poll(Run run, Node n, ItemStatus status, Duration timeout, Supplier<Poll> poller,
            AtomicReference<LiveResource> last) {
        Instant deadline = options.clock().instant().plus(timeout);
        Duration wait = options.pollInitial();
        String lastMessage = "";
        while (true) {
            Poll p = retrying(run, n, status, poller);
            if (p.resource() != null && last != null) {
                last.set(p.resource());
            }
            switch (p.outcome()) {
                case DONE:
                    return p.resource();
                case FAILED:
                    throw new ResourceFailure(p.message().isEmpty() ? n.kind().label() + " failed" : p.message());
                default:
                    break;
            }
            if (!p.message().equals(lastMessage)) {
                lastMessage = p.message();
                emit(n, status, lastMessage);
            }
            if (!options.clock().instant().isBefore(deadline)) {
                throw new ResourceFailure("timed out after " + human(timeout) + " waiting: "
                        + (lastMessage.isEmpty() ? n.kind().label() + " not " + (status == ItemStatus.CREATING ? "ready" : "gone") : lastMessage));
            }
            checkCancelled(run);
            sleep(wait);
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
                emit(n, status, "waiting: " + describe(e));
                checkCancelled(run);
                sleep(wait);
                wait = next(wait);
            }
        }
    }

    private Duration next(Duration wait) {
        long nanos = (long) (wait.toNanos() * options.pollFactor());
        return nanos > options.pollMax().toNanos() ? options.pollMax() : Duration.ofNanos(nanos);
    }

    private void sleep(Duration d) {
        try {
            options.sleeper().sleep(d);
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
        return new ResolvedSpec(spec, refs, Tags.forResource(store.stack(), spec.address(), options.userTags()));
    }

    /**
     * The idempotency token of one create attempt: the same stack, address and attempt always
     * give the same token (at most 64 ASCII characters, as EC2 requires), so a healed pending
     * create resends the token it journaled.
     */
    static String clientToken(String stack, Address address, int attempt) {
        return UUID.nameUUIDFromBytes((stack + "\n" + address.value() + "\n" + attempt).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private String clientToken(Address address, int attempt) {
        return clientToken(store.stack(), address, attempt);
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
        return new HandlerContext(store.stack(), message -> emit(n, n.lastStatus, message));
    }

    private void emit(Node n, ItemStatus status, String message) {
        n.lastStatus = status;
        Instant now = options.clock().instant();
        Duration elapsed = n.started == null ? Duration.ZERO : Duration.between(n.started, now);
        ResourceEvent event = new ResourceEvent(now, n.id.address(), n.kind(), status, n.physicalId, message, elapsed);
        LOG.info("{} {} {}{}", n.id.address(), status.label(), n.physicalId == null ? "" : n.physicalId,
                message.isEmpty() ? "" : ": " + message);
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
        final List<Address> kept = Collections.synchronizedList(new ArrayList<>());
        final List<Address> deleted = Collections.synchronizedList(new ArrayList<>());
        final Map<Address, String> failed = new ConcurrentHashMap<>();
        final Map<Address, Address> skipped = new ConcurrentHashMap<>();

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
