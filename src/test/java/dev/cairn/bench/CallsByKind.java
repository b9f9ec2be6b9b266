package dev.cairn.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.engine.CallSite;
import dev.cairn.model.ResourceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run's API calls per resource per kind, from {@code RunResult.callsByKind} (each SDK call
 * attributed to the kind and phase of the node that made it; retries not counted): the table the
 * apply benchmarks print under their totals. A kind's listing shared by the run is counted where it
 * was loaded: under the find of the first resource of the kind that asked.
 */
final class CallsByKind {

    /** The phases the table has a column for; any other (update, delete…) is added to "other". */
    private static final List<CallSite.Phase> COLUMNS = List.of(CallSite.Phase.FIND, CallSite.Phase.CREATE, CallSite.Phase.READY);

    /** One kind's calls. */
    record Row(String kind, int resources, Map<CallSite.Phase, Long> byPhase, long other) {
        long total() {
            return byPhase.values().stream().mapToLong(Long::longValue).sum() + other;
        }

        double perResource() {
            return resources == 0 ? Double.NaN : (double) total() / resources;
        }
    }

    private final List<Row> rows;
    /** Calls made outside any handler call (account check, plan): counted in the total. */
    private final long outside;
    private final int resources;

    private CallsByKind(List<Row> rows, long outside, int resources) {
        this.rows = rows;
        this.outside = outside;
        this.resources = resources;
    }

    static CallsByKind of(Map<String, Long> callsByKind, List<ResourceSpec> specs) {
        Map<String, Integer> count = new TreeMap<>();
        specs.forEach(s -> count.merge(s.kind().wireName(), 1, Integer::sum));
        Map<String, Map<CallSite.Phase, Long>> phases = new TreeMap<>();
        Map<String, Long> others = new TreeMap<>();
        long outside = 0;
        for (Map.Entry<String, Long> e : callsByKind.entrySet()) {
            int space = e.getKey().lastIndexOf(' ');
            if (space < 0) {
                outside += e.getValue();
                continue;
            }
            String kind = e.getKey().substring(0, space);
            CallSite.Phase phase = CallSite.Phase.valueOf(e.getKey().substring(space + 1).toUpperCase(Locale.ROOT));
            count.putIfAbsent(kind, 0);
            if (COLUMNS.contains(phase)) {
                phases.computeIfAbsent(kind, k -> new TreeMap<>()).merge(phase, e.getValue(), Long::sum);
            } else {
                others.merge(kind, e.getValue(), Long::sum);
            }
        }
        List<Row> rows = new ArrayList<>();
        count.forEach((kind, n) -> rows.add(new Row(kind, n, phases.getOrDefault(kind, Map.of()), others.getOrDefault(kind, 0L))));
        return new CallsByKind(rows, outside, specs.size());
    }

    long total() {
        return rows.stream().mapToLong(Row::total).sum() + outside;
    }

    double perResource() {
        return (double) total() / resources;
    }

    String table() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%-28s %4s %6s %6s %6s %6s %6s %9s%n", "kind", "res", "find", "create", "ready", "other",
                "calls", "calls/res"));
        for (Row r : rows) {
            s.append(String.format(Locale.ROOT, "%-28s %4d %6d %6d %6d %6d %6d %9.2f%n", r.kind(), r.resources(),
                    r.byPhase().getOrDefault(CallSite.Phase.FIND, 0L), r.byPhase().getOrDefault(CallSite.Phase.CREATE, 0L),
                    r.byPhase().getOrDefault(CallSite.Phase.READY, 0L), r.other(), r.total(), r.perResource()));
        }
        s.append(String.format(Locale.ROOT, "%-28s %4s %6s %6s %6s %6d %6d%n", "(outside any resource)", "", "", "", "", outside, outside));
        s.append(String.format(Locale.ROOT, "%-28s %4d %6s %6s %6s %6s %6d %9.2f   target <= 3%n", "total", resources, "", "", "", "",
                total(), perResource()));
        return s.toString();
    }

    /** The same figures for the benchmark's JSON. */
    void json(ObjectNode o) {
        o.put("apiCalls", total()).put("resources", resources).put("apiCallsPerResource", perResource()).put("outsideResources", outside);
        ObjectNode kinds = o.putObject("byKind");
        for (Row r : rows) {
            ObjectNode k = kinds.putObject(r.kind()).put("resources", r.resources());
            COLUMNS.forEach(p -> k.put(p.word(), r.byPhase().getOrDefault(p, 0L)));
            k.put("other", r.other()).put("calls", r.total()).put("callsPerResource", r.perResource());
        }
    }
}
