package dev.cairn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.app.DataAtRisk;
import dev.cairn.app.HowToUse;
import dev.cairn.app.StackStores;
import dev.cairn.app.ConnectionStatus;
import dev.cairn.app.PipelineStatus;
import dev.cairn.app.StorageStatus;
import dev.cairn.step.pipeline.PipelineSection;
import dev.cairn.app.Target;
import dev.cairn.app.WebStatus;
import dev.cairn.step.storage.StorageSection;
import dev.cairn.step.web.WebSection;
import dev.cairn.model.Blueprint;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.StackState;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cairn status}: what the stack's state says exists, and any interrupted operation. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the stack's resources as its state records them, and interrupted operations.")
final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptions options;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Blueprint bp = options.loadBlueprint(spec.commandLine().getErr());
        Path dir = options.stateDir(bp);
        StackStores.View view = options.readView(bp);
        StackState state = view.state();
        if (options.json()) {
            ObjectMapper m = new ObjectMapper();
            ObjectNode o = m.createObjectNode();
            o.put("stack", bp.name());
            if (dir != null) {
                o.put("stateDir", dir.toAbsolutePath().toString());
            }
            ObjectNode st = o.putObject("state");
            st.put("location", view.location());
            view.lock().ifPresentOrElse(h -> st.putObject("lock").put("id", h.id()).put("who", h.who()).put("host", h.host())
                    .put("pid", h.pid()).put("command", h.command()).put("since", h.since().toString())
                    .put("stale", view.stale()), () -> st.putNull("lock"));
            ArrayNode resources = o.putArray("resources");
            for (ResourceRecord r : state.resources().values()) {
                ObjectNode n = resources.addObject();
                n.put("address", r.address().value());
                n.put("kind", r.kind().name());
                n.put("region", r.spec().region());
                n.put("id", r.physicalId());
                n.put("status", r.status().label());
                r.attributes().forEach(n::put);
            }
            ArrayNode pending = o.putArray("interrupted");
            state.pending().forEach((a, p) -> pending.addObject().put("address", a.value()).put("operation", p.operation()));
            if (webOn(bp)) {
                WebStatus web = webStatus(bp, state);
                ObjectNode w = o.putObject("web");
                w.put("url", web.url().orElse(null));
                web.sizes().ifPresentOrElse(s -> w.putObject("autoScaling").put("min", s.min()).put("desired", s.desired())
                        .put("max", s.max()).put("inService", s.inService()), () -> w.putNull("autoScaling"));
                web.targets().ifPresentOrElse(t -> w.putObject("targets").put("healthy", t.healthy())
                        .put("unhealthy", t.unhealthy()), () -> w.putNull("targets"));
            }
            if (storageOn(bp)) {
                StorageStatus storage = storageStatus(state);
                ObjectNode so = o.putObject("storage");
                storage.bucket().ifPresentOrElse(b -> {
                    ObjectNode n = so.putObject("bucket").put("name", b.name()).put("url", b.url());
                    b.contents().ifPresentOrElse(c -> n.put("objects", c.objects()).put("versions", c.versions())
                                    .put("deleteMarkers", c.deleteMarkers()),
                            () -> n.putNull("objects").putNull("versions").putNull("deleteMarkers"));
                    b.objectUrlPattern().ifPresent(u -> n.put("objectUrl", u));
                }, () -> so.putNull("bucket"));
                storage.table().ifPresentOrElse(t -> {
                    ObjectNode n = so.putObject("table").put("name", t.name()).put("status", t.status());
                    t.items().ifPresentOrElse(i -> n.put("items", i), () -> n.putNull("items"));
                }, () -> so.putNull("table"));
                storage.stateBucket().ifPresentOrElse(b -> so.put("stateBucket", b), () -> so.putNull("stateBucket"));
            }
            if (pipelineOn(bp)) {
                PipelineStatus pipeline = pipelineStatus(bp, state);
                ObjectNode po = o.putObject("pipeline");
                pipeline.connection().ifPresentOrElse(c -> {
                    ObjectNode n = po.putObject("connection").put("name", c.name()).put("arn", c.arn()).put("status", c.status());
                    if (c.awaitingHandshake()) {
                        n.put("consoleUrl", c.consoleUrl()).put("howTo", handshakeHowTo(bp.name(), c));
                    }
                    c.problem().ifPresent(x -> n.put("problem", x));
                }, () -> po.putNull("connection"));
                pipeline.repository().ifPresentOrElse(r -> po.put("repository", r), () -> po.putNull("repository"));
                pipeline.lastExecution().ifPresentOrElse(e -> po.putObject("lastExecution").put("id", e.id())
                        .put("status", e.status()), () -> po.putNull("lastExecution"));
                pipeline.productionUrl().ifPresentOrElse(u -> po.put("productionUrl", u), () -> po.putNull("productionUrl"));
                pipeline.testUrl().ifPresentOrElse(u -> po.put("testUrl", u), () -> po.putNull("testUrl"));
            }
            out.println(o.toPrettyString());
        } else {
            out.println("Stack " + bp.name() + " (" + view.location() + ")");
            view.lock().ifPresent(h -> out.println("  locked by " + h.describe() + " (lock " + h.id() + ")"
                    + (view.stale() ? " — stale: its holder is gone; `cairn state unlock --stack " + bp.name()
                            + " --force" + (options.stateInS3(bp) ? " --state " + options.stateLocation(bp) : "") + " --lock-id " + h.id()
                            + "` removes it" : "")));
            if (state.isEmpty()) {
                out.println("  nothing recorded: the stack has not been applied, or it was destroyed.");
            }
            for (ResourceRecord r : state.resources().values()) {
                out.printf(Locale.ROOT, "  %-34s %-24s %-26s %s%n", r.address(), r.kind().label(),
                        r.physicalId() == null ? "" : r.physicalId(), r.status().label());
            }
            state.pending().forEach((a, p) -> out.printf(Locale.ROOT,
                    "  interrupted: %s %s — the next apply or destroy finds it by its tags and finishes it%n", p.operation(), a));
            out.println(state.resources().size() + " resource(s) recorded, " + state.pending().size() + " interrupted.");
            List<String> howTo = new java.util.ArrayList<>(HowToUse.lines(state));
            if (webOn(bp) && WebStatus.built(state)) {
                WebStatus web = webStatus(bp, state);
                web.sizes().ifPresent(s -> out.printf(Locale.ROOT, "Web tier: %d of %d..%d instance(s) in service (desired %d)%s%n",
                        s.inService(), s.min(), s.max(), s.desired(), web.targets().map(t -> ", targets " + t.healthy()
                                + " healthy, " + t.unhealthy() + " unhealthy").orElse("")));
                WebSection section = bp.section(WebSection.KEY);
                howTo.addAll(HowToUse.lines(HowToUse.webSteps(bp.name(), web.url(), options.targetKind() != Target.Kind.AWS,
                        section.httpsOn() && options.targetKind() != Target.Kind.AWS, state)));
            }
            if (storageOn(bp) && StorageStatus.built(state)) {
                printStorage(out, bp.name(), storageStatus(state));
            }
            if (pipelineOn(bp) && PipelineStatus.built(state)) {
                printPipeline(out, bp.name(), pipelineStatus(bp, state));
            }
            if (!howTo.isEmpty()) {
                out.println();
                out.println("How to use:");
                howTo.forEach(line -> out.println("  " + line));
                if (options.targetKind() == Target.Kind.SANDBOX && webOn(bp) && WebStatus.built(state)) {
                    // The in-process Sandbox, and with it the load balancer's loopback port, ends with this command.
                    out.println("  (--sandbox runs the Sandbox only while a command runs: to curl the site, keep one serving the"
                            + " same data with `cairn sandbox serve` and use --endpoint with its URL, or open the desktop app)");
                }
            }
        }
        out.flush();
        return CairnCommand.EXIT_OK;
    }

    /** The Storage step's lines: the bucket's URL and contents, the public object URL, the table, the state bucket. */
    static void printStorage(PrintWriter out, String stack, StorageStatus storage) {
        storage.bucket().ifPresent(b -> {
            out.println("Bucket " + b.name() + ": " + b.url() + b.contents().map(c -> String.format(Locale.ROOT,
                    " — %d object%s, %d version%s, %d delete marker%s", c.objects(), c.objects() == 1 ? "" : "s", c.versions(),
                    c.versions() == 1 ? "" : "s", c.deleteMarkers(), c.deleteMarkers() == 1 ? "" : "s")).orElse(""));
            b.objectUrlPattern().ifPresent(u -> out.println("  public read is on: anyone can open " + u));
        });
        storage.table().ifPresent(t -> out.println("Table " + t.name() + ": " + t.status()
                + t.items().map(i -> ", about " + i + " item" + (i == 1 ? "" : "s") + " (DynamoDB refreshes the count every few hours)")
                        .orElse("")));
        storage.stateBucket().ifPresent(b -> out.println("State bucket " + b + ": move this stack into it with `"
                + StorageStatus.migrateCommand(stack, b) + "`"));
    }

    /** The Pipeline step's lines: the connection (and how to finish its handshake), the repository, the last run, the URLs. */
    static void printPipeline(PrintWriter out, String stack, PipelineStatus pipeline) {
        pipeline.connection().ifPresent(c -> {
            out.println("GitHub connection " + c.name() + ": " + c.status() + c.problem().map(p -> " (" + p + ")").orElse(""));
            if (c.awaitingHandshake()) {
                out.println("  " + handshakeHowTo(stack, c));
            }
        });
        pipeline.repository().ifPresent(r -> out.println("Repository: " + r));
        pipeline.lastExecution().ifPresentOrElse(e -> out.println("Last execution " + e.id() + ": " + e.status()),
                () -> out.println("Last execution: none yet (a push to the branch, or `cairn pipeline release`, starts one)"));
        pipeline.productionUrl().ifPresent(u -> out.println("Production: " + u));
        pipeline.testUrl().ifPresent(u -> out.println("Test (the new version before the reroute): " + u));
    }

    /** What finishes a PENDING handshake: only a person in the console can (no API can), or the Sandbox's command. */
    static String handshakeHowTo(String stack, ConnectionStatus c) {
        return "PENDING: only a person can finish the handshake. Open " + c.consoleUrl() + ", choose the connection and"
                + " Update pending connection, and authorize GitHub. In the Sandbox: `cairn sandbox connect --stack " + stack + "`.";
    }

    private static boolean pipelineOn(Blueprint bp) {
        PipelineSection p = bp.section(PipelineSection.KEY);
        return p != null && p.on();
    }

    /** The Pipeline step as it stands: asked of the target only once the state holds some of it. */
    private PipelineStatus pipelineStatus(Blueprint bp, StackState state) {
        if (!PipelineStatus.built(state)) {
            return PipelineStatus.NONE;
        }
        try (Target target = options.openTarget()) {
            return PipelineStatus.read(target, bp, state);
        }
    }

    private static boolean storageOn(Blueprint bp) {
        StorageSection storage = bp.section(StorageSection.KEY);
        return storage != null && storage.on();
    }

    /** The Storage step as it stands: asked of the target only once the state holds it. */
    private StorageStatus storageStatus(StackState state) {
        if (!StorageStatus.built(state)) {
            return StorageStatus.NONE;
        }
        try (Target target = options.openTarget()) {
            return StorageStatus.read(target, state, DataAtRisk.counter(target));
        }
    }

    private static boolean webOn(Blueprint bp) {
        WebSection web = bp.section(WebSection.KEY);
        return web != null && web.on();
    }

    /**
     * The Web tier as it stands: asked of the target (the embedded Sandbox is started on its data
     * for the call) only once the state holds it; before, every field is empty.
     */
    private WebStatus webStatus(Blueprint bp, StackState state) {
        if (!WebStatus.built(state)) {
            return WebStatus.NONE;
        }
        try (Target target = options.openTarget()) {
            return WebStatus.read(target, bp, state);
        }
    }
}
