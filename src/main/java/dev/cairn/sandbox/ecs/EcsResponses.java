package dev.cairn.sandbox.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.sandbox.core.Call;
import dev.cairn.sandbox.ecs.EcsStore.CapacityProvider;
import dev.cairn.sandbox.ecs.EcsStore.Cluster;
import dev.cairn.sandbox.ecs.EcsStore.Container;
import dev.cairn.sandbox.ecs.EcsStore.ContainerInstance;
import dev.cairn.sandbox.ecs.EcsStore.Deployment;
import dev.cairn.sandbox.ecs.EcsStore.Event;
import dev.cairn.sandbox.ecs.EcsStore.LoadBalancerRef;
import dev.cairn.sandbox.ecs.EcsStore.Network;
import dev.cairn.sandbox.ecs.EcsStore.Service;
import dev.cairn.sandbox.ecs.EcsStore.StrategyItem;
import dev.cairn.sandbox.ecs.EcsStore.Task;
import dev.cairn.sandbox.ecs.EcsStore.TaskDefinition;
import dev.cairn.sandbox.ecs.EcsStore.TaskSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * ECS's operations: parse the JSON request, ask the rules ({@link EcsBackend} and its families),
 * render the JSON answer with ECS's shapes (timestamps as epoch seconds). Nothing here decides.
 */
final class EcsResponses {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** List calls: AWS's maxResults range and default. */
    static final int MAX_RESULTS = 100;
    /** Tags per resource (AWS's limit). */
    static final int MAX_TAGS = 50;

    private EcsResponses() {
    }

    private static EcsBackend b(Call call) {
        return EcsService.backend(call);
    }

    private static JsonNode in(Call call) {
        return call.json() == null ? NODES.objectNode() : call.json();
    }

    private static String text(JsonNode n, String field) {
        return TaskDefinitions.text(n, field);
    }

    private static double seconds(long millis) {
        return millis / 1000.0;
    }

    // ------------------------------------------------------------------ clusters

    static ObjectNode createCluster(Call call) {
        JsonNode in = in(call);
        Map<String, String> settings = new LinkedHashMap<>();
        for (JsonNode s : in.path("settings")) {
            settings.put(s.path("name").asText(), s.path("value").asText());
        }
        Cluster c = b(call).clusters().create(text(in, "clusterName"), settings,
                TaskDefinitions.strings(in.get("capacityProviders")), Clusters.strategy(in.get("defaultCapacityProviderStrategy")),
                tags(in.get("tags")));
        ObjectNode out = NODES.objectNode();
        out.set("cluster", cluster(b(call), c, true, true));
        return out;
    }

    static ObjectNode describeClusters(Call call) {
        JsonNode in = in(call);
        EcsBackend b = b(call);
        List<String> include = TaskDefinitions.strings(in.get("include"));
        List<String> refs = TaskDefinitions.strings(in.get("clusters"));
        if (refs.isEmpty()) {
            refs = List.of(EcsBackend.DEFAULT_CLUSTER);
        }
        ArrayNode clusters = NODES.arrayNode();
        ArrayNode failures = NODES.arrayNode();
        for (String ref : refs) {
            Cluster c = b.findCluster(ref);
            if (c == null) {
                failures.add(failure(ref.startsWith("arn:") ? ref : b.arn("cluster/" + ref), "MISSING"));
            } else {
                clusters.add(cluster(b, c, include.contains("TAGS"), include.contains("SETTINGS")));
            }
        }
        ObjectNode out = NODES.objectNode();
        out.set("clusters", clusters);
        out.set("failures", failures);
        return out;
    }

    static ObjectNode deleteCluster(Call call) {
        EcsBackend b = b(call);
        Cluster c = b.clusters().delete(text(in(call), "cluster"));
        ObjectNode out = NODES.objectNode();
        out.set("cluster", cluster(b, c, true, true));
        return out;
    }

    static ObjectNode listClusters(Call call) {
        EcsBackend b = b(call);
        List<String> arns = b.state().clusters.values().stream().filter(c -> c.status.equals("ACTIVE"))
                .map(c -> c.id).toList();
        return page(in(call), "clusterArns", arns);
    }

    static ObjectNode updateClusterSettings(Call call) {
        JsonNode in = in(call);
        EcsBackend b = b(call);
        Cluster c = b.cluster(text(in, "cluster"));
        JsonNode settings = in.get("settings");
        if (settings == null || !settings.isArray() || settings.isEmpty()) {
            throw EcsBackend.invalidParameter("Settings must not be empty.");
        }
        for (JsonNode s : settings) {
            b.clusters().setting(c, s.path("name").asText(), s.path("value").asText());
        }
        ObjectNode out = NODES.objectNode();
        out.set("cluster", cluster(b, c, true, true));
        return out;
    }

    static ObjectNode putClusterCapacityProviders(Call call) {
        JsonNode in = in(call);
        EcsBackend b = b(call);
        Cluster c = b.cluster(text(in, "cluster"));
        if (!in.has("capacityProviders") || !in.has("defaultCapacityProviderStrategy")) {
            throw EcsBackend.invalidParameter("capacityProviders and defaultCapacityProviderStrategy must be specified.");
        }
        b.clusters().putCapacityProviders(c, TaskDefinitions.strings(in.get("capacityProviders")),
                Clusters.strategy(in.get("defaultCapacityProviderStrategy")));
        ObjectNode out = NODES.objectNode();
        out.set("cluster", cluster(b, c, true, true));
        return out;
    }

    static ObjectNode cluster(EcsBackend b, Cluster c, boolean withTags, boolean withSettings) {
        ObjectNode n = NODES.objectNode();
        n.put("clusterArn", c.id);
        n.put("clusterName", c.name);
        n.put("status", c.status);
        int instances = 0;
        for (ContainerInstance ci : b.state().containerInstances.values()) {
            instances += ci.clusterArn.equals(c.id) ? 1 : 0;
        }
        int running = 0;
        int pending = 0;
        for (Task t : b.state().tasks.values()) {
            if (t.clusterArn.equals(c.id)) {
                running += t.lastStatus.equals("RUNNING") ? 1 : 0;
                pending += t.lastStatus.equals("PROVISIONING") || t.lastStatus.equals("PENDING") ? 1 : 0;
            }
        }
        int services = 0;
        for (Service s : b.state().services.values()) {
            services += s.clusterArn.equals(c.id) && s.status.equals("ACTIVE") ? 1 : 0;
        }
        n.put("registeredContainerInstancesCount", instances);
        n.put("runningTasksCount", running);
        n.put("pendingTasksCount", pending);
        n.put("activeServicesCount", services);
        n.set("statistics", NODES.arrayNode());
        if (withTags) {
            n.set("tags", tagList(c.tags));
        }
        if (withSettings) {
            ArrayNode settings = n.putArray("settings");
            c.settings.forEach((k, v) -> settings.addObject().put("name", k).put("value", v));
        }
        ArrayNode providers = n.putArray("capacityProviders");
        c.capacityProviders.forEach(providers::add);
        n.set("defaultCapacityProviderStrategy", strategy(c.defaultStrategy));
        return n;
    }

    // ------------------------------------------------------------------ capacity providers

    private static Clusters.ManagedScaling scaling(JsonNode provider) {
        JsonNode ms = provider.get("managedScaling");
        if (ms == null || ms.isNull()) {
            return null;
        }
        return new Clusters.ManagedScaling(text(ms, "status"), intOrNull(ms, "targetCapacity"),
                intOrNull(ms, "minimumScalingStepSize"), intOrNull(ms, "maximumScalingStepSize"),
                intOrNull(ms, "instanceWarmupPeriod"));
    }

    private static Integer intOrNull(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? null : v.asInt();
    }

    static ObjectNode createCapacityProvider(Call call) {
        JsonNode in = in(call);
        JsonNode asg = in.path("autoScalingGroupProvider");
        if (asg.isMissingNode()) {
            throw EcsBackend.invalidParameter("autoScalingGroupProvider must be specified.");
        }
        EcsBackend b = b(call);
        CapacityProvider cp = b.clusters().createProvider(text(in, "name"), text(asg, "autoScalingGroupArn"),
                scaling(asg), text(asg, "managedTerminationProtection"), text(asg, "managedDraining"),
                tags(in.get("tags")));
        ObjectNode out = NODES.objectNode();
        out.set("capacityProvider", capacityProvider(cp, true));
        return out;
    }

    static ObjectNode updateCapacityProvider(Call call) {
        JsonNode in = in(call);
        JsonNode asg = in.path("autoScalingGroupProvider");
        CapacityProvider cp = b(call).clusters().updateProvider(text(in, "name"), scaling(asg),
                text(asg, "managedTerminationProtection"), text(asg, "managedDraining"));
        ObjectNode out = NODES.objectNode();
        out.set("capacityProvider", capacityProvider(cp, true));
        return out;
    }

    static ObjectNode deleteCapacityProvider(Call call) {
        CapacityProvider cp = b(call).clusters().deleteProvider(text(in(call), "capacityProvider"));
        ObjectNode out = NODES.objectNode();
        out.set("capacityProvider", capacityProvider(cp, true));
        return out;
    }

    static ObjectNode describeCapacityProviders(Call call) {
        JsonNode in = in(call);
        EcsBackend b = b(call);
        boolean withTags = TaskDefinitions.strings(in.get("include")).contains("TAGS");
        List<String> refs = TaskDefinitions.strings(in.get("capacityProviders"));
        ArrayNode providers = NODES.arrayNode();
        ArrayNode failures = NODES.arrayNode();
        if (refs.isEmpty()) {
            Clusters.FARGATE_PROVIDERS.forEach(f -> providers.add(fargateProvider(b, f)));
            b.state().capacityProviders.values().forEach(cp -> providers.add(capacityProvider(cp, withTags)));
        }
        for (String ref : refs) {
            if (Clusters.FARGATE_PROVIDERS.contains(ref)) {
                providers.add(fargateProvider(b, ref));
                continue;
            }
            CapacityProvider cp = b.clusters().provider(ref);
            if (cp == null) {
                failures.add(failure(ref.startsWith("arn:") ? ref : b.arn("capacity-provider/" + ref), "MISSING"));
            } else {
                providers.add(capacityProvider(cp, withTags));
            }
        }
        ObjectNode out = NODES.objectNode();
        out.set("capacityProviders", providers);
        out.set("failures", failures);
        return out;
    }

    private static ObjectNode fargateProvider(EcsBackend b, String name) {
        ObjectNode n = NODES.objectNode();
        n.put("capacityProviderArn", b.arn("capacity-provider/" + name));
        n.put("name", name);
        n.put("status", "ACTIVE");
        n.set("tags", NODES.arrayNode());
        n.put("type", name);
        return n;
    }

    static ObjectNode capacityProvider(CapacityProvider cp, boolean withTags) {
        ObjectNode n = NODES.objectNode();
        n.put("capacityProviderArn", cp.id);
        n.put("name", cp.name);
        n.put("status", cp.status);
        ObjectNode asg = n.putObject("autoScalingGroupProvider");
        asg.put("autoScalingGroupArn", cp.autoScalingGroupArn);
        asg.putObject("managedScaling").put("status", cp.managedScalingStatus).put("targetCapacity", cp.targetCapacity)
                .put("minimumScalingStepSize", cp.minimumScalingStepSize)
                .put("maximumScalingStepSize", cp.maximumScalingStepSize)
                .put("instanceWarmupPeriod", cp.instanceWarmupPeriod);
        asg.put("managedTerminationProtection", cp.managedTerminationProtection);
        asg.put("managedDraining", cp.managedDraining);
        if (cp.updateStatus != null) {
            n.put("updateStatus", cp.updateStatus);
        }
        if (withTags) {
            n.set("tags", tagList(cp.tags));
        }
        n.put("type", "EC2_AUTOSCALING");
        return n;
    }

    // ------------------------------------------------------------------ container instances

    static ObjectNode listContainerInstances(Call call) {
        JsonNode in = in(call);
        EcsBackend b = b(call);
        Cluster c = b.cluster(text(in, "cluster"));
        String status = text(in, "status");
        List<String> arns = b.state().containerInstances.values().stream()
                .filter(ci -> ci.clusterArn.equals(c.id) && (status == null || status.equals(ci.status)))
                .map(ci -> ci.id).toList();
        return page(in, "containerInstanceArns", arns);
    }

    static ObjectNode describeContainerInstances(Call call) {
        JsonNode in = in(call);
        EcsBackend b = b(call);
        Cluster c = b.cluster(text(in, "cluster"));
        List<String> refs = TaskDefinitions.strings(in.get("containerInstances"));
        if (refs.isEmpty()) {
            throw EcsBackend.invalidParameter("containerInstances can not be empty.");
        }
        boolean withTags = TaskDefinitions.strings(in.get("include")).contains("TAGS");
        ArrayNode found = NODES.arrayNode();
        ArrayNode failures = NODES.arrayNode();
        for (String ref : refs) {
            ContainerInstance ci = b.clusters().containerInstance(c, ref);
            if (ci == null) {
                failures.add(failure(ref.startsWith("arn:") ? ref : b.arn("container-instance/" + c.name + "/" + ref),
                        "MISSING"));
            } else {
                found.add(containerInstance(b, ci, withTags));
            }
        }
        ObjectNode out = NODES.objectNode();
        out.set("containerInstances", found);
        out.set("failures", failures);
        return out;
    }

    static ObjectNode deregisterContainerInstance(Call call) {
        JsonNode in = in(call);
        EcsBackend b = b(call);
        Cluster c = b.cluster(text(in, "cluster"));
        ContainerInstance ci = b.clusters().deregister(c, text(in, "containerInstance"), in.path("force").asBoolean(false));
        ObjectNode out = NODES.objectNode();
        out.set("containerInstance", containerInstance(b, ci, true));
        return out;
    }

    static ObjectNode containerInstance(EcsBackend b, ContainerInstance ci, boolean withTags) {
        ObjectNode n = NODES.objectNode();
        n.put("containerInstanceArn", ci.id);
        n.put("ec2InstanceId", ci.ec2InstanceId);
        if (ci.capacityProviderName != null) {
            n.put("capacityProviderName", ci.capacityProviderName);
        }
        n.put("version", ci.version);
        n.putObject("versionInfo").put("agentVersion", Clusters.AGENT_VERSION).put("agentHash", "7a5e3d2c")
                .put("dockerVersion", "DockerVersion: 25.0.8");
        int[] used = b.clusters().used(ci);
        n.set("remainingResources", resources(ci.cpu - used[0], ci.memory - used[1]));
        n.set("registeredResources", resources(ci.cpu, ci.memory));
        n.put("status", ci.status);
        n.put("agentConnected", ci.agentConnected);
        int running = 0;
        int pending = 0;
        for (Task t : b.state().tasks.values()) {
            if (ci.id.equals(t.containerInstanceArn)) {
                running += t.lastStatus.equals("RUNNING") ? 1 : 0;
                pending += t.lastStatus.equals("PROVISIONING") || t.lastStatus.equals("PENDING") ? 1 : 0;
            }
        }
        n.put("runningTasksCount", running);
        n.put("pendingTasksCount", pending);
        ArrayNode attributes = n.putArray("attributes");
        attributes.addObject().put("name", "ecs.instance-type").put("value", ci.instanceType);
        attributes.addObject().put("name", "ecs.availability-zone").put("value", ci.availabilityZone);
        attributes.addObject().put("name", "ecs.os-type").put("value", "linux");
        attributes.addObject().put("name", "ecs.capability.task-eni");
        attributes.addObject().put("name", "com.amazonaws.ecs.capability.ecr-auth");
        attributes.addObject().put("name", "com.amazonaws.ecs.capability.logging-driver.awslogs");
        n.put("registeredAt", seconds(ci.createdAt));
        n.set("attachments", NODES.arrayNode());
        if (withTags) {
            n.set("tags", tagList(ci.tags));
        }
        return n;
    }

    private static ArrayNode resources(int cpu, int memory) {
        ArrayNode r = NODES.arrayNode();
        r.addObject().put("name", "CPU").put("type", "INTEGER").put("doubleValue", 0.0).put("longValue", 0)
                .put("integerValue", cpu);
        r.addObject().put("name", "MEMORY").put("type", "INTEGER").put("doubleValue", 0.0).put("longValue", 0)
                .put("integerValue", memory);
        ObjectNode ports = r.addObject().put("name", "PORTS").put("type", "STRINGSET").put("doubleValue", 0.0)
                .put("longValue", 0).put("integerValue", 0);
        ports.putArray("stringSetValue").add("22").add("2375").add("2376").add("51678").add("51679");
        r.addObject().put("name", "PORTS_UDP").put("type", "STRINGSET").put("doubleValue", 0.0).put("longValue", 0)
                .put("integerValue", 0).putArray("stringSetValue");
        return r;
    }

    // ------------------------------------------------------------------ task definitions

    static ObjectNode registerTaskDefinition(Call call) {
        EcsBackend b = b(call);
        TaskDefinition td = b.taskDefinitions().register(in(call));
        ObjectNode out = NODES.objectNode();
        out.set("taskDefinition", taskDefinition(b, td));
        out.set("tags", tagList(td.tags));
        return out;
    }

    static ObjectNode describeTaskDefinition(Call call) {
        JsonNode in = in(call);
        EcsBackend b = b(call);
        TaskDefinition td = b.taskDefinition(text(in, "taskDefinition"));
        ObjectNode out = NODES.objectNode();
        out.set("taskDefinition", taskDefinition(b, td));
        if (TaskDefinitions.strings(in.get("include")).contains("TAGS")) {
            out.set("tags", tagList(td.tags));
        }
        return out;
    }

    static ObjectNode deregisterTaskDefinition(Call call) {
        EcsBackend b = b(call);
        TaskDefinition td = b.taskDefinitions().deregister(text(in(call), "taskDefinition"));
        ObjectNode out = NODES.objectNode();
        out.set("taskDefinition", taskDefinition(b, td));
        return out;
    }

    static ObjectNode deleteTaskDefinitions(Call call) {
        EcsBackend b = b(call);
        TaskDefinitions.DeleteResult r = b.taskDefinitions().delete(TaskDefinitions.strings(in(call).get("taskDefinitions")));
        ObjectNode out = NODES.objectNode();
        ArrayNode deleted = out.putArray("taskDefinitions");
        r.deleted().forEach(td -> deleted.add(taskDefinition(b, td)));
        ArrayNode failures = out.putArray("failures");
        r.failures().forEach(f -> failures.add(failure(f[0], f[1])));
        return out;
    }

    static ObjectNode listTaskDefinitions(Call call) {
        JsonNode in = in(call);
        EcsBackend b = b(call);
        String prefix = text(in, "familyPrefix");
        String status = text(in, "status") == null ? "ACTIVE" : text(in, "status");
        boolean desc = "DESC".equals(text(in, "sort"));
        List<TaskDefinition> tds = new ArrayList<>(b.state().taskDefinitions.values().stream()
                .filter(td -> (prefix == null || td.family.equals(prefix)) && td.status.equals(status)).toList());
        Comparator<TaskDefinition> order = Comparator.comparing((TaskDefinition td) -> td.family)
                .thenComparingInt(td -> td.revision);
        tds.sort(desc ? order.reversed() : order);
        return page(in, "taskDefinitionArns", tds.stream().map(td -> td.id).toList());
    }

    static ObjectNode listTaskDefinitionFamilies(Call call) {
        JsonNode in = in(call);
        EcsBackend b = b(call);
        String prefix = text(in, "familyPrefix");
        String status = text(in, "status") == null ? "ACTIVE" : text(in, "status");
        Map<String, Boolean> families = new java.util.TreeMap<>();
        for (TaskDefinition td : b.state().taskDefinitions.values()) {
            if (prefix != null && !td.family.startsWith(prefix) || td.status.equals("DELETE_IN_PROGRESS")) {
                continue;
            }
            families.merge(td.family, td.status.equals("ACTIVE"), Boolean::logicalOr);
        }
        List<String> out = families.entrySet().stream().filter(e -> status.equals("ALL")
                || status.equals("ACTIVE") == e.getValue()).map(Map.Entry::getKey).toList();
        return page(in, "families", out);
    }

    static ObjectNode taskDefinition(EcsBackend b, TaskDefinition td) {
        ObjectNode n = NODES.objectNode();
        n.put("taskDefinitionArn", td.id);
        n.set("containerDefinitions", td.body.get("containerDefinitions").deepCopy());
        n.put("family", td.family);
        for (String field : List.of("taskRoleArn", "executionRoleArn")) {
            if (td.body.hasNonNull(field)) {
                n.put(field, td.body.get(field).asText());
            }
        }
        n.put("networkMode", TaskDefinitions.networkMode(td));
        n.put("revision", td.revision);
        n.set("volumes", td.body.path("volumes").deepCopy());
        n.put("status", td.status);
        ArrayNode attrs = n.putArray("requiresAttributes");
        if (TaskDefinitions.networkMode(td).equals("awsvpc")) {
            attrs.addObject().put("name", "ecs.capability.task-eni");
        }
        if (td.body.hasNonNull("executionRoleArn")) {
            attrs.addObject().put("name", "ecs.capability.execution-role-awslogs");
            attrs.addObject().put("name", "ecs.capability.execution-role-ecr-pull");
        }
        n.set("placementConstraints", td.body.path("placementConstraints").deepCopy());
        ArrayNode compat = n.putArray("compatibilities");
        td.compatibilities.forEach(compat::add);
        if (td.body.has("runtimePlatform")) {
            n.set("runtimePlatform", td.body.get("runtimePlatform").deepCopy());
        }
        ArrayNode requires = n.putArray("requiresCompatibilities");
        TaskDefinitions.strings(td.body.get("requiresCompatibilities")).forEach(requires::add);
        for (String field : List.of("cpu", "memory", "pidMode", "ipcMode")) {
            if (td.body.hasNonNull(field)) {
                n.put(field, td.body.get(field).asText());
            }
        }
        n.put("registeredAt", seconds(td.createdAt));
        if (td.deregisteredAt != 0) {
            n.put("deregisteredAt", seconds(td.deregisteredAt));
        }
        if (td.deleteRequestedAt != 0) {
            n.put("deleteRequestedAt", seconds(td.deleteRequestedAt));
        }
        n.put("registeredBy", b.caller());
        return n;
    }

    // ------------------------------------------------------------------ services

    static ObjectNode createService(Call call) {
        JsonNode in = in(call);
        EcsBackend b = b(call);
        JsonNode dc = in.path("deploymentConfiguration");
        Service s = b.services().create(new Services.Request(text(in, "cluster"), text(in, "serviceName"),
                text(in, "taskDefinition"), intOrNull(in, "desiredCount"), text(in, "launchType"),
                Clusters.strategy(in.get("capacityProviderStrategy")), loadBalancers(in.get("loadBalancers")),
                network(in.get("networkConfiguration")), text(in.path("deploymentController"), "type"),
                text(in, "schedulingStrategy"), intOrNull(in, "healthCheckGracePeriodSeconds"),
                intOrNull(dc, "maximumPercent"), intOrNull(dc, "minimumHealthyPercent"), text(in, "platformVersion"),
                tags(in.get("tags"))));
        // The first tasks start before the answer, as ECS has begun placing them when it answers.
        b.tasks().settle();
        ObjectNode out = NODES.objectNode();
        out.set("service", service(b, s, true));
        return out;
    }

    static ObjectNode describeServices(Call call) {
        JsonNode in = in(call);
        EcsBackend b = b(call);
        Cluster c = b.cluster(text(in, "cluster"));
        List<String> refs = TaskDefinitions.strings(in.get("services"));
        if (refs.isEmpty()) {
            throw EcsBackend.invalidParameter("Services cannot be empty.");
        }
        if (refs.size() > 10) {
            throw EcsBackend.invalidParameter("Too many services. Maximum number of services is 10.");
        }
        boolean withTags = TaskDefinitions.strings(in.get("include")).contains("TAGS");
        ArrayNode services = NODES.arrayNode();
        ArrayNode failures = NODES.arrayNode();
        for (String ref : refs) {
            Service s = b.findService(c, ref);
            if (s == null) {
                failures.add(failure(ref.startsWith("arn:") ? ref : b.arn("service/" + c.name + "/" + ref), "MISSING"));
            } else {
                services.add(service(b, s, withTags));
            }
        }
        ObjectNode out = NODES.objectNode();
        out.set("services", services);
        out.set("failures", failures);
        return out;
    }

    static ObjectNode listServices(Call call) {
        JsonNode in = in(call);
        EcsBackend b = b(call);
        Cluster c = b.cluster(text(in, "cluster"));
        String launchType = text(in, "launchType");
        List<String> arns = b.state().services.values().stream()
                .filter(s -> s.clusterArn.equals(c.id) && !s.status.equals("INACTIVE")
                        && (launchType == null || launchType.equals(s.launchType)))
                .map(s -> s.id).toList();
        return page(in, "serviceArns", arns);
    }

    static ObjectNode updateService(Call call) {
        JsonNode in = in(call);
        EcsBackend b = b(call);
        JsonNode dc = in.path("deploymentConfiguration");
        Service s = b.services().update(new Services.Update(text(in, "cluster"), text(in, "service"),
                intOrNull(in, "desiredCount"), text(in, "taskDefinition"), in.path("forceNewDeployment").asBoolean(false),
                network(in.get("networkConfiguration")),
                in.has("capacityProviderStrategy") ? Clusters.strategy(in.get("capacityProviderStrategy")) : null,
                intOrNull(in, "healthCheckGracePeriodSeconds"), intOrNull(dc, "maximumPercent"),
                intOrNull(dc, "minimumHealthyPercent"), in.has("loadBalancers")));
        b.tasks().settle();
        ObjectNode out = NODES.objectNode();
        out.set("service", service(b, s, true));
        return out;
    }

    static ObjectNode deleteService(Call call) {
        JsonNode in = in(call);
        EcsBackend b = b(call);
        Service s = b.services().delete(text(in, "cluster"), text(in, "service"), in.path("force").asBoolean(false));
        b.tasks().settle();
        ObjectNode out = NODES.objectNode();
        out.set("service", service(b, s, true));
        return out;
    }

    static ObjectNode service(EcsBackend b, Service s, boolean withTags) {
        ObjectNode n = NODES.objectNode();
        n.put("serviceArn", s.id);
        n.put("serviceName", s.name);
        n.put("clusterArn", s.clusterArn);
        n.set("loadBalancers", loadBalancers(s.loadBalancers));
        n.set("serviceRegistries", NODES.arrayNode());
        n.put("status", s.status);
        n.put("desiredCount", s.desiredCount);
        int running = 0;
        int pending = 0;
        for (Task t : b.state().tasks.values()) {
            if (s.id.equals(t.serviceArn) && t.desiredStatus.equals("RUNNING")) {
                running += t.lastStatus.equals("RUNNING") ? 1 : 0;
                pending += t.lastStatus.equals("PROVISIONING") || t.lastStatus.equals("PENDING") ? 1 : 0;
            }
        }
        n.put("runningCount", running);
        n.put("pendingCount", pending);
        placement(n, s.launchType, s.capacityProviderStrategy);
        if (s.platformVersion != null) {
            n.put("platformVersion", s.platformVersion);
            n.put("platformFamily", "Linux");
        }
        if (s.taskDefinition != null) {
            n.put("taskDefinition", s.taskDefinition);
        }
        ObjectNode dc = n.putObject("deploymentConfiguration");
        dc.putObject("deploymentCircuitBreaker").put("enable", false).put("rollback", false);
        dc.put("maximumPercent", s.maximumPercent);
        dc.put("minimumHealthyPercent", s.minimumHealthyPercent);
        if (s.deploymentController.equals("ECS")) {
            ArrayNode deployments = n.putArray("deployments");
            for (Deployment d : s.deployments) {
                deployments.add(deployment(b, s, d));
            }
        } else {
            ArrayNode sets = n.putArray("taskSets");
            for (TaskSet ts : s.taskSets) {
                sets.add(taskSet(b, s, ts, false));
            }
        }
        if (!s.loadBalancers.isEmpty()) {
            n.put("roleArn", "arn:aws:iam::" + b.account() + ":role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS");
        }
        ArrayNode events = n.putArray("events");
        for (Event e : s.events) {
            events.addObject().put("id", e.id).put("createdAt", seconds(e.createdAt)).put("message", e.message);
        }
        n.put("createdAt", seconds(s.createdAt));
        n.set("placementConstraints", NODES.arrayNode());
        n.set("placementStrategy", NODES.arrayNode());
        if (s.network != null) {
            n.set("networkConfiguration", network(s.network));
        }
        if (s.healthCheckGracePeriodSeconds != null) {
            n.put("healthCheckGracePeriodSeconds", s.healthCheckGracePeriodSeconds);
        }
        n.put("schedulingStrategy", s.schedulingStrategy);
        n.putObject("deploymentController").put("type", s.deploymentController);
        if (withTags) {
            n.set("tags", tagList(s.tags));
        }
        n.put("createdBy", b.caller());
        n.put("enableECSManagedTags", false);
        n.put("propagateTags", "NONE");
        n.put("enableExecuteCommand", false);
        return n;
    }

    private static ObjectNode deployment(EcsBackend b, Service s, Deployment d) {
        ObjectNode n = NODES.objectNode();
        n.put("id", d.id);
        n.put("status", d.status);
        if (d.taskDefinition != null) {
            n.put("taskDefinition", d.taskDefinition);
        }
        n.put("desiredCount", d.desiredCount);
        n.put("pendingCount", b.tasks().pendingCount(s, d.id));
        n.put("runningCount", b.tasks().runningCount(s, d.id));
        n.put("failedTasks", d.failedTasks);
        n.put("createdAt", seconds(d.createdAt));
        n.put("updatedAt", seconds(d.updatedAt));
        placement(n, s.launchType, s.capacityProviderStrategy);
        if (s.platformVersion != null) {
            n.put("platformVersion", "1.4.0");
            n.put("platformFamily", "Linux");
        }
        if (s.network != null) {
            n.set("networkConfiguration", network(s.network));
        }
        n.put("rolloutState", d.rolloutState);
        if (d.rolloutStateReason != null) {
            n.put("rolloutStateReason", d.rolloutStateReason);
        }
        return n;
    }

    private static void placement(ObjectNode n, String launchType, List<StrategyItem> strategy) {
        if (launchType != null) {
            n.put("launchType", launchType);
        }
        if (!strategy.isEmpty()) {
            n.set("capacityProviderStrategy", strategy(strategy));
        }
    }

    // ------------------------------------------------------------------ task sets

    static ObjectNode createTaskSet(Call call) {
        JsonNode in = in(call);
        EcsBackend b = b(call);
        JsonNode scale = in.get("scale");
        TaskSet ts = b.services().createTaskSet(new Services.TaskSetRequest(text(in, "cluster"), text(in, "service"),
                text(in, "taskDefinition"), text(in, "externalId"), loadBalancers(in.get("loadBalancers")),
                network(in.get("networkConfiguration")), text(in, "launchType"),
                Clusters.strategy(in.get("capacityProviderStrategy")),
                scale == null ? null : scale.path("value").asDouble(100.0)));
        ts.startedBy = null;
        b.tasks().settle();
        return taskSetAnswer(b, ts);
    }

    private static ObjectNode taskSetAnswer(EcsBackend b, TaskSet ts) {
        Service s = serviceOf(b, ts);
        ObjectNode out = NODES.objectNode();
        out.set("taskSet", taskSet(b, s, ts, true));
        return out;
    }

    private static Service serviceOf(EcsBackend b, TaskSet ts) {
        for (Service s : b.state().services.values()) {
            if (s.taskSets.contains(ts)) {
                return s;
            }
        }
        String arn = ts.arn.substring(0, ts.arn.indexOf("/ecs-svc/")).replace(":task-set/", ":service/");
        return b.state().services.get(arn);
    }

    static ObjectNode describeTaskSets(Call call) {
        JsonNode in = in(call);
        EcsBackend b = b(call);
        Cluster c = b.cluster(text(in, "cluster"));
        Service s = b.activeService(c, text(in, "service"));
        boolean withTags = TaskDefinitions.strings(in.get("include")).contains("TAGS");
        List<String> refs = TaskDefinitions.strings(in.get("taskSets"));
        ArrayNode sets = NODES.arrayNode();
        ArrayNode failures = NODES.arrayNode();
        for (TaskSet ts : s.taskSets) {
            if (refs.isEmpty() || refs.contains(ts.id) || refs.contains(ts.arn)) {
                sets.add(taskSet(b, s, ts, withTags));
            }
        }
        for (String ref : refs) {
            if (s.taskSets.stream().noneMatch(ts -> ts.id.equals(ref) || ts.arn.equals(ref))) {
                failures.add(failure(ref, "MISSING"));
            }
        }
        ObjectNode out = NODES.objectNode();
        out.set("taskSets", sets);
        out.set("failures", failures);
        return out;
    }

    static ObjectNode updateTaskSet(Call call) {
        JsonNode in = in(call);
        EcsBackend b = b(call);
        JsonNode scale = in.get("scale");
        if (scale == null || !scale.has("value")) {
            throw EcsBackend.invalidParameter("Scale must be specified.");
        }
        TaskSet ts = b.services().updateTaskSet(text(in, "cluster"), text(in, "service"), text(in, "taskSet"),
                scale.get("value").asDouble());
        b.tasks().settle();
        return taskSetAnswer(b, ts);
    }

    static ObjectNode deleteTaskSet(Call call) {
        JsonNode in = in(call);
        EcsBackend b = b(call);
        TaskSet ts = b.services().deleteTaskSet(text(in, "cluster"), text(in, "service"), text(in, "taskSet"),
                in.path("force").asBoolean(false));
        Service s = serviceOf(b, ts);
        ObjectNode out = NODES.objectNode();
        out.set("taskSet", taskSet(b, s, ts, true));
        b.tasks().settle();
        return out;
    }

    static ObjectNode updateServicePrimaryTaskSet(Call call) {
        JsonNode in = in(call);
        EcsBackend b = b(call);
        TaskSet ts = b.services().makePrimary(text(in, "cluster"), text(in, "service"), text(in, "primaryTaskSet"));
        return taskSetAnswer(b, ts);
    }

    static ObjectNode taskSet(EcsBackend b, Service s, TaskSet ts, boolean withTags) {
        ObjectNode n = NODES.objectNode();
        n.put("id", ts.id);
        n.put("taskSetArn", ts.arn);
        n.put("serviceArn", s.id);
        n.put("clusterArn", s.clusterArn);
        if (ts.startedBy != null) {
            n.put("startedBy", ts.startedBy);
        }
        if (ts.externalId != null) {
            n.put("externalId", ts.externalId);
        }
        n.put("status", ts.status);
        n.put("taskDefinition", ts.taskDefinition);
        n.put("computedDesiredCount", Services.computedDesiredCount(s, ts));
        n.put("pendingCount", b.tasks().pendingCount(s, ts.id));
        n.put("runningCount", b.tasks().runningCount(s, ts.id));
        n.put("createdAt", seconds(ts.createdAt));
        n.put("updatedAt", seconds(ts.updatedAt));
        placement(n, ts.launchType, ts.capacityProviderStrategy);
        if ("FARGATE".equals(ts.launchType)) {
            n.put("platformVersion", "1.4.0");
            n.put("platformFamily", "Linux");
        }
        if (ts.network != null) {
            n.set("networkConfiguration", network(ts.network));
        }
        n.set("loadBalancers", loadBalancers(ts.loadBalancers));
        n.set("serviceRegistries", NODES.arrayNode());
        n.putObject("scale").put("value", ts.scalePercent).put("unit", "PERCENT");
        n.put("stabilityStatus", ts.stabilityStatus);
        n.put("stabilityStatusAt", seconds(ts.stabilityStatusAt));
        if (withTags) {
            n.set("tags", NODES.arrayNode());
        }
        return n;
    }

    // ------------------------------------------------------------------ tasks

    static ObjectNode listTasks(Call call) {
        JsonNode in = in(call);
        EcsBackend b = b(call);
        Cluster c = b.cluster(text(in, "cluster"));
        String serviceName = text(in, "serviceName");
        Service s = serviceName == null ? null : b.service(c, serviceName);
        String family = text(in, "family");
        String startedBy = text(in, "startedBy");
        String desired = text(in, "desiredStatus") == null ? "RUNNING" : text(in, "desiredStatus");
        String launchType = text(in, "launchType");
        String ciRef = text(in, "containerInstance");
        ContainerInstance ci = ciRef == null ? null : b.clusters().containerInstance(c, ciRef);
        List<String> arns = new ArrayList<>();
        for (Task t : b.state().tasks.values()) {
            if (!t.clusterArn.equals(c.id) || (s != null && !s.id.equals(t.serviceArn))
                    || (family != null && !t.taskDefinitionArn.contains(":task-definition/" + family + ":"))
                    || (startedBy != null && !startedBy.equals(t.startedBy)) || !desired.equals(t.desiredStatus)
                    || (launchType != null && !launchType.equals(t.launchType))
                    || (ciRef != null && (ci == null || !ci.id.equals(t.containerInstanceArn)))) {
                continue;
            }
            arns.add(t.id);
        }
        return page(in, "taskArns", arns);
    }

    static ObjectNode describeTasks(Call call) {
        JsonNode in = in(call);
        EcsBackend b = b(call);
        Cluster c = b.cluster(text(in, "cluster"));
        List<String> refs = TaskDefinitions.strings(in.get("tasks"));
        if (refs.isEmpty()) {
            throw EcsBackend.invalidParameter("Tasks cannot be empty.");
        }
        if (refs.size() > MAX_RESULTS) {
            throw EcsBackend.invalidParameter("Too many tasks were provided. Maximum number of tasks is 100.");
        }
        boolean withTags = TaskDefinitions.strings(in.get("include")).contains("TAGS");
        ArrayNode tasks = NODES.arrayNode();
        ArrayNode failures = NODES.arrayNode();
        for (String ref : refs) {
            Task t = b.tasks().task(c, ref);
            if (t == null) {
                failures.add(failure(ref.startsWith("arn:") ? ref : b.arn("task/" + c.name + "/" + ref), "MISSING"));
            } else {
                tasks.add(task(b, c, t, withTags));
            }
        }
        ObjectNode out = NODES.objectNode();
        out.set("tasks", tasks);
        out.set("failures", failures);
        return out;
    }

    static ObjectNode stopTask(Call call) {
        JsonNode in = in(call);
        EcsBackend b = b(call);
        Cluster c = b.cluster(text(in, "cluster"));
        String ref = text(in, "task");
        Task t = b.tasks().task(c, ref);
        if (t == null) {
            throw EcsBackend.invalidParameter("The referenced task was not found.");
        }
        String reason = text(in, "reason");
        b.tasks().stop(t, "UserInitiated", reason == null ? "Task stopped by user" : reason);
        ObjectNode out = NODES.objectNode();
        out.set("task", task(b, c, t, true));
        return out;
    }

    static ObjectNode task(EcsBackend b, Cluster c, Task t, boolean withTags) {
        ObjectNode n = NODES.objectNode();
        ArrayNode attachments = n.putArray("attachments");
        if (t.attachmentId != null) {
            String status = switch (t.lastStatus) {
                case "PROVISIONING" -> "ATTACHING";
                case "STOPPED" -> "DELETED";
                case "DEPROVISIONING" -> "DETACHING";
                default -> "ATTACHED";
            };
            ObjectNode a = attachments.addObject().put("id", t.attachmentId).put("type", "ElasticNetworkInterface")
                    .put("status", status);
            ArrayNode details = a.putArray("details");
            details.addObject().put("name", "subnetId").put("value", t.subnetId);
            details.addObject().put("name", "networkInterfaceId").put("value", t.networkInterfaceId);
            details.addObject().put("name", "macAddress").put("value", mac(t.networkInterfaceId));
            String domain = b.region().equals("us-east-1") ? "ec2.internal" : b.region() + ".compute.internal";
            details.addObject().put("name", "privateDnsName").put("value", "ip-" + t.privateIp.replace('.', '-') + "."
                    + domain);
            details.addObject().put("name", "privateIPv4Address").put("value", t.privateIp);
        }
        n.putArray("attributes").addObject().put("name", "ecs.cpu-architecture").put("value", "x86_64");
        if (t.availabilityZone != null) {
            n.put("availabilityZone", t.availabilityZone);
        }
        if (t.capacityProviderName != null) {
            n.put("capacityProviderName", t.capacityProviderName);
        }
        n.put("clusterArn", t.clusterArn);
        n.put("connectivity", "CONNECTED");
        n.put("connectivityAt", seconds(t.createdAt));
        if (t.containerInstanceArn != null) {
            n.put("containerInstanceArn", t.containerInstanceArn);
        }
        ArrayNode containers = n.putArray("containers");
        for (Container ct : t.containers) {
            ObjectNode cn = containers.addObject();
            cn.put("containerArn", b.arn("container/" + c.name + "/" + t.taskId + "/"
                    + java.util.UUID.nameUUIDFromBytes((t.taskId + ct.name).getBytes(StandardCharsets.UTF_8))));
            cn.put("taskArn", t.id);
            cn.put("name", ct.name);
            cn.put("image", ct.image);
            if (ct.imageDigest != null) {
                cn.put("imageDigest", ct.imageDigest);
            }
            if (ct.runtimeId != null) {
                cn.put("runtimeId", ct.runtimeId);
            }
            cn.put("lastStatus", ct.lastStatus);
            if (ct.exitCode != null) {
                cn.put("exitCode", ct.exitCode);
            }
            if (ct.reason != null) {
                cn.put("reason", ct.reason);
            }
            ArrayNode bindings = cn.putArray("networkBindings");
            if (t.attachmentId == null && ct.containerPort != null && t.privateIp != null) {
                bindings.addObject().put("bindIP", "0.0.0.0").put("containerPort", ct.containerPort)
                        .put("hostPort", ct.containerPort).put("protocol", "tcp");
            }
            ArrayNode nis = cn.putArray("networkInterfaces");
            if (t.attachmentId != null) {
                nis.addObject().put("attachmentId", t.attachmentId).put("privateIpv4Address", t.privateIp);
            }
            cn.put("healthStatus", "UNKNOWN");
            cn.put("cpu", "0");
        }
        n.put("cpu", t.cpu);
        n.put("createdAt", seconds(t.createdAt));
        n.put("desiredStatus", t.desiredStatus);
        n.put("enableExecuteCommand", false);
        if (t.group != null) {
            n.put("group", t.group);
        }
        n.put("healthStatus", "UNKNOWN");
        n.put("lastStatus", t.lastStatus);
        n.put("launchType", t.launchType);
        n.put("memory", t.memory);
        ObjectNode overrides = n.putObject("overrides");
        ArrayNode co = overrides.putArray("containerOverrides");
        t.containers.forEach(ct -> co.addObject().put("name", ct.name));
        overrides.putArray("inferenceAcceleratorOverrides");
        if ("FARGATE".equals(t.launchType)) {
            n.put("platformVersion", "1.4.0");
            n.put("platformFamily", "Linux");
            n.putObject("ephemeralStorage").put("sizeInGiB", 20);
        }
        if (t.pullStartedAt != 0) {
            n.put("pullStartedAt", seconds(t.pullStartedAt));
        }
        if (t.pullStoppedAt != 0) {
            n.put("pullStoppedAt", seconds(t.pullStoppedAt));
        }
        if (t.startedAt != 0) {
            n.put("startedAt", seconds(t.startedAt));
        }
        if (t.startedBy != null) {
            n.put("startedBy", t.startedBy);
        }
        if (t.stopCode != null) {
            n.put("stopCode", t.stopCode);
        }
        if (t.stoppedAt != 0) {
            n.put("stoppedAt", seconds(t.stoppedAt));
            n.put("executionStoppedAt", seconds(t.stoppedAt));
        }
        if (t.stoppedReason != null) {
            n.put("stoppedReason", t.stoppedReason);
        }
        if (t.stoppingAt != 0) {
            n.put("stoppingAt", seconds(t.stoppingAt));
        }
        if (withTags) {
            n.set("tags", tagList(t.tags));
        }
        n.put("taskArn", t.id);
        n.put("taskDefinitionArn", t.taskDefinitionArn);
        n.put("version", t.version);
        return n;
    }

    /** A stable locally administered MAC for an interface ID. */
    private static String mac(String eni) {
        int h = eni == null ? 0 : eni.hashCode();
        return String.format("02:%02x:%02x:%02x:%02x:%02x", (h >>> 24) & 0xff, (h >>> 16) & 0xff, (h >>> 8) & 0xff,
                h & 0xff, (h >>> 4) & 0xff);
    }

    // ------------------------------------------------------------------ tags

    static ObjectNode tagResource(Call call) {
        JsonNode in = in(call);
        EcsBackend b = b(call);
        Map<String, String> tags = b.tagsOf(text(in, "resourceArn"));
        Map<String, String> more = tags(in.get("tags"));
        if (more.isEmpty()) {
            throw EcsBackend.invalidParameter("Tags can not be empty.");
        }
        Map<String, String> merged = new LinkedHashMap<>(tags);
        merged.putAll(more);
        if (merged.size() > MAX_TAGS) {
            throw EcsBackend.invalidParameter("The number of tags exceeds the limit of " + MAX_TAGS + ".");
        }
        tags.putAll(more);
        return NODES.objectNode();
    }

    static ObjectNode untagResource(Call call) {
        JsonNode in = in(call);
        Map<String, String> tags = b(call).tagsOf(text(in, "resourceArn"));
        TaskDefinitions.strings(in.get("tagKeys")).forEach(tags::remove);
        return NODES.objectNode();
    }

    static ObjectNode listTagsForResource(Call call) {
        Map<String, String> tags = b(call).tagsOf(text(in(call), "resourceArn"));
        ObjectNode out = NODES.objectNode();
        out.set("tags", tagList(tags));
        return out;
    }

    /** The {@code [{key, value}]} of a request as a map; {@code aws:} keys are AWS's own. */
    static Map<String, String> tags(JsonNode array) {
        Map<String, String> out = new LinkedHashMap<>();
        if (array != null && array.isArray()) {
            for (JsonNode t : array) {
                String key = t.path("key").asText(null);
                if (key == null || key.isEmpty()) {
                    throw EcsBackend.invalidParameter("Tag key must not be null or empty.");
                }
                if (key.toLowerCase(java.util.Locale.ROOT).startsWith("aws:")) {
                    throw EcsBackend.invalidParameter("Tag keys that start with 'aws:' are reserved for AWS use.");
                }
                out.put(key, t.path("value").asText(""));
            }
        }
        if (out.size() > MAX_TAGS) {
            throw EcsBackend.invalidParameter("The number of tags exceeds the limit of " + MAX_TAGS + ".");
        }
        return out;
    }

    static ArrayNode tagList(Map<String, String> tags) {
        ArrayNode a = NODES.arrayNode();
        tags.forEach((k, v) -> a.addObject().put("key", k).put("value", v));
        return a;
    }

    // ------------------------------------------------------------------ shared shapes

    static ObjectNode failure(String arn, String reason) {
        ObjectNode f = NODES.objectNode();
        f.put("arn", arn);
        f.put("reason", reason);
        return f;
    }

    static ArrayNode strategy(List<StrategyItem> items) {
        ArrayNode a = NODES.arrayNode();
        for (StrategyItem i : items) {
            a.addObject().put("capacityProvider", i.capacityProvider).put("weight", i.weight).put("base", i.base);
        }
        return a;
    }

    static List<LoadBalancerRef> loadBalancers(JsonNode array) {
        List<LoadBalancerRef> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            for (JsonNode n : array) {
                LoadBalancerRef lb = new LoadBalancerRef();
                lb.targetGroupArn = text(n, "targetGroupArn");
                lb.containerName = text(n, "containerName");
                lb.containerPort = n.path("containerPort").asInt();
                if (text(n, "loadBalancerName") != null) {
                    throw EcsBackend.invalidParameter("Classic Load Balancers are not modelled by the Sandbox: use a "
                            + "target group of an Application Load Balancer.");
                }
                out.add(lb);
            }
        }
        return out;
    }

    static ArrayNode loadBalancers(List<LoadBalancerRef> lbs) {
        ArrayNode a = NODES.arrayNode();
        for (LoadBalancerRef lb : lbs) {
            a.addObject().put("targetGroupArn", lb.targetGroupArn).put("containerName", lb.containerName)
                    .put("containerPort", lb.containerPort);
        }
        return a;
    }

    static Network network(JsonNode config) {
        JsonNode aws = config == null ? null : config.get("awsvpcConfiguration");
        if (aws == null || aws.isNull()) {
            return null;
        }
        Network n = new Network();
        n.subnets = TaskDefinitions.strings(aws.get("subnets"));
        if (n.subnets.isEmpty()) {
            throw EcsBackend.invalidParameter("subnets can not be empty.");
        }
        n.securityGroups = TaskDefinitions.strings(aws.get("securityGroups"));
        String assign = text(aws, "assignPublicIp");
        if (assign != null) {
            if (!assign.equals("ENABLED") && !assign.equals("DISABLED")) {
                throw EcsBackend.invalidParameter("assignPublicIp must be ENABLED or DISABLED.");
            }
            n.assignPublicIp = assign;
        }
        return n;
    }

    static ObjectNode network(Network n) {
        ObjectNode out = NODES.objectNode();
        ObjectNode aws = out.putObject("awsvpcConfiguration");
        ArrayNode subnets = aws.putArray("subnets");
        n.subnets.forEach(subnets::add);
        ArrayNode groups = aws.putArray("securityGroups");
        n.securityGroups.forEach(groups::add);
        aws.put("assignPublicIp", n.assignPublicIp);
        return out;
    }

    /** A page of a list call: {@code maxResults} 1–100 (default 100), {@code nextToken} from the last page. */
    static ObjectNode page(JsonNode in, String field, List<String> all) {
        Integer max = intOrNull(in, "maxResults");
        if (max != null && (max < 1 || max > MAX_RESULTS)) {
            throw EcsBackend.invalidParameter("maxResults must be between 1 and " + MAX_RESULTS + ".");
        }
        int size = max == null ? MAX_RESULTS : max;
        int start = 0;
        String token = text(in, "nextToken");
        if (token != null) {
            try {
                start = Integer.parseInt(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw EcsBackend.invalidParameter("Invalid nextToken.");
            }
        }
        int end = Math.min(all.size(), start + size);
        ObjectNode out = NODES.objectNode();
        ArrayNode items = out.putArray(field);
        for (int i = Math.min(start, all.size()); i < end; i++) {
            items.add(all.get(i));
        }
        if (end < all.size()) {
            out.put("nextToken", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(Integer.toString(end).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    /** Operation name → handler, in the order the definition registers them. */
    static Map<String, Function<Call, ObjectNode>> writes() {
        Map<String, Function<Call, ObjectNode>> m = new LinkedHashMap<>();
        m.put("CreateCluster", EcsResponses::createCluster);
        m.put("DeleteCluster", EcsResponses::deleteCluster);
        m.put("UpdateClusterSettings", EcsResponses::updateClusterSettings);
        m.put("PutClusterCapacityProviders", EcsResponses::putClusterCapacityProviders);
        m.put("CreateCapacityProvider", EcsResponses::createCapacityProvider);
        m.put("UpdateCapacityProvider", EcsResponses::updateCapacityProvider);
        m.put("DeleteCapacityProvider", EcsResponses::deleteCapacityProvider);
        m.put("DeregisterContainerInstance", EcsResponses::deregisterContainerInstance);
        m.put("RegisterTaskDefinition", EcsResponses::registerTaskDefinition);
        m.put("DeregisterTaskDefinition", EcsResponses::deregisterTaskDefinition);
        m.put("DeleteTaskDefinitions", EcsResponses::deleteTaskDefinitions);
        m.put("CreateService", EcsResponses::createService);
        m.put("UpdateService", EcsResponses::updateService);
        m.put("DeleteService", EcsResponses::deleteService);
        m.put("CreateTaskSet", EcsResponses::createTaskSet);
        m.put("UpdateTaskSet", EcsResponses::updateTaskSet);
        m.put("DeleteTaskSet", EcsResponses::deleteTaskSet);
        m.put("UpdateServicePrimaryTaskSet", EcsResponses::updateServicePrimaryTaskSet);
        m.put("StopTask", EcsResponses::stopTask);
        m.put("TagResource", EcsResponses::tagResource);
        m.put("UntagResource", EcsResponses::untagResource);
        return m;
    }

    static Map<String, Function<Call, ObjectNode>> reads() {
        Map<String, Function<Call, ObjectNode>> m = new LinkedHashMap<>();
        m.put("DescribeClusters", EcsResponses::describeClusters);
        m.put("ListClusters", EcsResponses::listClusters);
        m.put("DescribeCapacityProviders", EcsResponses::describeCapacityProviders);
        m.put("ListContainerInstances", EcsResponses::listContainerInstances);
        m.put("DescribeContainerInstances", EcsResponses::describeContainerInstances);
        m.put("DescribeTaskDefinition", EcsResponses::describeTaskDefinition);
        m.put("ListTaskDefinitions", EcsResponses::listTaskDefinitions);
        m.put("ListTaskDefinitionFamilies", EcsResponses::listTaskDefinitionFamilies);
        m.put("DescribeServices", EcsResponses::describeServices);
        m.put("ListServices", EcsResponses::listServices);
        m.put("DescribeTaskSets", EcsResponses::describeTaskSets);
        m.put("ListTasks", EcsResponses::listTasks);
        m.put("DescribeTasks", EcsResponses::describeTasks);
        m.put("ListTagsForResource", EcsResponses::listTagsForResource);
        return m;
    }
}
