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
 * @param message what happened or what is being waited for, as a key and arguments each face
 *     words in its language; AWS's message on failure
 * @param elapsed time since this resource's operation started
 */
public record ResourceEvent(
        Instant at,
        Address address,
        ResourceKind kind,
        ItemStatus status,
        String physicalId,
        Message message,
        Duration elapsed) {

    public ResourceEvent {
        physicalId = physicalId == null ? "" : physicalId;
        message = message == null ? Message.NONE : message;
        elapsed = elapsed == null ? Duration.ZERO : elapsed;
    }

    /** The message in English (the CLI's and the logs' words). */
    public String text() {
        return message.english();
    }
}
