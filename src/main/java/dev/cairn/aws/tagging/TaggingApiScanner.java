package dev.cairn.aws.tagging;

import dev.cairn.aws.AwsClients;
import dev.cairn.engine.TagScanner;
import dev.cairn.model.AwsService;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.Tags;
import dev.cairn.model.kinds.ResourceKinds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.ResourceTagMapping;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.Tag;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.TagFilter;

/**
 * Finds a stack's resources in services whose resources the Resource Groups Tagging API lists
 * (Elastic Load Balancing, ACM, …): one paginated GetResources per region, filtered by the tag
 * {@code cairn:stack=<stack>} and by the scan words of the kinds registered for those services
 * ({@code elasticloadbalancing:loadbalancer}, {@code acm:certificate}). Each ARN is mapped back
 * to its kind by the same word ({@code <service>:<resource type>}, the ARN's service and the
 * first word of its resource part).
 *
 * <p>The tagging API is eventually consistent: a resource deleted a moment ago can still be
 * listed. Where a service says how to ask whether one still exists ({@link #check}), the scanner
 * asks, and drops what is gone; that keeps the teardown's last scan, which must find nothing,
 * from failing on a ghost.
 */
public final class TaggingApiScanner implements TagScanner {

    /** Whether one listed resource still exists: its state word, or empty when it is gone. */
    @FunctionalInterface
    public interface LiveCheck {
        Optional<String> state(String region, String arn);
    }

    /** The physical ID Cairn keeps for a listed ARN (a bucket's or table's name), where it is not the ARN. */
    @FunctionalInterface
    public interface PhysicalId {
        String of(String arn);
    }

    /** GetResources accepts at most 100 resource type filters; Cairn's kinds are far fewer. */
    static final int MAX_TYPE_FILTERS = 100;

    private final AwsClients clients;
    private final Map<String, ResourceKind> kindByWord;
    private final Map<String, LiveCheck> checks;
    private final Map<String, PhysicalId> ids;

    /** A scanner of the registered kinds of {@code services} that carry a scan word. */
    public TaggingApiScanner(AwsClients clients, Set<AwsService> services) {
        this(clients, kindsOf(services), Map.of(), Map.of());
    }

    private TaggingApiScanner(AwsClients clients, Map<String, ResourceKind> kindByWord, Map<String, LiveCheck> checks,
            Map<String, PhysicalId> ids) {
        this.clients = Objects.requireNonNull(clients, "clients");
        if (kindByWord.isEmpty() || kindByWord.size() > MAX_TYPE_FILTERS) {
            throw new IllegalArgumentException("a tagging API scan needs 1 to " + MAX_TYPE_FILTERS + " resource types, not "
                    + kindByWord.size());
        }
        this.kindByWord = Map.copyOf(kindByWord);
        this.checks = Map.copyOf(checks);
        this.ids = Map.copyOf(ids);
    }

    /** The same scanner, asking {@code check} whether a listed resource of that scan word still exists. */
    public TaggingApiScanner check(String scanWord, LiveCheck check) {
        if (!kindByWord.containsKey(scanWord)) {
            throw new IllegalArgumentException(scanWord + " is not a type this scanner lists (" + kindByWord.keySet() + ")");
        }
        Map<String, LiveCheck> more = new LinkedHashMap<>(checks);
        more.put(scanWord, Objects.requireNonNull(check, "check"));
        return new TaggingApiScanner(clients, kindByWord, more, ids);
    }

    /**
     * The same scanner, reporting a listed resource of that scan word by the ID {@code id} gives
     * its ARN: the ID Cairn's state keeps for it, so a teardown never takes a resource it
     * already knows for an orphan.
     */
    public TaggingApiScanner physicalId(String scanWord, PhysicalId id) {
        if (!kindByWord.containsKey(scanWord)) {
            throw new IllegalArgumentException(scanWord + " is not a type this scanner lists (" + kindByWord.keySet() + ")");
        }
        Map<String, PhysicalId> more = new LinkedHashMap<>(ids);
        more.put(scanWord, Objects.requireNonNull(id, "id"));
        return new TaggingApiScanner(clients, kindByWord, checks, more);
    }

    /** The scan words this scanner sends as ResourceTypeFilters. */
    public Set<String> resourceTypes() {
        return new TreeSet<>(kindByWord.keySet());
    }

    private static Map<String, ResourceKind> kindsOf(Set<AwsService> services) {
        Map<String, ResourceKind> map = new LinkedHashMap<>();
        for (AwsService service : services) {
            for (ResourceKind k : ResourceKinds.ofService(service)) {
                k.scanType().ifPresent(word -> map.put(word, k));
            }
        }
        return map;
    }

    @Override
    public List<TaggedResource> scan(String stack, Set<String> regions) {
        List<TaggedResource> found = new ArrayList<>();
        // An ARN without a region (an S3 bucket's) may be listed by more than one region's API.
        Set<String> seen = new java.util.HashSet<>();
        Set<String> seenIds = new java.util.HashSet<>();
        TagFilter byStack = TagFilter.builder().key(Tags.STACK).values(stack).build();
        List<String> types = List.copyOf(new TreeSet<>(kindByWord.keySet()));
        for (String region : new TreeSet<>(regions)) {
            for (ResourceTagMapping m : clients.tagging(region)
                    .getResourcesPaginator(r -> r.tagFilters(byStack).resourceTypeFilters(types))
                    .resourceTagMappingList()) {
                Map<String, String> tags = tags(m);
                // The filter matched on the server; check the value exactly anyway.
                if (!stack.equals(tags.get(Tags.STACK))) {
                    continue;
                }
                String word = typeWord(m.resourceARN());
                if (!seen.add(m.resourceARN())) {
                    continue;
                }
                LiveCheck check = checks.get(word);
                String state = "";
                if (check != null) {
                    Optional<String> live = check.state(region, m.resourceARN());
                    if (live.isEmpty()) {
                        continue;
                    }
                    state = live.get();
                }
                PhysicalId id = ids.get(word);
                String physicalId = id == null ? m.resourceARN() : id.of(m.resourceARN());
                // Several ARNs can be one resource of Cairn's: every revision of a task definition family.
                if (!seenIds.add(word + " " + region + " " + physicalId)) {
                    continue;
                }
                found.add(new TaggedResource(region, word, kindByWord.get(word), physicalId, tags.getOrDefault(Tags.ADDRESS, ""), state));
            }
        }
        return found;
    }

    /**
     * {@code <service>:<resource type>} of an ARN: {@code arn:aws:elasticloadbalancing:…:loadbalancer/app/web/1f}
     * is {@code elasticloadbalancing:loadbalancer}, {@code arn:aws:acm:…:certificate/…} is {@code acm:certificate}.
     * An S3 bucket's ARN ({@code arn:aws:s3:::NAME}) names no type: it is {@code s3:bucket}.
     */
    static String typeWord(String arn) {
        String[] parts = arn.split(":", 6);
        if (parts.length < 6) {
            return arn;
        }
        String resource = parts[5];
        if (parts[2].equals("s3") && parts[3].isEmpty() && parts[4].isEmpty() && !resource.contains("/")) {
            return "s3:bucket";
        }
        // A pipeline's ARN is arn:aws:codepipeline:REGION:ACCOUNT:NAME (no type; a name holds no ':' or '/'),
        // unlike the service's other resources (webhook:NAME, actiontype:…).
        if (parts[2].equals("codepipeline") && resource.indexOf(':') < 0 && resource.indexOf('/') < 0) {
            return "codepipeline:pipeline";
        }
        int end = resource.length();
        for (char separator : new char[] {'/', ':'}) {
            int at = resource.indexOf(separator);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return parts[2] + ":" + resource.substring(0, end);
    }

    /**
     * The resource's name in its ARN: what follows the type word and its separator
     * ({@code cluster/web} → {@code web}, {@code application:web-app} → {@code web-app},
     * {@code deploymentgroup:web-app/web-bluegreen} → {@code web-app/web-bluegreen},
     * {@code log-group:/cairn/web/build} → {@code /cairn/web/build}), or the whole resource part
     * when the ARN names no type (a pipeline's, a bucket's). For the {@link #physicalId} of kinds
     * whose physical ID is their name.
     */
    public static String nameOf(String arn) {
        String[] parts = arn.split(":", 6);
        if (parts.length < 6) {
            return arn;
        }
        String word = typeWord(arn);
        String type = word.substring(word.indexOf(':') + 1);
        String resource = parts[5];
        if (resource.length() > type.length() && resource.startsWith(type)
                && (resource.charAt(type.length()) == '/' || resource.charAt(type.length()) == ':')) {
            return resource.substring(type.length() + 1);
        }
        return resource;
    }

    /** A task definition's family: {@code task-definition/web-frontend:3} → {@code web-frontend}. */
    public static String familyOf(String arn) {
        String name = nameOf(arn);
        int colon = name.lastIndexOf(':');
        return colon < 0 ? name : name.substring(0, colon);
    }

    private static Map<String, String> tags(ResourceTagMapping m) {
        Map<String, String> map = new LinkedHashMap<>();
        for (Tag t : m.tags()) {
            map.put(t.key(), t.value());
        }
        return map;
    }
}
