package dev.cairn.app;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The Sandbox's practice load ({@code POST /_sandbox/load {"stack": NAME, "cpu": PERCENT}}, through
 * {@link SandboxControl}): the CPU a stack's Auto Scaling groups' instances report, so target
 * tracking scales them out and back in as the guide's stress experiment does in AWS. Only a
 * Sandbox answers it; AWS has no such call (there the guide runs {@code stress} on an instance
 * through the bastion).
 */
public final class SandboxLoad {

    private SandboxLoad() {}

    /**
     * Sets the CPU of every group tagged with the stack; returns the groups' names as the
     * Sandbox answers them. Fails with the Sandbox's own words when it refuses (no group of that
     * stack: 404).
     */
    public static List<String> set(URI endpoint, String stack, int cpu) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("stack", stack);
        body.put("cpu", cpu);
        List<String> groups = new ArrayList<>();
        new SandboxControl(endpoint).post(SandboxControl.LOAD, body).path("groups")
                .forEach(g -> groups.add(g.path("name").asText()));
        return groups;
    }
}
