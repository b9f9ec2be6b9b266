package dev.cairn.plan;

import dev.cairn.model.Address;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Function;

/** Dependency-graph helpers over addresses; knows nothing of AWS. */
final class Graphs {

    private Graphs() {}

    /**
     * Orders {@code nodes} so that every node comes after the nodes it depends on. Among nodes
     * that are ready at the same time the earlier one in {@code nodes} goes first, so the order is
     * stable for the same input. Dependencies outside {@code nodes} are ignored.
     *
     * @throws IllegalStateException naming the cycle, if there is one
     */
    static List<Address> topologicalOrder(List<Address> nodes, Function<Address, Set<Address>> dependencies) {
        Map<Address, Integer> index = new HashMap<>();
        for (Address a : nodes) {
            index.putIfAbsent(a, index.size());
        }
        Map<Address, Integer> waitingOn = new HashMap<>();
        Map<Address, List<Address>> dependents = new HashMap<>();
        for (Address a : index.keySet()) {
            int count = 0;
            for (Address d : dependencies.apply(a)) {
                if (index.containsKey(d) && !d.equals(a)) {
                    count++;
                    dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(a);
                } else if (d.equals(a)) {
                    throw new IllegalStateException("dependency cycle: " + a + " → " + a);
                }
            }
            waitingOn.put(a, count);
        }
        PriorityQueue<Address> ready = new PriorityQueue<>((x, y) -> Integer.compare(index.get(x), index.get(y)));
        waitingOn.forEach((a, count) -> {
            if (count == 0) {
                ready.add(a);
            }
        });
        List<Address> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            Address next = ready.poll();
            order.add(next);
            for (Address dependent : dependents.getOrDefault(next, List.of())) {
                if (waitingOn.merge(dependent, -1, Integer::sum) == 0) {
                    ready.add(dependent);
                }
            }
        }
        if (order.size() < index.size()) {
            Set<Address> left = new HashSet<>(index.keySet());
            order.forEach(left::remove);
            throw new IllegalStateException("dependency cycle: " + describeCycle(left, index, dependencies));
        }
        return Collections.unmodifiableList(order);
    }

    /** Walks from any remaining node along in-graph dependencies until a node repeats. */
    private static String describeCycle(Set<Address> left, Map<Address, Integer> index,
            Function<Address, Set<Address>> dependencies) {
        Address start = left.stream().min((x, y) -> Integer.compare(index.get(x), index.get(y))).orElseThrow();
        List<Address> path = new ArrayList<>();
        Address current = start;
        while (!path.contains(current)) {
            path.add(current);
            // Every node left over waits on at least one other left-over node.
            current = dependencies.apply(current).stream().filter(left::contains).sorted().findFirst().orElseThrow();
        }
        List<Address> cycle = new ArrayList<>(path.subList(path.indexOf(current), path.size()));
        cycle.add(current);
        return String.join(" → ", cycle.stream().map(Address::value).toList());
    }
}
