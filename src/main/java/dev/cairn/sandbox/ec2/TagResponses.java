package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.core.QueryParams;
import dev.cairn.sandbox.core.TaggedResource;
import dev.cairn.sandbox.core.Xml;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * EC2's CreateTags, DeleteTags, DescribeTags: parse the query parameters, call the model, render
 * the XML the SDK and the CLI read (shapes after the EC2 API reference and moto's {@code
 * ec2/responses}).
 */
final class TagResponses {
    private TagResponses() {
    }

    static void register(Ec2Service.Actions actions) {
        actions.mutating("CreateTags", (p, b, x) -> {
            b.tags().createTags(Describe.requiredList(p, "ResourceId"), p.tags("Tag"));
            x.el("return", true);
        });
        actions.mutating("DeleteTags", (p, b, x) -> {
            Map<String, String> keys = new LinkedHashMap<>();
            Set<String> bare = new LinkedHashSet<>();
            for (int i = 1; p.get("Tag." + i + ".Key") != null; i++) {
                String key = p.get("Tag." + i + ".Key");
                String value = p.get("Tag." + i + ".Value");
                keys.put(key, value);
                if (value == null) {
                    bare.add(key);
                }
            }
            b.tags().deleteTags(Describe.requiredList(p, "ResourceId"), keys, bare);
            x.el("return", true);
        });
        actions.readOnly("DescribeTags", TagResponses::describeTags);
    }

    /** One row of DescribeTags. */
    private record TagRow(String resourceId, String resourceType, String key, String value) {
    }

    private static final Filters<TagRow> TAG_FILTERS = new Filters<>(Map.of(
            "resource-id", r -> Describe.one(r.resourceId()),
            "resource-type", r -> Describe.one(r.resourceType()),
            "key", r -> Describe.one(r.key()),
            "value", r -> Describe.one(r.value())), null);

    private static void describeTags(QueryParams p, Ec2Backend b, Xml x) {
        List<QueryParams.Filter> fs = p.filters();
        // tag:<key> on DescribeTags selects rows of resources carrying that tag; handled here.
        List<QueryParams.Filter> plain = fs.stream().filter(f -> !f.name().startsWith("tag:")).toList();
        TAG_FILTERS.validate(plain);
        List<TagRow> rows = new ArrayList<>();
        for (TaggedResource t : b.tags().allTagged()) {
            boolean tagFiltersMatch = fs.stream().filter(f -> f.name().startsWith("tag:"))
                    .allMatch(f -> f.values().contains(t.tags.get(f.name().substring(4))));
            if (!tagFiltersMatch) {
                continue;
            }
            t.tags.forEach((k, v) -> rows.add(new TagRow(t.id, Ec2Tags.resourceType(t.id), k, v)));
        }
        rows.removeIf(r -> !TAG_FILTERS.matches(r, plain));
        Describe.Page<TagRow> pageRows = Describe.page(p, rows);
        x.start("tagSet");
        pageRows.items().forEach(r -> x.start("item").el("resourceId", r.resourceId()).el("resourceType", r.resourceType())
                .el("key", r.key()).el("value", r.value()).end());
        x.end();
        x.el("nextToken", pageRows.nextToken());
    }

}
