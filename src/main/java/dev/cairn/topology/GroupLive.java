package dev.cairn.topology;

import java.util.List;

/**
 * What AWS says of one Auto Scaling group now: the capacity it aims at and its instances.
 *
 * @param desired the group's current desired capacity (target tracking changes it as it scales)
 * @param members its instances, in the order AWS lists them
 */
public record GroupLive(int desired, List<GroupMember> members) {

    public GroupLive {
        members = List.copyOf(members);
    }

    /** The members in service. */
    public long inService() {
        return members.stream().filter(m -> "InService".equals(m.lifecycle())).count();
    }
}
