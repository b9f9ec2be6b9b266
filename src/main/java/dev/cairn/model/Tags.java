package dev.cairn.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** The tags every resource Cairn creates carries, so a stack can always be found by tag. */
public final class Tags {
    public static final String STACK = "cairn:stack";
    public static final String ADDRESS = "cairn:address";
    public static final String NAME = "Name";

    private Tags() {}

    /** Whether a tag key is one Cairn sets itself (never the user's to add or remove). */
    public static boolean isCairns(String key) {
        return key.equals(STACK) || key.equals(ADDRESS) || key.equals(NAME);
    }

    /**
     * The tags for one resource: {@code cairn:stack}, {@code cairn:address}, {@code Name =
     * <stack>-<short name>}, then the user's own tags (which may not override the first three).
     */
    public static Map<String, String> forResource(String stack, Address address, Map<String, String> userTags) {
        Map<String, String> tags = new LinkedHashMap<>();
        userTags.forEach((k, v) -> {
            if (!isCairns(k)) {
                tags.put(k, v);
            }
        });
        tags.put(NAME, stack + "-" + address.shortName());
        tags.put(STACK, stack);
        tags.put(ADDRESS, address.value());
        return tags;
    }
}
