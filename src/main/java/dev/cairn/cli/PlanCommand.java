package dev.cairn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.model.Blueprint;
import dev.cairn.plan.CostEstimate;
import dev.cairn.plan.NetworkResources;
import dev.cairn.plan.Plan;
import dev.cairn.plan.PlannedAction;
import dev.cairn.plan.Planner;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code cairn plan}: what an apply would create, keep, replace and delete, one line per
 * resource, from the blueprint and the stack's state. Makes no AWS call.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show what apply would create, keep and delete. Makes no AWS call.")
final class PlanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptions options;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Blueprint bp = options.loadBlueprint(spec.commandLine().getErr());
        Plan plan = Planner.plan(bp, options.readState(bp));
        CostEstimate cost = CostEstimate.of(NetworkResources.specs(bp));
        if (options.json()) {
            out.println(toJson(plan, cost).toPrettyString());
        } else {
            print(out, plan);
            out.println();
            out.println(plan.summary());
            out.println(costLine(bp.region(), cost));
        }
        out.flush();
        return CairnCommand.EXIT_OK;
    }

    static void print(PrintWriter out, Plan plan) {
        for (PlannedAction a : plan.actions()) {
            String mark = switch (a.action()) {
                case CREATE -> "+";
                case KEEP -> "=";
                case REPLACE -> "~";
                case DELETE -> "-";
            };
            String detail = describe(a);
            out.printf(Locale.ROOT, "  %s %-34s %-24s %s%n", mark, a.address(), a.spec().kind().label(),
                    detail + (a.reason() == null || a.reason().isEmpty() ? "" : "  (" + a.reason() + ")"));
        }
    }

    private static String describe(PlannedAction a) {
        var p = a.spec().properties();
        StringBuilder s = new StringBuilder();
        if (p.containsKey("cidr")) {
            s.append(p.get("cidr"));
        }
        if (p.containsKey("zone")) {
            s.append(s.isEmpty() ? "" : " ").append(p.get("zone"));
        }
        if (p.containsKey("destination")) {
            s.append(p.get("destination")).append(" → ")
                    .append(a.spec().refs().containsKey("natGateway") ? a.spec().refs().get("natGateway") : a.spec().refs().get("gateway"));
        }
        if (a.current() != null && a.current().physicalId() != null) {
            s.append(s.isEmpty() ? "" : " ").append('[').append(a.current().physicalId()).append(']');
        }
        return s.toString().trim();
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

    private static ObjectNode toJson(Plan plan, CostEstimate cost) {
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
        }
        o.put("hourlyUsd", cost.hourly());
        o.put("monthlyUsd", cost.monthly());
        return o;
    }
}
