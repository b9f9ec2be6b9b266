package dev.cairn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.app.DataAtRisk;
import dev.cairn.app.HostedZones;
import dev.cairn.app.StackRunner;
import dev.cairn.app.MyIpResolver;
import dev.cairn.app.Target;
import dev.cairn.model.Blueprint;
import dev.cairn.plan.CostEstimate;
import dev.cairn.plan.CostRange;
import dev.cairn.plan.Plan;
import dev.cairn.plan.PlannedAction;
import dev.cairn.plan.Planner;
import dev.cairn.model.StackState;
import dev.cairn.step.storage.BucketNames;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code cairn plan}: what an apply would create, keep, replace and delete, one line per
 * resource, from the blueprint and the stack's state. Makes no AWS call.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show what apply would create, keep and delete. Makes no AWS call (with access.myIp: auto against AWS, asks checkip.amazonaws.com for your address).")
final class PlanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptions options;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Blueprint bp;
        options.checkProfile();
        try {
            bp = MyIpResolver.forTarget(options.targetKind()).resolve(options.loadBlueprint(spec.commandLine().getErr()));
        } catch (MyIpResolver.MyIpException e) {
            throw new CairnCommand.UsageException(e.getMessage());
        }
        if (HostedZones.domain(bp).isPresent() && options.targetKind() != Target.Kind.SANDBOX) {
            // The plan's one call: HTTPS needs the domain's zone (checked in AWS, made at an endpoint).
            // The embedded Sandbox is not started to plan; its apply makes the practice zone.
            try (Target target = options.openTarget()) {
                HostedZones.prepare(target, bp);
            } catch (HostedZones.MissingZoneException e) {
                throw StackOptions.planTimeError(spec.commandLine().getErr(), options.blueprint, e.error());
            }
        }
        StackState state = options.readState(bp);
        Plan plan;
        List<DataAtRisk.Note> atRisk;
        Target counting = null;
        try {
            if (BucketNames.needsAccount(bp)) {
                // Bucket names derive from the account: one STS call (the embedded Sandbox is started for it).
                try {
                    counting = options.openTarget();
                    bp = StackRunner.resolveNames(counting, bp);
                } catch (CairnCommand.UsageException | software.amazon.awssdk.core.exception.SdkException e) {
                    // No credentials (or no answer): plan anyway, with a stand-in where the account goes.
                    if (counting != null) {
                        counting.close();
                        counting = null;
                    }
                    bp = BucketNames.resolve(bp, BucketNames.UNKNOWN_ACCOUNT);
                    spec.commandLine().getErr().println("note: bucket names show " + BucketNames.UNKNOWN_ACCOUNT
                            + " where your account ID goes (" + e.getMessage() + ")");
                }
            }
            plan = Planner.plan(bp, state);
            if (counting == null && DataAtRisk.countsBuckets(plan)) {
                counting = options.openTarget();
            }
            // A bucket the plan deletes or replaces is counted live: the user sees what goes with it.
            atRisk = DataAtRisk.of(plan, counting == null ? DataAtRisk.BucketCounter.NONE : DataAtRisk.counter(counting));
        } finally {
            if (counting != null) {
                counting.close();
            }
        }
        List<CostEstimate> costs = CostEstimate.perRegion(Planner.specs(bp));
        if (options.json()) {
            out.println(toJson(plan, costs, bp, atRisk).toPrettyString());
        } else {
            print(out, plan);
            out.println();
            out.println(plan.summary());
            for (CostEstimate cost : costs) {
                out.println((costs.size() > 1 ? cost.region() + ": " : "") + costLine(cost.region(), cost));
                usageLine(cost).ifPresent(line -> out.println((costs.size() > 1 ? cost.region() + ": " : "") + line));
            }
            CostRange.of(bp).ifPresent(range -> out.println(rangeLine(range)));
            StackOptions.printWarnings(out, bp);
            printDataAtRisk(out, atRisk);
        }
        out.flush();
        return CairnCommand.EXIT_OK;
    }

    /** What replaces and deletes take with them (a bucket's objects, a table's items), one warning line each. */
    static void printDataAtRisk(PrintWriter to, List<DataAtRisk.Note> notes) {
        for (DataAtRisk.Note n : notes) {
            to.println("warning: " + n.line());
        }
    }

    static void print(PrintWriter out, Plan plan) {
        for (PlannedAction a : plan.actions()) {
            // Terraform's marks: a replace deletes first, then creates.
            String mark = switch (a.action()) {
                case CREATE -> "+";
                case UPDATE -> "~";
                case KEEP -> "=";
                case REPLACE -> "-/+";
                case DELETE -> "-";
            };
            String detail = describe(a);
            out.printf(Locale.ROOT, "%3s %-34s %-24s %s%n", mark, a.address(), a.spec().kind().label(),
                    detail + (worthSaying(a) ? "  (" + a.reason() + ")" : ""));
        }
    }

    /** A plain create needs no reason on every line; replaces, deletes and resumed creates do. */
    private static boolean worthSaying(PlannedAction a) {
        return a.reason() != null && !a.reason().isEmpty()
                && !(a.action() == dev.cairn.plan.Action.CREATE && a.reason().equals(Planner.REASON_NEW));
    }

    private static String describe(PlannedAction a) {
        var p = a.spec().properties();
        var refs = a.spec().refs();
        List<String> parts = new java.util.ArrayList<>();
        if (a.spec().address().step().equals(dev.cairn.step.access.AccessResources.PEER_STEP)) {
            parts.add(a.spec().region());
        }
        if (p.containsKey("fromPort")) {
            parts.add(p.get("protocol") + " " + p.get("fromPort") + " from "
                    + (p.containsKey("cidr") ? p.get("cidr") : String.valueOf(refs.get("sourceGroup"))));
        } else if (p.containsKey("protocol") && p.containsKey("port")) {
            // A listener or a target group: HTTP:80, and what a listener does with a request.
            parts.add(p.get("protocol") + ":" + p.get("port"));
            if (p.containsKey("action")) {
                parts.add(p.get("action") + ("redirect".equals(p.get("action")) ? " to :" + p.get("redirectPort") : ""));
            }
            if (p.containsKey("healthCheckPath")) {
                parts.add("health check " + p.get("healthCheckPath"));
            }
        } else if (p.containsKey("cidr")) {
            parts.add(p.get("cidr"));
        }
        if (p.containsKey("instanceType")) {
            parts.add(p.get("instanceType"));
        }
        if (p.containsKey("scheme")) {
            parts.add(p.get("scheme"));
        }
        if (p.containsKey("min") && p.containsKey("max")) {
            parts.add(p.get("min") + "–" + p.get("max") + " instances (desired " + p.get("desired") + ")");
        }
        if (p.containsKey("targetCpu")) {
            parts.add("average CPU " + p.get("targetCpu") + " %");
        }
        if (p.containsKey("zone")) {
            parts.add(p.get("zone"));
        }
        if (p.containsKey("objectOwnership")) {
            // A bucket: its name, versioning, and whether everyone may read it.
            parts.add(p.get("name") + " versioning " + p.get("versioning"));
            if ("false".equals(p.get("blockPublicPolicy"))) {
                parts.add("PUBLIC READ");
            }
            if ("state".equals(p.get("role"))) {
                parts.add("(team state)");
            }
        }
        if (p.containsKey("partitionKeyName")) {
            // A table: its name and key schema, on demand.
            parts.add(p.get("name") + " key " + p.get("partitionKeyName") + ":" + p.get("partitionKeyType")
                    + (p.getOrDefault("sortKeyName", "").isEmpty() ? "" : " + " + p.get("sortKeyName") + ":" + p.get("sortKeyType"))
                    + " on demand");
        }
        if (p.containsKey("destination")) {
            Object target = refs.containsKey("natGateway") ? refs.get("natGateway")
                    : refs.containsKey("peering") ? refs.get("peering") : refs.get("gateway");
            parts.add(p.get("destination") + " → " + target);
        }
        if (a.current() != null && a.current().physicalId() != null) {
            parts.add("[" + a.current().physicalId() + "]");
        }
        return String.join(" ", parts);
    }

    /**
     * The usage rates that depend on what is stored and asked (S3 storage and requests, DynamoDB
     * request units): shown as rates, never in the hourly total; empty when there are none.
     */
    static java.util.Optional<String> usageLine(CostEstimate cost) {
        List<String> rates = cost.lines().stream().filter(l -> l.hourly().isEmpty())
                .map(l -> l.item().replace(" (not estimated)", "") + " " + l.unitPrice()
                        .map(p -> "$" + p.stripTrailingZeros().toPlainString() + " per " + l.unit()).orElse("(price not in Cairn's table)"))
                .toList();
        return rates.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of("Usage, billed as used: " + String.join(", ", rates) + ".");
    }

    static String costLine(String region, CostEstimate cost) {
        if (cost.isFree()) {
            return "Cost while it exists: nothing billed by the hour.";
        }
        if (!cost.pricesKnown()) {
            return "Cost while it exists: prices for " + region + " are not in Cairn's table; check the AWS pricing page.";
        }
        String items = String.join(", ", cost.lines().stream()
                .filter(l -> l.hourly().isPresent())
                .map(l -> l.quantity() + " × " + l.item()).toList());
        return String.format(Locale.ROOT, "Cost while it exists: about $%.3f per hour, $%.2f per month (%s; prices as of %s).",
                cost.hourly(), cost.monthly(), items, CostEstimate.PRICES_AS_OF);
    }

    /**
     * The whole stack's hourly cost at the Web tier's two ends: what runs after the apply, and
     * after a scale-out reaches max (every region and step included, as {@link CostRange} sums).
     */
    static String rangeLine(CostRange range) {
        return String.format(Locale.ROOT, "Whole stack: about $%.3f per hour with the Web tier at desired (%d instance%s),"
                + " $%.3f per hour at max (%d instance%s).", range.hourlyAtDesired(), range.desired(), range.desired() == 1 ? "" : "s",
                range.hourlyAtMax(), range.max(), range.max() == 1 ? "" : "s");
    }

    private static ObjectNode toJson(Plan plan, List<CostEstimate> costs, Blueprint bp, List<DataAtRisk.Note> atRisk) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode o = m.createObjectNode();
        o.put("stack", plan.stack());
        o.put("summary", plan.summary());
        for (var action : dev.cairn.plan.Action.values()) {
            o.put(action.name().toLowerCase(Locale.ROOT), plan.count(action));
        }
        ArrayNode actions = o.putArray("actions");
        for (PlannedAction a : plan.actions()) {
            ObjectNode n = actions.addObject();
            n.put("action", a.action().name().toLowerCase(Locale.ROOT));
            n.put("address", a.address().value());
            n.put("kind", a.spec().kind().name());
            if (a.current() != null && a.current().physicalId() != null) {
                n.put("id", a.current().physicalId());
            }
            if (a.reason() != null && !a.reason().isEmpty()) {
                n.put("reason", a.reason());
            }
            if (!a.changed().isEmpty()) {
                a.changed().forEach(n.putArray("changed")::add);
            }
        }
        ArrayNode risk = o.putArray("dataAtRisk");
        for (DataAtRisk.Note n : atRisk) {
            ObjectNode r = risk.addObject().put("address", n.address().value())
                    .put("action", n.action().name().toLowerCase(Locale.ROOT)).put("message", n.text());
            n.counts().ifPresent(c -> r.put("objects", c.objects()).put("versions", c.versions()));
        }
        o.put("hourlyUsd", costs.stream().map(CostEstimate::hourly).reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add));
        o.put("monthlyUsd", costs.stream().map(CostEstimate::monthly).reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add));
        CostRange.of(bp).ifPresent(range -> o.putObject("webHourlyUsd")
                .put("atDesired", range.hourlyAtDesired()).put("desired", range.desired())
                .put("atMax", range.hourlyAtMax()).put("max", range.max()));
        return o;
    }
}
