package dev.cairn.sandbox.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.ecs.EcsStore.Service;
import dev.cairn.sandbox.ecs.EcsStore.Task;
import dev.cairn.sandbox.ecs.EcsStore.TaskDefinition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Task definitions as RegisterTaskDefinition checks them: the family's name rules, at least one
 * container with a name and an image, {@code awsvpc} port mappings whose host port is the
 * container port, Fargate's needs (awsvpc, task-level CPU and memory among Fargate's combinations,
 * an execution role for {@code awslogs} and for ECR images), EC2's (memory per container when the
 * task sets none), and no empty {@code tags} list — each with ECS's {@code ClientException}
 * message. Revisions count up per family; deregistered revisions are {@code INACTIVE}; deleting
 * one is {@code DELETE_IN_PROGRESS} until nothing uses it, then it is gone.
 */
final class TaskDefinitions {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern FAMILY = Pattern.compile("[a-zA-Z0-9_-]{1,255}");
    private static final Pattern CONTAINER_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,255}");
    private static final Pattern ECR_IMAGE = Pattern.compile("^\\d{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?/.+");
    private static final Pattern VCPU = Pattern.compile("(?i)^\\s*([0-9.]+)\\s*vcpu\\s*$");
    private static final Pattern GB = Pattern.compile("(?i)^\\s*([0-9.]+)\\s*gb\\s*$");
    private static final List<String> NETWORK_MODES = List.of("bridge", "host", "awsvpc", "none");
    /** DeleteTaskDefinitions takes at most this many (AWS's limit). */
    static final int MAX_DELETE = 10;

    /** Fargate's task sizes: CPU units → the memory values (MiB) it allows. */
    static final Map<Integer, List<Integer>> FARGATE_SIZES = fargateSizes();

    private final EcsBackend b;

    TaskDefinitions(EcsBackend b) {
        this.b = b;
    }

    private static Map<Integer, List<Integer>> fargateSizes() {
        Map<Integer, List<Integer>> m = new LinkedHashMap<>();
        m.put(256, List.of(512, 1024, 2048));
        m.put(512, range(1024, 4096, 1024));
        m.put(1024, range(2048, 8192, 1024));
        m.put(2048, range(4096, 16384, 1024));
        m.put(4096, range(8192, 30720, 1024));
        m.put(8192, range(16384, 61440, 4096));
        m.put(16384, range(32768, 122880, 8192));
        return m;
    }

    private static List<Integer> range(int from, int to, int step) {
        List<Integer> out = new ArrayList<>();
        for (int v = from; v <= to; v += step) {
            out.add(v);
        }
        return out;
    }

    /** Registers a revision from RegisterTaskDefinition's request; checks everything first. */
    TaskDefinition register(JsonNode request) {
        String family = text(request, "family");
        if (family == null || family.isEmpty()) {
            throw EcsBackend.client("Family must not be null or empty.");
        }
        if (!FAMILY.matcher(family).matches()) {
            throw EcsBackend.client("Family contains invalid characters. Up to 255 letters (uppercase and lowercase), "
                    + "numbers, underscores, and hyphens are allowed.");
        }
        JsonNode tags = request.get("tags");
        if (tags != null && tags.isArray() && tags.isEmpty()) {
            throw EcsBackend.client("Tags can not be empty.");
        }
        JsonNode containers = request.get("containerDefinitions");
        if (containers == null || !containers.isArray() || containers.isEmpty()) {
            throw EcsBackend.client("Container list cannot be empty.");
        }
        String networkMode = text(request, "networkMode");
        if (networkMode != null && !NETWORK_MODES.contains(networkMode)) {
            throw EcsBackend.client("Invalid networkMode value: " + networkMode + ". Valid values are "
                    + String.join(", ", NETWORK_MODES) + ".");
        }
        List<String> requires = strings(request.get("requiresCompatibilities"));
        boolean fargate = requires.contains("FARGATE");
        String cpu = normaliseCpu(text(request, "cpu"));
        String memory = normaliseMemory(text(request, "memory"));
        ObjectNode body = ((ObjectNode) request).deepCopy();
        body.remove("tags");
        if (cpu != null) {
            body.put("cpu", cpu);
        }
        if (memory != null) {
            body.put("memory", memory);
        }
        if (networkMode == null) {
            networkMode = fargate ? null : "bridge";
        }
        if (fargate) {
            if (!"awsvpc".equals(networkMode)) {
                throw EcsBackend.client("Fargate only supports network mode \u2018awsvpc\u2019.");
            }
            if (cpu == null) {
                throw EcsBackend.client("Fargate requires that 'cpu' be defined at the task level.");
            }
            if (memory == null) {
                throw EcsBackend.client("Fargate requires that 'memory' be defined at the task level.");
            }
            if (!fargateFits(cpu, memory)) {
                throw EcsBackend.client("No Fargate configuration exists for given values: " + cpu + " CPU, " + memory
                        + " memory. See the Amazon ECS documentation for the valid values.");
            }
        }
        body.put("networkMode", networkMode);
        String executionRole = text(request, "executionRoleArn");
        Set<String> names = new HashSet<>();
        ArrayNode normalised = NODES.arrayNode();
        for (JsonNode c : containers) {
            ObjectNode container = ((ObjectNode) c).deepCopy();
            String name = text(c, "name");
            if (name == null || name.isEmpty()) {
                throw EcsBackend.client("Container.name should not be null or empty.");
            }
            if (!CONTAINER_NAME.matcher(name).matches()) {
                throw EcsBackend.client("Container.name contains invalid characters.");
            }
            if (!names.add(name)) {
                throw EcsBackend.client("Container names must be unique within a task definition: " + name);
            }
            String image = text(c, "image");
            if (image == null || image.isEmpty()) {
                throw EcsBackend.client("Container.image should not be null or empty.");
            }
            if (fargate && executionRole == null && ECR_IMAGE.matcher(image).matches()) {
                throw EcsBackend.client("Fargate requires task definition to have execution role ARN to support ECR images.");
            }
            JsonNode log = c.get("logConfiguration");
            if (fargate && executionRole == null && log != null && "awslogs".equals(text(log, "logDriver"))) {
                throw EcsBackend.client("Fargate requires task definition to have execution role ARN to support log "
                        + "driver awslogs.");
            }
            if (!fargate && memory == null && !c.hasNonNull("memory") && !c.hasNonNull("memoryReservation")) {
                throw EcsBackend.client("Invalid setting for container '" + name
                        + "'. At least one of 'memory' or 'memoryReservation' must be specified.");
            }
            if (!container.has("essential")) {
                container.put("essential", true);
            }
            if (!container.has("cpu")) {
                container.put("cpu", 0);
            }
            ArrayNode ports = NODES.arrayNode();
            JsonNode mappings = c.get("portMappings");
            if (mappings != null && mappings.isArray()) {
                for (JsonNode pm : mappings) {
                    ObjectNode port = ((ObjectNode) pm).deepCopy();
                    if (!pm.hasNonNull("containerPort") && !pm.hasNonNull("containerPortRange")) {
                        throw EcsBackend.client("Container.portMappings.containerPort should not be null or empty.");
                    }
                    int containerPort = pm.path("containerPort").asInt();
                    if ("awsvpc".equals(networkMode) || "host".equals(networkMode)) {
                        if (pm.hasNonNull("hostPort") && pm.get("hostPort").asInt() != containerPort) {
                            throw EcsBackend.client("When networkMode=" + networkMode
                                    + ", the host ports and container ports in port mappings must match.");
                        }
                        port.put("hostPort", containerPort);
                    } else if (!pm.hasNonNull("hostPort")) {
                        // bridge: 0 asks Docker for a dynamic host port.
                        port.put("hostPort", 0);
                    }
                    if (!port.has("protocol")) {
                        port.put("protocol", "tcp");
                    }
                    ports.add(port);
                }
            }
            container.set("portMappings", ports);
            for (String list : List.of("environment", "mountPoints", "volumesFrom", "systemControls")) {
                if (!container.has(list)) {
                    container.set(list, NODES.arrayNode());
                }
            }
            normalised.add(container);
        }
        body.set("containerDefinitions", normalised);
        if (!body.has("volumes")) {
            body.set("volumes", NODES.arrayNode());
        }
        if (!body.has("placementConstraints")) {
            body.set("placementConstraints", NODES.arrayNode());
        }
        int revision = 1;
        for (TaskDefinition td : b.state().taskDefinitions.values()) {
            if (td.family.equals(family)) {
                revision = Math.max(revision, td.revision + 1);
            }
        }
        TaskDefinition td = new TaskDefinition();
        td.family = family;
        td.revision = revision;
        td.id = b.arn("task-definition/" + family + ":" + revision);
        td.createdAt = b.now();
        td.body = body;
        td.compatibilities.add("EC2");
        if ("awsvpc".equals(networkMode) && cpu != null && memory != null && fargateFits(cpu, memory)) {
            td.compatibilities.add("FARGATE");
        }
        td.tags.putAll(EcsResponses.tags(tags));
        b.state().taskDefinitions.put(td.id, td);
        return td;
    }

    static boolean fargateFits(String cpu, String memory) {
        try {
            List<Integer> allowed = FARGATE_SIZES.get(Integer.parseInt(cpu));
            return allowed != null && allowed.contains(Integer.parseInt(memory));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** {@code 1 vCPU} → {@code 1024}; a number stays as it is. */
    static String normaliseCpu(String cpu) {
        if (cpu == null) {
            return null;
        }
        Matcher m = VCPU.matcher(cpu);
        if (m.matches()) {
            return Integer.toString((int) Math.round(Double.parseDouble(m.group(1)) * 1024));
        }
        return cpu.trim();
    }

    /** {@code 1 GB} → {@code 1024}; a number (MiB) stays as it is. */
    static String normaliseMemory(String memory) {
        if (memory == null) {
            return null;
        }
        Matcher m = GB.matcher(memory);
        if (m.matches()) {
            return Integer.toString((int) Math.round(Double.parseDouble(m.group(1)) * 1024));
        }
        return memory.trim();
    }

    /**
     * The revision a reference names: {@code family} (its latest ACTIVE revision), {@code family:revision}
     * or an ARN; {@code ClientException} "Unable to describe task definition." otherwise. A revision being
     * deleted is not found.
     */
    TaskDefinition resolve(String ref) {
        TaskDefinition td = find(ref);
        if (td == null) {
            throw EcsBackend.client("Unable to describe task definition.");
        }
        return td;
    }

    TaskDefinition find(String ref) {
        if (ref == null || ref.isEmpty()) {
            return null;
        }
        String familyRev = ref;
        if (ref.startsWith("arn:")) {
            TaskDefinition td = b.state().taskDefinitions.get(ref);
            return td == null || td.status.equals("DELETE_IN_PROGRESS") ? null : td;
        }
        if (familyRev.contains(":")) {
            TaskDefinition td = b.state().taskDefinitions.get(b.arn("task-definition/" + familyRev));
            return td == null || td.status.equals("DELETE_IN_PROGRESS") ? null : td;
        }
        TaskDefinition latest = null;
        for (TaskDefinition td : b.state().taskDefinitions.values()) {
            if (td.family.equals(familyRev) && td.status.equals("ACTIVE")
                    && (latest == null || td.revision > latest.revision)) {
                latest = td;
            }
        }
        return latest;
    }

    /** DeregisterTaskDefinition: needs a revision; the revision becomes INACTIVE. */
    TaskDefinition deregister(String ref) {
        if (ref == null || ref.isEmpty()) {
            throw EcsBackend.client("TaskDefinition can not be blank.");
        }
        if (!ref.startsWith("arn:") && !ref.contains(":")) {
            throw EcsBackend.client("Invalid revision number. Number: " + ref.substring(ref.lastIndexOf(':') + 1));
        }
        TaskDefinition td = resolve(ref);
        if (td.status.equals("ACTIVE")) {
            td.status = "INACTIVE";
            td.deregisteredAt = b.now();
        }
        return td;
    }

    /** What DeleteTaskDefinitions answers: the revisions now being deleted and a failure per other one. */
    record DeleteResult(List<TaskDefinition> deleted, List<String[]> failures) {
    }

    DeleteResult delete(List<String> refs) {
        if (refs.isEmpty()) {
            throw EcsBackend.invalidParameter("The specified list of task definitions is empty.");
        }
        if (refs.size() > MAX_DELETE) {
            throw EcsBackend.invalidParameter("You can specify a maximum of " + MAX_DELETE + " task definitions.");
        }
        List<TaskDefinition> deleted = new ArrayList<>();
        List<String[]> failures = new ArrayList<>();
        for (String ref : refs) {
            TaskDefinition td = ref.startsWith("arn:") || ref.contains(":") ? find(ref) : null;
            if (td == null) {
                failures.add(new String[] {ref.startsWith("arn:") ? ref : b.arn("task-definition/" + ref),
                        "The specified task definition does not exist. Specify a valid account, family, revision and try again.", null});
            } else if (td.status.equals("ACTIVE")) {
                failures.add(new String[] {td.id, "The specified task definition is still in ACTIVE status. Please "
                        + "deregister the target and try again.", null});
            } else {
                td.status = "DELETE_IN_PROGRESS";
                td.deleteRequestedAt = b.now();
                deleted.add(td);
            }
        }
        return new DeleteResult(deleted, failures);
    }

    /** Forgets revisions being deleted once no service, task set or unstopped task uses them. */
    void purge() {
        List<String> gone = new ArrayList<>();
        for (TaskDefinition td : b.state().taskDefinitions.values()) {
            if (td.status.equals("DELETE_IN_PROGRESS") && !inUse(td.id)) {
                gone.add(td.id);
            }
        }
        gone.forEach(b.state().taskDefinitions::remove);
    }

    private boolean inUse(String arn) {
        for (Service svc : b.state().services.values()) {
            if (!svc.status.equals("INACTIVE") && (arn.equals(svc.taskDefinition)
                    || svc.taskSets.stream().map(ts -> ts.taskDefinition).anyMatch(arn::equals)
                    || svc.deployments.stream().map(d -> d.taskDefinition).anyMatch(arn::equals))) {
                return true;
            }
        }
        for (Task t : b.state().tasks.values()) {
            if (!t.lastStatus.equals("STOPPED") && arn.equals(t.taskDefinitionArn)) {
                return true;
            }
        }
        return false;
    }

    /** The containers of a revision, in order. */
    static List<JsonNode> containers(TaskDefinition td) {
        List<JsonNode> out = new ArrayList<>();
        td.body.path("containerDefinitions").forEach(out::add);
        return out;
    }

    static String networkMode(TaskDefinition td) {
        return td.body.path("networkMode").asText("bridge");
    }

    /** The CPU units a task of this revision reserves: the task's, else the sum of its containers'. */
    static int cpuUnits(TaskDefinition td) {
        if (td.body.hasNonNull("cpu")) {
            return parseInt(td.body.get("cpu").asText());
        }
        int sum = 0;
        for (JsonNode c : containers(td)) {
            sum += c.path("cpu").asInt(0);
        }
        return sum;
    }

    /** The memory (MiB) a task reserves: the task's, else each container's memory or reservation. */
    static int memoryMib(TaskDefinition td) {
        if (td.body.hasNonNull("memory")) {
            return parseInt(td.body.get("memory").asText());
        }
        int sum = 0;
        for (JsonNode c : containers(td)) {
            sum += c.hasNonNull("memoryReservation") ? c.get("memoryReservation").asInt()
                    : c.path("memory").asInt(0);
        }
        return sum;
    }

    private static int parseInt(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Whether a revision may run with a launch type ({@code FARGATE} needs Fargate compatibility). */
    static boolean supports(TaskDefinition td, String launchType) {
        return td.compatibilities.contains(launchType.toUpperCase(Locale.ROOT));
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    /** Throws when the revision is not ACTIVE (a new service or task set cannot use it). */
    static void requireActive(TaskDefinition td) {
        if (!td.status.equals("ACTIVE")) {
            throw new AwsException("InvalidParameterException", "TaskDefinition is inactive");
        }
    }
}
