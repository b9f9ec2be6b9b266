package dev.cairn.plan;

import dev.cairn.model.Address;
import dev.cairn.model.ResourceSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a run will do to a stack: one action per address, in a stable order that respects
 * dependencies.
 *
 * <p>Order: in an {@code APPLY} plan the DELETE actions come first, dependents before what they
 * depend on, then every other action after its dependencies. In a {@code DESTROY} plan every
 * action is a DELETE and dependents come first.
 *
 * <p>The action graph ({@link #dependencies}, {@link #dependents}) is the resource graph
 * restricted to the plan's addresses: an edge from a resource to each address its spec refs or
 * waits on. Creating walks it forwards; deleting walks it backwards (a resource is deleted only
 * after everything that depends on it).
 *
 * <p>REPLACE: the planner replaces every resource that refs a replaced (or newly created) one,
 * so the replaced set is closed under refs. An engine can therefore run two phases —
 * {@link #deletions()} (DELETE and the old side of REPLACE, dependents first, by the recorded
 * specs) then {@link #creations()} (CREATE and the new side of REPLACE, dependencies first) —
 * and never delete a resource that a surviving one still refs.
 */
public record Plan(String stack, PlanKind kind, List<PlannedAction> actions) {

    public Plan {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(kind, "kind");
        actions = List.copyOf(actions);
    }

    public long count(Action action) {
        return actions.stream().filter(a -> a.action() == action).count();
    }

    /**
     * {@code Plan: 22 to create, 0 to update, 0 to replace, 0 to keep, 0 to delete.}: each
     * action counted once (a replace is neither a create nor a delete here).
     */
    public String summary() {
        return "Plan: " + count(Action.CREATE) + " to create, " + count(Action.UPDATE) + " to update, "
                + count(Action.REPLACE) + " to replace, " + count(Action.KEEP) + " to keep, "
                + count(Action.DELETE) + " to delete.";
    }

    public Optional<PlannedAction> action(Address address) {
        return actions.stream().filter(a -> a.address().equals(address)).findFirst();
    }

    /** The plan's addresses this one's spec depends on (refs and extra dependencies). */
    public Set<Address> dependencies(Address address) {
        Map<Address, PlannedAction> byAddress = byAddress();
        PlannedAction action = byAddress.get(address);
        if (action == null) {
            throw new IllegalArgumentException(address + " is not in the plan");
        }
        Set<Address> deps = new TreeSet<>(action.spec().dependencies());
        deps.retainAll(byAddress.keySet());
        return Collections.unmodifiableSet(deps);
    }

    /** The plan's addresses whose spec depends on this one. */
    public Set<Address> dependents(Address address) {
        if (!byAddress().containsKey(address)) {
            throw new IllegalArgumentException(address + " is not in the plan");
        }
        Set<Address> result = new TreeSet<>();
        for (PlannedAction a : actions) {
            if (a.spec().dependencies().contains(address)) {
                result.add(a.address());
            }
        }
        return Collections.unmodifiableSet(result);
    }

    /**
     * The DELETE and REPLACE actions in the order their existing resources can be deleted:
     * dependents first, judged by what was recorded (a replaced resource's old refs).
     */
    public List<PlannedAction> deletions() {
        Map<Address, PlannedAction> removing = new LinkedHashMap<>();
        for (PlannedAction a : actions) {
            if (a.action() == Action.DELETE || a.action() == Action.REPLACE) {
                removing.put(a.address(), a);
            }
        }
        List<Address> forward = Graphs.topologicalOrder(new ArrayList<>(removing.keySet()),
                address -> recordedSpec(removing.get(address)).dependencies());
        List<PlannedAction> order = new ArrayList<>();
        for (int i = forward.size() - 1; i >= 0; i--) {
            order.add(removing.get(forward.get(i)));
        }
        return Collections.unmodifiableList(order);
    }

    /** The CREATE and REPLACE actions, dependencies first (the plan's own order). */
    public List<PlannedAction> creations() {
        return actions.stream().filter(a -> a.action() == Action.CREATE || a.action() == Action.REPLACE).toList();
    }

    private static ResourceSpec recordedSpec(PlannedAction action) {
        return action.current() != null ? action.current().spec() : action.spec();
    }

    /** True when there are no actions at all. */
    public boolean isEmpty() {
        return actions.isEmpty();
    }

    /** The UPDATE actions, dependencies first (the plan's own order). */
    public List<PlannedAction> updates() {
        return actions.stream().filter(a -> a.action() == Action.UPDATE).toList();
    }

    /** True when any action is something other than KEEP. */
    public boolean hasChanges() {
        return actions.stream().anyMatch(a -> a.action() != Action.KEEP);
    }

    private Map<Address, PlannedAction> byAddress() {
        Map<Address, PlannedAction> map = new LinkedHashMap<>();
        actions.forEach(a -> map.put(a.address(), a));
        return map;
    }
}
