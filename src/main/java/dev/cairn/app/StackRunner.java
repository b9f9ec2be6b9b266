package dev.cairn.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.engine.LocalStackStore;
import dev.cairn.aws.AwsHandlers;
import dev.cairn.aws.CallerIdentity;
import dev.cairn.engine.CancellationToken;
import dev.cairn.engine.Engine;
import dev.cairn.engine.EngineListener;
import dev.cairn.engine.EngineOptions;
import dev.cairn.engine.RunResult;
import dev.cairn.engine.StackStore;
import dev.cairn.engine.Step;
import dev.cairn.model.Blueprint;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.StackState;
import dev.cairn.plan.Action;
import dev.cairn.plan.Plan;
import dev.cairn.plan.PlannedAction;
import dev.cairn.plan.Planner;
import dev.cairn.step.storage.BucketNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Plans, applies and tears down one stack against one {@link Target}: the single path the CLI
 * and the GUI share, so both faces behave the same. Holds the stack's store (and so its lock)
 * until closed.
 */
public final class StackRunner implements AutoCloseable {

    /** Records which account a stack's state belongs to, so a run cannot mix two targets. */
    static final String TARGET_FILE = "target.json";

    private final Target target;
    private final StackStore store;
    private final EngineOptions options;

    /**
     * @param stack the stack name (from the blueprint)
     * @param stateDir the stack's folder, or null for the default {@code ~/.cairn/stacks/<stack>}
     */
    public StackRunner(Target target, String stack, Path stateDir, EngineOptions options) throws IOException {
        this.target = target;
        this.store = LocalStackStore.open(stateDir != null ? stateDir : StackStore.defaultDir(stack), stack,
                java.time.Clock.systemUTC());
        this.options = withTarget(options, target);
    }

    /**
     * A runner on a store already opened (and locked) where the stack's state lives: a folder or
     * an S3 prefix ({@link StackStores#open}). The runner owns the store from here and closes it.
     */
    public StackRunner(Target target, StackStore store, EngineOptions options) {
        this.target = target;
        this.store = store;
        this.options = withTarget(options, target);
    }

    /**
     * The options with the target's call counters and its latency scale; a scale the caller set
     * wins (an endpoint whose pace the caller knows, such as a benchmark's realistic Sandbox).
     */
    private static EngineOptions withTarget(EngineOptions options, Target target) {
        EngineOptions counted = options.withApiCalls(target.clients()::apiCalls)
                .withApiCallsByKind(target.clients()::apiCallsByKind);
        return options.latencyScale() > 0 ? counted : counted.withLatencyScale(target.latencyScale());
    }

    /** The store the runner holds (its lock is this run's until {@link #close()}). */
    public StackStore store() {
        return store;
    }

    public StackState state() {
        return store.state();
    }

    /** Where the stack's journal and state live ({@link StackStore#location()}). */
    public String stateLocation() {
        return store.location();
    }

    public Target target() {
        return target;
    }

    /**
     * Plans the blueprint against the state; {@code access.myIp: auto} is resolved first (see
     * {@link #resolve}), and an HTTPS domain's hosted zone readied ({@link HostedZones#prepare}:
     * {@link HostedZones.MissingZoneException} in AWS without it). Apply with {@link #resolve}d blueprint and this plan.
     */
    public Plan plan(Blueprint blueprint) {
        Blueprint resolved = resolve(blueprint);
        // HTTPS needs its hosted zone: checked in AWS, made for practice in the Sandbox.
        HostedZones.prepare(target, resolved);
        return Planner.plan(resolved, store.state());
    }

    /**
     * The blueprint with {@code access.myIp} resolved for this target ({@link MyIpResolver#forTarget})
     * and {@code auto} bucket names derived with the target's account ({@link BucketNames#resolve};
     * one STS call, cached, and only when a name is {@code auto}).
     */
    public Blueprint resolve(Blueprint blueprint) {
        return resolve(target, MyIpResolver.forTarget(target.kind()).resolve(blueprint));
    }

    /**
     * {@code blueprint} with its {@code auto} bucket names derived for {@code target}'s account:
     * what {@link #resolve} does besides {@code myIp}, for commands that plan without a runner.
     */
    public static Blueprint resolveNames(Target target, Blueprint blueprint) {
        return resolve(target, blueprint);
    }

    private static Blueprint resolve(Target target, Blueprint blueprint) {
        if (!BucketNames.needsAccount(blueprint)) {
            return blueprint;
        }
        return BucketNames.resolve(blueprint, target.identity(blueprint.region()).account());
    }

    public Plan teardownPlan() {
        return Planner.teardown(store.state());
    }

    /**
     * Runs a plan made by {@link #plan(Blueprint)}: deletes (old side of replaces) first, then
     * updates and creates in dependency order.
     */
    public RunResult apply(Blueprint blueprint, Plan plan, EngineListener listener, CancellationToken cancel)
            throws InterruptedException {
        bindTarget(blueprint.region());
        // In the Sandbox the pipeline's GitHub is local: its repository, with the sample app and
        // the generated files, must exist before the pipeline's first run reads it.
        PipelineSandbox.prepare(target, blueprint);
        List<Step> steps = new ArrayList<>();
        for (PlannedAction a : plan.deletions()) {
            steps.add(Step.delete(a.current()));
        }
        for (PlannedAction a : plan.actions()) {
            if (a.action() == Action.KEEP) {
                steps.add(Step.keep(a.current()));
            } else if (a.action() == Action.UPDATE) {
                steps.add(Step.update(a.spec(), a.current(), a.changed()));
            }
        }
        for (PlannedAction a : plan.creations()) {
            steps.add(Step.create(a.spec()));
        }
        return engine(listener, blueprint).apply(steps, cancel);
    }

    /**
     * Deletes everything of the stack: what state knows, what a pending intent may have made,
     * and whatever carries the stack's tag in {@code region} and every region state mentions;
     * ends with a tag scan.
     */
    public RunResult destroy(String region, EngineListener listener, CancellationToken cancel) throws InterruptedException {
        return destroy(Set.of(region), region, listener, cancel);
    }

    /**
     * Like {@link #destroy(String, EngineListener, CancellationToken)}, scanning every region the
     * blueprint builds in ({@link Blueprint#regions()}: the peer region too), so a stack whose
     * state was lost is still found in both regions.
     */
    public RunResult destroy(Blueprint blueprint, EngineListener listener, CancellationToken cancel) throws InterruptedException {
        return destroy(blueprint.regions(), blueprint.region(), listener, cancel);
    }

    private RunResult destroy(Set<String> scanRegions, String region, EngineListener listener, CancellationToken cancel)
            throws InterruptedException {
        bindTarget(region);
        StackState state = store.state();
        Set<String> regions = new TreeSet<>(scanRegions);
        regions.add(region);
        state.resources().values().forEach(r -> regions.add(r.spec().region()));
        state.pending().values().forEach(p -> regions.add(p.spec().region()));
        List<Step> steps = new ArrayList<>();
        for (PlannedAction a : Planner.teardown(state).actions()) {
            ResourceRecord current = a.current();
            if (current != null) {
                steps.add(Step.delete(current));
            }
        }
        Engine engine = new Engine(AwsHandlers.forClients(target.clients()), store, options(region), listener);
        return engine.destroy(steps, AwsHandlers.scanner(target.clients()), regions, cancel);
    }

    /**
     * The private key files Cairn saved when it created this stack's key pairs (create mode
     * only: an imported or existing key is the user's own). Read it before a teardown: the
     * records are gone after it.
     */
    public List<Path> savedKeyFiles() {
        return savedKeyFiles(store.state());
    }

    /**
     * The private key files Cairn saved for the key pairs a state records: the
     * {@code privateKeyFile} attribute a key pair's record carries only when Cairn created the
     * key and saved it (whatever the kind, so this needs no kind of its own).
     */
    public static List<Path> savedKeyFiles(StackState state) {
        return state.resources().values().stream()
                .map(r -> r.attributes().get("privateKeyFile"))
                .filter(java.util.Objects::nonNull)
                .map(Path::of)
                .toList();
    }

    /**
     * Deletes saved private key files after a teardown, when the user asks (they are kept by
     * default: losing a key locks you out of anything still using it).
     *
     * @return the files that were there and are now deleted
     */
    public static List<Path> deleteKeyFiles(List<Path> files) {
        List<Path> deleted = new ArrayList<>();
        for (Path file : files) {
            try {
                if (Files.deleteIfExists(file)) {
                    deleted.add(file);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the private key file " + file, e);
            }
        }
        return deleted;
    }

    private Engine engine(EngineListener listener, Blueprint blueprint) {
        return new Engine(AwsHandlers.forClients(target.clients()), store, options(blueprint.region()), listener);
    }

    /** The run's options with the account and partition the target's credentials belong to. */
    private EngineOptions options(String region) {
        CallerIdentity identity = target.identity(region);
        return options.withAccount(identity.account(), identity.partition());
    }

    /**
     * The first mutating run writes which account the state belongs to; later runs against a
     * different account are refused before any call, so a Sandbox practice state can never
     * drive deletes in a real account (or the other way round).
     */
    private void bindTarget(String region) {
        String account = target.identity(region).account();
        String kind = target.kind().name().toLowerCase(java.util.Locale.ROOT);
        ObjectMapper mapper = new ObjectMapper();
        try {
            var bound = store.readFile(TARGET_FILE);
            if (bound.isPresent()) {
                var existing = mapper.readTree(bound.get());
                String boundAccount = existing.path("account").asText();
                String boundKind = existing.path("kind").asText();
                boolean sandboxSide = boundKind.equals("aws") == (target.kind() == Target.Kind.AWS);
                if (!boundAccount.equals(account) || !sandboxSide) {
                    throw new TargetMismatchException("stack '" + store.stack() + "' was built in " + boundKind
                            + " account " + boundAccount + ", but this run targets " + kind + " account " + account
                            + "; use the same target, or another --state-dir");
                }
                return;
            }
            ObjectNode node = mapper.createObjectNode().put("kind", kind).put("account", account);
            store.writeFile(TARGET_FILE, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the stack's target in " + store.location(), e);
        }
    }

    @Override
    public void close() throws IOException {
        store.close();
    }

    /** A run aimed at a different account than the one the stack's state belongs to. */
    public static final class TargetMismatchException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public TargetMismatchException(String message) {
            super(message);
        }
    }
}
