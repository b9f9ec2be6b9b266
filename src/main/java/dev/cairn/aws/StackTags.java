package dev.cairn.aws;

import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.model.Tags;
import java.util.List;
import java.util.Map;

/**
 * What every handler reads from a resource's tags: whether it is this stack's for this address
 * (the only proof of ownership: a name alone never is), who seems to own it when it is not (for a
 * {@code Found.Taken}), and which keys a retag removes.
 */
public final class StackTags {

    private StackTags() {}

    /** Whether the tags carry this stack and this spec's address. */
    public static boolean isOurs(Map<String, String> tags, HandlerContext ctx, ResolvedSpec spec) {
        return ctx.stack().equals(tags.get(Tags.STACK)) && spec.address().value().equals(tags.get(Tags.ADDRESS));
    }

    /** Who seems to own a resource, from its tags, for a {@code Taken} message. */
    public static String owner(Map<String, String> tags) {
        String stack = tags.get(Tags.STACK);
        if (stack == null) {
            return "without Cairn's tags";
        }
        return "tagged for stack " + stack + " at " + tags.getOrDefault(Tags.ADDRESS, "(no address)");
    }

    /** The user's keys a resource had and no longer wants (never Cairn's own): what a retag untags first. */
    public static List<String> removedUserKeys(Map<String, String> before, Map<String, String> wanted) {
        return before.keySet().stream().filter(k -> !wanted.containsKey(k) && !Tags.isCairns(k)).toList();
    }
}
