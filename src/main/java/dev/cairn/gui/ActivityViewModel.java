package dev.cairn.gui;

import dev.cairn.engine.ResourceEvent;
import dev.cairn.model.Address;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceSpec;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

/**
 * The activity list (one row per resource) and the run log, fed with batches of engine events on
 * the FX thread by an {@link EventCoalescer}. Also keeps the live status per address the diagram
 * draws from.
 */
public final class ActivityViewModel {

    /** The log keeps the latest lines only, so a long session does not grow without bound. */
    public static final int MAX_LOG_LINES = 5_000;

    private final ObservableList<ActivityRow> rows = FXCollections.observableArrayList();
    /** One wrapper, kept: listeners on a wrapper made per call would be lost to GC. */
    private final ObservableList<ActivityRow> readOnlyRows = FXCollections.unmodifiableObservableList(rows);
    private final Map<Address, ActivityRow> byAddress = new HashMap<>();
    private final ObservableList<LogLine> log = FXCollections.observableArrayList();
    /** One wrapper, kept: listeners on a wrapper made per call would be lost to GC. */
    private final ObservableList<LogLine> readOnlyLog = FXCollections.unmodifiableObservableList(log);
    private final ObservableMap<Address, ItemStatus> live = FXCollections.observableHashMap();
    /** One wrapper, kept: listeners on a wrapper made per call would be lost to GC. */
    private final ObservableMap<Address, ItemStatus> readOnlyLive = FXCollections.unmodifiableObservableMap(live);
    private final ReadOnlyIntegerWrapper batches = new ReadOnlyIntegerWrapper();
    private final Clock clock;

    public ActivityViewModel(Clock clock) {
        this.clock = clock;
    }

    /** Starts a run: one row per resource it will touch, all new. */
    public void start(List<ResourceSpec> specs, Problem note) {
        rows.clear();
        byAddress.clear();
        live.clear();
        for (ResourceSpec s : specs) {
            ActivityRow row = new ActivityRow(s.address(), s.kind(), ItemStatus.NEW);
            byAddress.put(s.address(), row);
            rows.add(row);
        }
        note(note);
    }

    public void note(Problem note) {
        append(LogLine.note(clock.instant(), note));
    }

    /** One batch of engine events, in the order the engine sent them. */
    public void accept(List<ResourceEvent> batch) {
        batches.set(batches.get() + 1);
        List<LogLine> lines = new java.util.ArrayList<>(batch.size());
        for (ResourceEvent e : batch) {
            ActivityRow row = byAddress.get(e.address());
            if (row == null) {
                row = new ActivityRow(e.address(), e.kind(), e.status());
                byAddress.put(e.address(), row);
                rows.add(row);
            }
            row.update(e.status(), e.elapsed(), e.message(), e.physicalId());
            live.put(e.address(), e.status());
            lines.add(LogLine.event(e.at(), e.address().value(), e.status(), e.message()));
        }
        // One change for the whole batch: the log view lays out once per batch, not per event.
        appendAll(lines);
    }

    /** Adds a message to a row after the run (a skipped resource: which failure blocked it). */
    public void annotate(Address address, String message) {
        ActivityRow row = byAddress.get(address);
        if (row != null) {
            row.note(message);
        }
    }

    private void append(LogLine line) {
        appendAll(List.of(line));
    }

    private void appendAll(List<LogLine> lines) {
        log.addAll(lines);
        if (log.size() > MAX_LOG_LINES) {
            log.remove(0, log.size() - MAX_LOG_LINES);
        }
    }

    public ObservableList<ActivityRow> rows() {
        return readOnlyRows;
    }

    public ObservableList<LogLine> log() {
        return readOnlyLog;
    }

    public ObservableMap<Address, ItemStatus> live() {
        return readOnlyLive;
    }

    /** How many batches arrived (each one FX-thread hand-off): for the coalescing test. */
    public ReadOnlyIntegerProperty batchesProperty() {
        return batches.getReadOnlyProperty();
    }
}
