package dev.cairn.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps each member of a group in the cell it was first drawn in, across refreshes, so that an
 * instance coming or going moves no other one: a member keeps its slot while it exists; a new
 * one takes the lowest slot free in its zone. Not thread-safe: one per viewer, used from one thread.
 */
public final class MemberSlots {

    /** Per group, per instance ID: its slot. */
    private final Map<Object, Map<String, Integer>> slots = new HashMap<>();

    /** The members of {@code group} with their slots, remembering them for the next call. */
    public List<GroupMember> assign(Object group, List<GroupMember> members) {
        Map<String, Integer> previous = slots.getOrDefault(group, Map.of());
        Map<String, Integer> next = new HashMap<>();
        Map<String, Set<Integer>> taken = new HashMap<>();
        for (GroupMember m : members) {
            Integer s = previous.get(m.instanceId());
            if (s != null) {
                next.put(m.instanceId(), s);
                taken.computeIfAbsent(m.zone(), z -> new HashSet<>()).add(s);
            }
        }
        List<GroupMember> out = new ArrayList<>(members.size());
        for (GroupMember m : members) {
            Integer s = next.get(m.instanceId());
            if (s == null) {
                Set<Integer> used = taken.computeIfAbsent(m.zone(), z -> new HashSet<>());
                int free = 0;
                while (used.contains(free)) {
                    free++;
                }
                used.add(free);
                s = free;
                next.put(m.instanceId(), s);
            }
            out.add(m.withSlot(s));
        }
        slots.put(group, next);
        return out;
    }

    /** Forgets every group (another stack opened). */
    public void clear() {
        slots.clear();
    }
}
