package dev.cairn.sandbox.logs;

import java.util.List;

/**
 * What CloudWatch Logs does for the services that write logs in the caller's account and region
 * (a build's phases, a task's output). Exported by the {@code logs} service.
 */
public interface LogEvents {

    /** Whether the log group exists. */
    boolean groupExists(String groupName);

    /**
     * Appends messages, stamped with the caller's clock, to a stream of an existing group (the
     * stream is created when missing). Returns false, writing nothing, when the group does not
     * exist: the writer decides what AWS would do then.
     */
    boolean append(String groupName, String streamName, List<String> messages);
}
