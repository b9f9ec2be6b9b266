package dev.cairn.topology;

import dev.cairn.model.ItemStatus;

/**
 * How a resource is drawn in the diagram. Fewer states than {@link ItemStatus}: a resource that is
 * new, waiting on its dependencies or skipped does not exist yet, so it is drawn as planned.
 */
public enum NodeStatus {
    PLANNED,
    CREATING,
    READY,
    FAILED,
    DELETING,
    DELETED;

    /** The display status of a run status. */
    public static NodeStatus of(ItemStatus status) {
        return switch (status) {
            case NEW, WAITING, SKIPPED -> PLANNED;
            case CREATING, UPDATING -> CREATING;
            case READY -> READY;
            case FAILED -> FAILED;
            case DELETING -> DELETING;
            case DELETED -> DELETED;
        };
    }
}
