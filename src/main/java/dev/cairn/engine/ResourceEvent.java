package dev.cairn.engine;

import dev.cairn.model.Address;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceKind;
import java.time.Duration;
import java.time.Instant;

/**
 * One change in one resource's run state, as the engine sees it. Views (activity list,
 * diagram, CLI) are built from this stream and from {@link dev.cairn.model.StackState}.
 *
 * @param physicalId the AWS ID when known, else empty
 * @param message what happened or what is being waited for, in words; AWS's message on failure
 * @param elapsed time since this resource's operation started
 */
public record ResourceEvent(
        Instant at,
        Address address,
        ResourceKind kind,
        ItemStatus status,
        String physicalId,
        String message,
        Duration elapsed) {

    public ResourceEvent {
        physicalId = physicalId == null ? "" : physicalId;
        message = message == null ? "" : message;
        elapsed = elapsed == null ? Duration.ZERO : elapsed;
    }
}
