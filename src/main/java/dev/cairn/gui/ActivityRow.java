package dev.cairn.gui;

import dev.cairn.engine.Message;
import dev.cairn.model.Address;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceKind;
import java.time.Duration;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** One resource in the activity list: its latest state, elapsed time and message. */
public final class ActivityRow {

    private final Address address;
    private final ResourceKind kind;
    private final ReadOnlyObjectWrapper<ItemStatus> status;
    private final ReadOnlyObjectWrapper<Duration> elapsed = new ReadOnlyObjectWrapper<>(Duration.ZERO);
    private final ReadOnlyObjectWrapper<Message> message = new ReadOnlyObjectWrapper<>(Message.NONE);
    private final ReadOnlyStringWrapper physicalId = new ReadOnlyStringWrapper("");

    public ActivityRow(Address address, ResourceKind kind, ItemStatus status) {
        this.address = address;
        this.kind = kind;
        this.status = new ReadOnlyObjectWrapper<>(status);
    }

    public Address address() {
        return address;
    }

    public ResourceKind kind() {
        return kind;
    }

    public ReadOnlyObjectProperty<ItemStatus> statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Duration> elapsedProperty() {
        return elapsed.getReadOnlyProperty();
    }

    /** What the engine last said about the resource, as a key the view words in the chosen language. */
    public ReadOnlyObjectProperty<Message> messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty physicalIdProperty() {
        return physicalId.getReadOnlyProperty();
    }

    void update(ItemStatus newStatus, Duration newElapsed, Message newMessage, String newPhysicalId) {
        status.set(newStatus);
        elapsed.set(newElapsed);
        if (!newMessage.isEmpty()) {
            message.set(newMessage);
        }
        if (!newPhysicalId.isEmpty()) {
            physicalId.set(newPhysicalId);
        }
    }

    /** Back to a fresh row: another run, or the plan again (elapsed null: not run yet). */
    void reset(ItemStatus newStatus, Duration newElapsed) {
        status.set(newStatus);
        elapsed.set(newElapsed);
        message.set(Message.NONE);
        physicalId.set("");
    }

    void note(Message newMessage) {
        message.set(newMessage);
    }
}
