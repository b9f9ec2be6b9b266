package dev.cairn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.engine.EngineListener;
import dev.cairn.engine.ResourceEvent;
import dev.cairn.engine.RunResult;
import dev.cairn.engine.TagScanner;
import dev.cairn.model.Address;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/** Prints a run as it goes (text) and its end (text or one JSON object). */
final class RunReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PrintWriter out;
    private final boolean json;
    private final Instant started = Instant.now();

    RunReport(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    /** Prints one line per event in text mode; JSON mode prints only the final object. */
    EngineListener listener() {
        if (json) {
            return EngineListener.NONE;
        }
        return this::print;
    }

    private synchronized void print(ResourceEvent e) {
        double t = Duration.between(started, e.at()).toMillis() / 1000.0;
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "[%6.1fs] %-34s %-24s", t, e.address(), e.status().label()));
        if (!e.physicalId().isEmpty()) {
            line.append(' ').append(e.physicalId());
        }
        if (!e.message().isEmpty()) {
            line.append("  ").append(e.text());
        }
        out.println(line.toString().stripTrailing());
        out.flush();
    }

    /** The end of an apply or destroy; returns the exit code. */
    int finish(String verb, String stack, String target, RunResult r) {
        int resources = r.created().size() + r.adopted().size() + r.updated().size() + r.kept().size();
        if (json) {
            ObjectNode o = JSON.createObjectNode();
            o.put("stack", stack);
            o.put("target", target);
            o.put("verb", verb);
            o.put("succeeded", r.succeeded());
            o.put("created", r.created().size());
            o.put("adopted", r.adopted().size());
            o.put("updated", r.updated().size());
            o.put("kept", r.kept().size());
            o.put("deleted", r.deleted().size());
            o.put("failed", r.failed().size());
            o.put("skipped", r.skipped().size());
            o.put("cancelled", r.cancelled());
            o.put("wallSeconds", round(r.wallSeconds()));
            o.put("criticalPathSeconds", round(r.criticalPathSeconds()));
            o.put("apiCalls", r.apiCalls());
            int touched = resources + r.deleted().size();
            o.put("apiCallsPerResource", touched == 0 ? 0.0 : round((double) r.apiCalls() / touched));
            ArrayNode created = o.putArray("createdAddresses");
            r.created().forEach(a -> created.add(a.value()));
            ObjectNode failures = o.putObject("failures");
            r.failed().forEach((a, m) -> failures.put(a.value(), m));
            ObjectNode skips = o.putObject("skippedBecause");
            r.skipped().forEach((a, cause) -> skips.put(a.value(), cause.value()));
            ArrayNode remaining = o.putArray("remaining");
            for (TagScanner.TaggedResource t : r.remaining()) {
                remaining.addObject().put("region", t.region()).put("type", t.resourceType())
                        .put("id", t.physicalId()).put("address", t.address()).put("state", t.awsState());
            }
            ObjectNode durations = o.putObject("durationsSeconds");
            r.durations().forEach((k, d) -> durations.put(k, round(d.toMillis() / 1000.0)));
            out.println(o.toPrettyString());
            out.flush();
            return r.succeeded() ? CairnCommand.EXIT_OK : CairnCommand.EXIT_FAILED;
        }
        out.println();
        for (Map.Entry<Address, String> f : r.failed().entrySet()) {
            out.println("Failed: " + f.getKey() + ": " + f.getValue());
        }
        if (!r.skipped().isEmpty()) {
            out.println("Skipped " + r.skipped().size() + " that depend on a failure: "
                    + String.join(", ", r.skipped().keySet().stream().map(Address::value).toList()));
        }
        if (r.cancelled()) {
            out.println("Cancelled: calls in flight finished and are journaled; run the same command again to resume.");
        }
        String head = r.succeeded() ? verb + " complete" : verb + " incomplete";
        // Updates in place are named only when a run made some, so a plain apply reads as it always did.
        String updated = r.updated().isEmpty() ? "" : String.format(Locale.ROOT, ", %d updated", r.updated().size());
        out.printf(Locale.ROOT, "%s: %d created, %d adopted%s, %d kept, %d deleted, %d failed in %.1f s"
                        + " (critical path %.1f s, %d API calls).%n",
                head, r.created().size(), r.adopted().size(), updated, r.kept().size(), r.deleted().size(),
                r.failed().size(), r.wallSeconds(), r.criticalPathSeconds(), r.apiCalls());
        out.flush();
        return r.succeeded() ? CairnCommand.EXIT_OK : CairnCommand.EXIT_FAILED;
    }

    /** The tag scan's verdict after a destroy, in words. */
    void tagScan(String stack, RunResult r) {
        if (json) {
            return;
        }
        if (r.remaining().isEmpty()) {
            out.println("Tag scan: nothing tagged cairn:stack=" + stack + " remains.");
        } else {
            out.println("Tag scan: " + r.remaining().size() + " resource(s) tagged cairn:stack=" + stack + " remain:");
            for (TagScanner.TaggedResource t : r.remaining()) {
                out.println("  " + t.region() + "  " + t.resourceType() + "  " + t.physicalId()
                        + (t.address().isEmpty() ? "" : "  (" + t.address() + ")")
                        + (t.awsState().isEmpty() ? "" : "  " + t.awsState()));
            }
            for (Map.Entry<Address, String> f : r.failed().entrySet()) {
                out.println("  blocked: " + f.getKey() + ": " + f.getValue());
            }
        }
        out.flush();
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
