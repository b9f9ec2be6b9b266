package dev.cairn.sandbox.autoscaling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.sandbox.autoscaling.AutoScalingStore.Group;
import dev.cairn.sandbox.autoscaling.AutoScalingStore.RegionState;
import dev.cairn.sandbox.core.HttpResponse;
import dev.cairn.sandbox.core.World;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The practice load, a control path of the Sandbox's own ({@code /_sandbox/load}): the CPU the
 * instances of a stack's groups report, so target tracking scales them as the guide's stress
 * experiment does in AWS.
 *
 * <ul>
 *   <li>{@code POST {"stack":"NAME","cpu":99}} (optional {@code "group"}) sets it for every group
 *       tagged {@code cairn:stack=NAME} in every account and region and answers
 *       {@code {"groups":[{"account","region","name","cpu"}]}}; 404 naming the stack when none is.</li>
 *   <li>{@code GET} lists every group with its stack and CPU.</li>
 * </ul>
 * The change is only the load: the groups scale at the next request to their account and region,
 * when {@link Scaler} evaluates their alarms.
 */
final class PracticeLoad {
    /** The tag Cairn puts on every resource of a stack (model {@code Tags.STACK}; the Sandbox cannot see the model). */
    static final String STACK_TAG = "cairn:stack";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PracticeLoad() {
    }

    static HttpResponse handle(String method, byte[] body, World world, long now) {
        AutoScalingStore store = world.store(AutoScalingStore.class);
        return switch (method) {
            case "GET" -> json(200, Map.of("groups", list(store, null, null)));
            case "POST" -> set(store, body, now);
            default -> json(405, Map.of("error", "method not allowed"));
        };
    }

    private static HttpResponse set(AutoScalingStore store, byte[] body, long now) {
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (IOException e) {
            return json(400, Map.of("error", "the body is not JSON"));
        }
        if (request == null || !request.path("stack").isTextual() || request.path("stack").asText().isEmpty()) {
            return json(400, Map.of("error", "\"stack\" (the stack's name) is required"));
        }
        JsonNode cpuNode = request.path("cpu");
        if (!cpuNode.isNumber() || cpuNode.asDouble() < 0 || cpuNode.asDouble() > 100) {
            return json(400, Map.of("error", "\"cpu\" must be a number from 0 to 100"));
        }
        String stack = request.get("stack").asText();
        String only = request.path("group").isTextual() ? request.get("group").asText() : null;
        double cpu = cpuNode.asDouble();
        List<Map<String, Object>> changed = list(store, stack, only);
        if (changed.isEmpty()) {
            return json(404, Map.of("error", "no Auto Scaling group is tagged " + STACK_TAG + "=" + stack
                    + (only == null ? "" : " and named " + only)));
        }
        forEach(store, stack, only, (account, region, g) -> {
            if (g.cpu != cpu) {
                g.cpu = cpu;
                g.cpuSince = now;
            }
        });
        return json(200, Map.of("groups", list(store, stack, only)));
    }

    @FunctionalInterface
    private interface GroupVisitor {
        void visit(String account, String region, Group g);
    }

    private static void forEach(AutoScalingStore store, String stack, String only, GroupVisitor visitor) {
        for (Map.Entry<String, LinkedHashMap<String, RegionState>> a : store.accounts.entrySet()) {
            for (Map.Entry<String, RegionState> r : a.getValue().entrySet()) {
                for (Group g : r.getValue().groups.values()) {
                    boolean byStack = stack == null || stack.equals(g.tags.get(STACK_TAG));
                    if (byStack && (only == null || only.equals(g.id)) && !g.deleting) {
                        visitor.visit(a.getKey(), r.getKey(), g);
                    }
                }
            }
        }
    }

    private static List<Map<String, Object>> list(AutoScalingStore store, String stack, String only) {
        List<Map<String, Object>> out = new ArrayList<>();
        forEach(store, stack, only, (account, region, g) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("account", account);
            m.put("region", region);
            m.put("name", g.id);
            if (stack == null) {
                m.put("stack", g.tags.get(STACK_TAG));
            }
            m.put("cpu", g.cpu);
            out.add(m);
        });
        return out;
    }

    private static HttpResponse json(int status, Object body) {
        try {
            return HttpResponse.text(status, "application/json", JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
