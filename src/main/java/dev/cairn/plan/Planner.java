package dev.cairn.plan;

import dev.cairn.model.Address;
import dev.cairn.model.Blueprint;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.StackState;
import dev.cairn.step.StepModule;
import dev.cairn.step.Steps;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares what the blueprint wants with what the state holds and decides one action per
 * address. Pure: reads its inputs, calls nothing.
 */
public final class Planner {

    /** The pseudo-property of an update that changes only the user's tags. */
    public static final String TAGS = "tags";

    /** The reason of a create for an address that state has never seen. */
    public static final String REASON_NEW = "new";

    private Planner() {}

    /**
     * The plan that brings the stack to the blueprint (which should have passed validation).
     *
     * <ul>
     *   <li>not in state, or recorded but never created or already deleted → CREATE;
     *   <li>recorded READY or CREATING with the same kind, region, properties and refs → KEEP;
     *   <li>changed, FAILED, caught mid-delete or with a pending delete intent → REPLACE, and so is every recorded resource that
     *       refs one being replaced or created (its physical ID changes), transitively;
     *   <li>recorded (or pending) but no longer wanted → DELETE.
     * </ul>
     *
     * @throws IllegalStateException if the desired resources form a cycle (named in the message)
     *     or ref an address that is not among them
     */
    public static Plan plan(Blueprint blueprint, StackState state) {
        Objects.requireNonNull(blueprint, "blueprint");
        Objects.requireNonNull(state, "state");
        List<ResourceSpec> specs = specs(blueprint);
        Map<Address, ResourceSpec> desired = new LinkedHashMap<>();
        for (ResourceSpec spec : specs) {
            if (desired.put(spec.address(), spec) != null) {
                throw new IllegalStateException("two resources share the address " + spec.address());
            }
        }
        for (ResourceSpec spec : specs) {
            for (Address dep : spec.dependencies()) {
                if (!desired.containsKey(dep)) {
                    throw new IllegalStateException(spec.address() + " depends on " + dep + ", which the blueprint does not define");
                }
            }
        }
        List<Address> createOrder = Graphs.topologicalOrder(new ArrayList<>(desired.keySet()),
                a -> desired.get(a).dependencies());

        Map<Address, PlannedAction> decided = new HashMap<>();
        List<PlannedAction> forward = new ArrayList<>();
        for (Address address : createOrder) {
            PlannedAction action = decide(desired.get(address), state, decided);
            decided.put(address, action);
            forward.add(action);
        }

        Map<Address, PlannedAction> deletes = new LinkedHashMap<>();
        for (ResourceRecord record : state.resources().values()) {
            if (!desired.containsKey(record.address()) && record.status() != ItemStatus.DELETED) {
                deletes.put(record.address(), new PlannedAction(Action.DELETE, record.spec(), record, "no longer in the blueprint"));
            }
        }
        for (StackState.PendingIntent intent : state.pending().values()) {
            Address address = intent.spec().address();
            if (!desired.containsKey(address) && !state.resources().containsKey(address)) {
                deletes.put(address, new PlannedAction(Action.DELETE, intent.spec(), null,
                        "an interrupted " + intent.operation() + " was journaled; the engine finds the resource and deletes it"));
            }
        }
        List<PlannedAction> actions = new ArrayList<>(deletionOrder(deletes));
        actions.addAll(forward);
        return new Plan(state.stack(), PlanKind.APPLY, actions);
    }

    /**
     * Every resource the blueprint wants: each registered step's ({@link Steps}), in the steps'
     * order. A step with an address-bound input (the Access step's {@code myIp}) must have it
     * resolved already.
     */
    public static List<ResourceSpec> specs(Blueprint blueprint) {
        List<ResourceSpec> specs = new ArrayList<>();
        for (StepModule<?> step : Steps.ALL) {
            specs.addAll(step.resources(blueprint));
        }
        // The blueprint's own tags go on every taggable resource; changing them is an update in place.
        return specs.stream().map(s -> s.withTags(blueprint.tags())).toList();
    }

    /**
     * The plan that removes everything the state holds: every recorded resource not already
     * deleted and every pending intent, dependents first.
     */
    public static Plan teardown(StackState state) {
        Objects.requireNonNull(state, "state");
        Map<Address, PlannedAction> deletes = new LinkedHashMap<>();
        for (ResourceRecord record : state.resources().values()) {
            if (record.status() != ItemStatus.DELETED) {
                deletes.put(record.address(), new PlannedAction(Action.DELETE, record.spec(), record, "teardown"));
            }
        }
        for (StackState.PendingIntent intent : state.pending().values()) {
            Address address = intent.spec().address();
            if (!deletes.containsKey(address) && !state.resources().containsKey(address)) {
                deletes.put(address, new PlannedAction(Action.DELETE, intent.spec(), null,
                        "teardown; an interrupted " + intent.operation() + " was journaled, so the engine finds the resource first"));
            }
        }
        return new Plan(state.stack(), PlanKind.DESTROY, deletionOrder(deletes));
    }

    /** Reverse topological order: whatever depends on a resource is deleted before it. */
    private static List<PlannedAction> deletionOrder(Map<Address, PlannedAction> deletes) {
        List<Address> forward = Graphs.topologicalOrder(new ArrayList<>(deletes.keySet()),
                a -> deletes.get(a).spec().dependencies());
        List<Address> reversed = new ArrayList<>(forward);
        Collections.reverse(reversed);
        return reversed.stream().map(deletes::get).toList();
    }

    static PlannedAction decide(ResourceSpec spec, StackState state, Map<Address, PlannedAction> decided) {
        Address address = spec.address();
        ResourceRecord record = state.resources().get(address);
        if (record == null) {
            String reason = state.pending().containsKey(address)
                    ? "an interrupted create was journaled; the engine adopts the resource if it exists"
                    : REASON_NEW;
            return new PlannedAction(Action.CREATE, spec, null, reason);
        }
        StackState.PendingIntent pendingIntent = state.pending().get(address);
        if (pendingIntent != null && "delete".equals(pendingIntent.operation())) {
            // The delete may have happened: delete again (absent counts as done), then create.
            return new PlannedAction(Action.REPLACE, spec, record, "an interrupted delete was journaled");
        }
        switch (record.status()) {
            case DELETED, NEW, WAITING, SKIPPED -> {
                return new PlannedAction(Action.CREATE, spec, record, "recorded as " + record.status().label() + "; creating it");
            }
            case FAILED -> {
                return new PlannedAction(Action.REPLACE, spec, record, "it failed last time");
            }
            case DELETING -> {
                return new PlannedAction(Action.REPLACE, spec, record, "a delete was under way");
            }
            case READY, CREATING, UPDATING -> {
                // fall through to the comparison below
            }
        }
        Changes changes = Changes.between(record.spec(), spec);
        StackState.PendingIntent intent = state.pending().get(address);
        if (intent != null && "update".equals(intent.operation()) && changes.forcesReplacement().isEmpty()) {
            // An update was under way: finish it towards what the blueprint wants now, which may
            // be the journaled target or back to what was recorded.
            changes = changes.plusUpdates(Changes.between(intent.spec(), spec)).plusUpdates(Changes.between(record.spec(), intent.spec()));
        }
        if (!changes.forcesReplacement().isEmpty()) {
            return new PlannedAction(Action.REPLACE, spec, record, String.join("; ", changes.all()));
        }
        Set<Address> renewed = new TreeSet<>();
        for (Address ref : spec.refs().values()) {
            PlannedAction upstream = decided.get(ref);
            if (upstream != null && (upstream.action() == Action.CREATE || upstream.action() == Action.REPLACE)) {
                renewed.add(ref);
            }
        }
        if (!renewed.isEmpty()) {
            return new PlannedAction(Action.REPLACE, spec, record, "refs " + String.join(", ",
                    renewed.stream().map(Address::value).toList()) + ", which will get a new ID");
        }
        if (!changes.inPlace().isEmpty()) {
            return new PlannedAction(Action.UPDATE, spec, record, String.join("; ", changes.all()), changes.inPlace().keySet());
        }
        return new PlannedAction(Action.KEEP, spec, record, "up to date");
    }

    /**
     * What differs between a recorded spec and a wanted one, sorted by what it means for the
     * resource: changes its kind lets AWS make in place (and the user's tags), and changes that
     * force a new resource (Terraform's ForceNew: a changed kind, region, ref, or a property the
     * kind marks {@link ResourceKind.Change#REPLACE} — or does not mention at all).
     *
     * @param inPlace each property to update ({@code tags} for the user's tags) with the change in words
     * @param forcesReplacement the changes that need a new resource, in words
     */
    record Changes(Map<String, String> inPlace, List<String> forcesReplacement) {

        static Changes between(ResourceSpec was, ResourceSpec wanted) {
            Map<String, String> inPlace = new TreeMap<>();
            List<String> replace = new ArrayList<>();
            if (was.kind() != wanted.kind()) {
                replace.add("kind " + was.kind() + " → " + wanted.kind());
            }
            if (!was.region().equals(wanted.region())) {
                replace.add("region " + was.region() + " → " + wanted.region());
            }
            Set<String> props = new TreeSet<>(was.props().names());
            props.addAll(wanted.props().names());
            for (String name : props) {
                if (!Objects.equals(was.props().get(name), wanted.props().get(name))) {
                    String change = name + " " + orNone(was.props().text(name)) + " → " + orNone(wanted.props().text(name));
                    if (was.kind() == wanted.kind() && wanted.kind().property(name) == ResourceKind.Change.UPDATE) {
                        inPlace.put(name, change);
                    } else {
                        replace.add(change);
                    }
                }
            }
            Set<String> refs = new TreeSet<>(was.refs().keySet());
            refs.addAll(wanted.refs().keySet());
            for (String name : refs) {
                Address before = was.refs().get(name);
                Address after = wanted.refs().get(name);
                if (!Objects.equals(before, after)) {
                    replace.add(name + " " + orNone(before) + " → " + orNone(after));
                }
            }
            if (wanted.kind().tagsUpdatable() && !was.tags().equals(wanted.tags())) {
                inPlace.put(TAGS, "tags " + was.tags() + " → " + wanted.tags());
            }
            return new Changes(inPlace, replace);
        }

        /** These changes with the in-place changes of {@code other} added (its replacements are not). */
        Changes plusUpdates(Changes other) {
            Map<String, String> merged = new TreeMap<>(inPlace);
            other.inPlace.forEach(merged::putIfAbsent);
            return new Changes(merged, forcesReplacement);
        }

        /** Every change in words: the replacing ones first. */
        List<String> all() {
            List<String> all = new ArrayList<>(forcesReplacement);
            all.addAll(inPlace.values());
            return all;
        }
    }

    /** Human-readable differences, {@code cidr 10.1.1.0/26 → 10.1.2.0/26}; empty when equal. */
    static List<String> differences(ResourceSpec was, ResourceSpec wanted) {
        return Changes.between(was, wanted).all();
    }

    private static String orNone(Object value) {
        return value == null ? "(none)" : value.toString();
    }
}
