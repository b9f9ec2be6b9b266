package dev.cairn.model.kinds;

import dev.cairn.model.ResourceKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The registry of every resource kind Cairn manages: one line per service's definitions. The
 * journal's wire names are resolved here, and the kinds' dependency graph (refs and
 * {@link ResourceKind#after()}) orders a teardown of resources found only by tag.
 */
public final class ResourceKinds {

    private static final List<ResourceKind> ALL = register(
            Ec2Kinds.ALL,
            Elbv2Kinds.ALL,
            AutoScalingKinds.ALL,
            AcmKinds.ALL,
            Route53Kinds.ALL,
            S3Kinds.ALL,
            DynamoDbKinds.ALL,
            IamKinds.ALL,
            LogsKinds.ALL,
            EcrKinds.ALL,
            CodeBuildKinds.ALL,
            CodeConnectionsKinds.ALL,
            EcsKinds.ALL,
            CodeDeployKinds.ALL,
            CodePipelineKinds.ALL);

    private static final Map<String, ResourceKind> BY_WIRE_NAME = index(ALL);
    private static final Map<ResourceKind, Set<ResourceKind>> DEPENDS_ON = closure(ALL);

    private ResourceKinds() {}

    @SafeVarargs
    private static List<ResourceKind> register(List<ResourceKind>... services) {
        List<ResourceKind> all = new ArrayList<>();
        for (List<ResourceKind> kinds : services) {
            all.addAll(kinds);
        }
        return List.copyOf(all);
    }

    private static Map<String, ResourceKind> index(List<ResourceKind> kinds) {
        Map<String, ResourceKind> map = new LinkedHashMap<>();
        for (ResourceKind k : kinds) {
            if (map.put(k.wireName(), k) != null) {
                throw new IllegalStateException("two kinds share the wire name " + k.wireName());
            }
        }
        for (ResourceKind k : kinds) {
            for (ResourceKind d : k.dependsOn()) {
                if (map.get(d.wireName()) != d) {
                    throw new IllegalStateException(k + " depends on " + d + ", which is not registered");
                }
            }
        }
        return Collections.unmodifiableMap(map);
    }

    /** Each kind mapped to every kind it depends on, directly or through others; fails on a cycle. */
    private static Map<ResourceKind, Set<ResourceKind>> closure(List<ResourceKind> kinds) {
        Map<ResourceKind, Set<ResourceKind>> result = new LinkedHashMap<>();
        for (ResourceKind k : kinds) {
            Set<ResourceKind> seen = new LinkedHashSet<>();
            collect(k, k, seen, new HashSet<>());
            result.put(k, Collections.unmodifiableSet(seen));
        }
        return Collections.unmodifiableMap(result);
    }

    private static void collect(ResourceKind root, ResourceKind k, Set<ResourceKind> seen, Set<ResourceKind> path) {
        if (!path.add(k)) {
            throw new IllegalStateException("the kinds' dependencies form a cycle through " + k);
        }
        for (ResourceKind d : k.dependsOn()) {
            if (d == root) {
                throw new IllegalStateException("the kinds' dependencies form a cycle through " + root);
            }
            if (seen.add(d)) {
                collect(root, d, seen, path);
            }
        }
        path.remove(k);
    }

    /** Every registered kind, in registration order. */
    public static List<ResourceKind> all() {
        return ALL;
    }

    /** The kind a journal line names. */
    public static Optional<ResourceKind> byWireName(String wireName) {
        return Optional.ofNullable(BY_WIRE_NAME.get(wireName));
    }

    /**
     * The kind a journal line names.
     *
     * @throws IllegalArgumentException for a name no registered kind has (a journal written by a
     *     newer Cairn, or damaged)
     */
    public static ResourceKind require(String wireName) {
        ResourceKind k = BY_WIRE_NAME.get(wireName);
        if (k == null) {
            throw new IllegalArgumentException("unknown resource kind '" + wireName + "'");
        }
        return k;
    }

    /**
     * Whether a resource of kind {@code a} must be deleted before one of kind {@code b} (a
     * depends on b, directly or through other kinds): an instance before its subnet's VPC.
     */
    public static boolean dependsOn(ResourceKind a, ResourceKind b) {
        return DEPENDS_ON.getOrDefault(a, Set.of()).contains(b);
    }

    /** The kinds of one service, as its tag scanner needs them. */
    public static List<ResourceKind> ofService(dev.cairn.model.AwsService service) {
        return ALL.stream().filter(k -> k.service() == service).toList();
    }
}
