package dev.cairn.topology;

import dev.cairn.model.Address;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.StackState;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything the diagram shows of one stack.
 *
 * @param stack the stack name
 * @param region the stack's home region (drawn first when resources span regions)
 * @param desired the resources the plan wants, in any order
 * @param state what exists: physical IDs and attributes
 * @param live run statuses from engine events; they win over what state says
 * @param groups what AWS says now of the stack's Auto Scaling groups, by the group's address: their
 *     members, which are not specs (empty: members only from the group's recorded attributes)
 * @param taskSets what AWS says now of the task sets of the services CodeDeploy deploys blue/green,
 *     by the service's address, during a deployment (empty: none watched)
 */
public record TopologyInput(String stack, String region, List<ResourceSpec> desired, StackState state,
        Map<Address, ItemStatus> live, Map<Address, GroupLive> groups, Map<Address, List<TaskSetLive>> taskSets) {

    public TopologyInput {
        taskSets = Collections.unmodifiableMap(new TreeMap<>(taskSets == null ? Map.of() : taskSets));
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(region, "region");
        desired = List.copyOf(desired);
        state = state == null ? StackState.empty(stack) : state;
        live = Collections.unmodifiableMap(new TreeMap<>(live == null ? Map.of() : live));
        groups = Collections.unmodifiableMap(new TreeMap<>(groups == null ? Map.of() : groups));
    }

    /** A stack without live task sets (no deployment is being watched). */
    public TopologyInput(String stack, String region, List<ResourceSpec> desired, StackState state,
            Map<Address, ItemStatus> live, Map<Address, GroupLive> groups) {
        this(stack, region, desired, state, live, groups, Map.of());
    }

    /** A stack without live group data: members come from the groups' recorded attributes. */
    public TopologyInput(String stack, String region, List<ResourceSpec> desired, StackState state,
            Map<Address, ItemStatus> live) {
        this(stack, region, desired, state, live, Map.of(), Map.of());
    }

    /** A stack with only a plan: nothing exists and nothing runs yet. */
    public static TopologyInput planned(String stack, String region, List<ResourceSpec> desired) {
        return new TopologyInput(stack, region, desired, StackState.empty(stack), Map.of(), Map.of(), Map.of());
    }
}
