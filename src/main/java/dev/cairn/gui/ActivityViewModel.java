package dev.cairn.gui;

import dev.cairn.engine.Message;
import dev.cairn.engine.ResourceEvent;
import dev.cairn.model.Address;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
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
    /** True once a run started: its rows stay, with their results, until another stack opens. */
    private boolean showingRun;

    public ActivityViewModel(Clock clock) {
        this.clock = clock;
    }

    /** Starts a run: one row per resource it will touch, all new. */
    public void start(List<ResourceSpec> specs, Problem note) {
        showingRun = true;
        live.clear();
        setRows(specs, s -> ItemStatus.NEW, Duration.ZERO);
        note(note);
    }

    /**
     * Before the open stack's first run: one row per resource the next Apply touches, ready when it
     * exists, new when it does not, so the list says what Apply will do. No-op once a run started.
     */
    public void preview(List<ResourceSpec> specs, Set<Address> existing) {
        if (!showingRun) {
            setRows(specs, s -> existing.contains(s.address()) ? ItemStatus.READY : ItemStatus.NEW, null);
        }
    }

    /** Another stack is open: its plan, not the last stack's run, fills the list. */
    public void reset() {
        showingRun = false;
        rows.clear();
        byAddress.clear();
        live.clear();
    }

    /**
     * The rows for {@code specs}, reusing the current ones when the same resources are listed again:
     * the table then keeps its cells, and the first frames of a run do not rebuild it.
     */
    private void setRows(List<ResourceSpec> specs, Function<ResourceSpec, ItemStatus> status, Duration elapsed) {
        List<Address> next = specs.stream().map(ResourceSpec::address).toList();
        if (!next.equals(rows.stream().map(ActivityRow::address).toList())) {
            byAddress.clear();
            List<ActivityRow> fresh = new ArrayList<>(specs.size());
            for (ResourceSpec s : specs) {
                ActivityRow row = new ActivityRow(s.address(), s.kind(), status.apply(s));
                byAddress.put(s.address(), row);
                fresh.add(row);
            }
            rows.setAll(fresh);
        }
        for (ResourceSpec s : specs) {
            byAddress.get(s.address()).reset(status.apply(s), elapsed);
        }
    }

    public void note(Problem note) {
        append(LogLine.note(clock.instant(), note));
    }

    /** One batch of engine events, in the order the engine sent them. */
    public void accept(List<ResourceEvent> batch) {
        batches.set(batches.get() + 1);
        List<LogLine> lines = new ArrayList<>(batch.size());
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
    public void annotate(Address address, Message message) {
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
