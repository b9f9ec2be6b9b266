package dev.cairn.gui;

import dev.cairn.engine.Message;
import dev.cairn.model.ItemStatus;
import java.time.Instant;

/**
 * One line of the run log: a resource event ({@code address} and {@code status} set) or a note
 * about the run itself ({@code note} set, translated by the view).
 */
public record LogLine(Instant at, String address, ItemStatus status, Message message, Problem note) {

    public static LogLine event(Instant at, String address, ItemStatus status, Message message) {
        return new LogLine(at, address, status, message, null);
    }

    public static LogLine note(Instant at, Problem note) {
        return new LogLine(at, "", null, Message.NONE, note);
    }
}
