package dev.cairn.engine;

import dev.cairn.model.ResourceKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds every resource in AWS that carries the stack's mark, whatever state knows: tagged
 * {@code cairn:stack=<stack>}, or, for what AWS cannot tag, marked the way its kind says (an IAM
 * path, an ownership record). Teardown uses it twice: first to add resources state lost, last to
 * prove that nothing remains. Resources in a terminal state ({@code deleted}, {@code terminated})
 * are not reported. One scanner per service; {@link #compose} joins them.
 */
public interface TagScanner {

    /**
     * @param regions the regions to look in; a scanner of a global service looks once, whatever
     *     they are
     */
    List<TaggedResource> scan(String stack, Set<String> regions);

    /**
     * One resource found.
     *
     * @param region its region (the scanned region for global services' resources)
     * @param resourceType the service's own word for its type ({@code natgateway}), for people
     * @param kind the registered kind of that type, or null when Cairn has none (it is reported,
     *     and blocks the teardown proof, but Cairn cannot delete it)
     * @param physicalId its ID or ARN
     * @param address the {@code cairn:address} tag value, or empty if it has none
     * @param awsState AWS's state word, or empty
     */
    record TaggedResource(String region, String resourceType, ResourceKind kind, String physicalId, String address,
            String awsState) {
        public Optional<ResourceKind> knownKind() {
            return Optional.ofNullable(kind);
        }
    }

    /** Scans with each scanner in turn; the results in the scanners' order. */
    static TagScanner compose(List<TagScanner> scanners) {
        List<TagScanner> copy = List.copyOf(scanners);
        return (stack, regions) -> {
            List<TaggedResource> all = new ArrayList<>();
            for (TagScanner s : copy) {
                all.addAll(s.scan(stack, regions));
            }
            return all;
        };
    }
}
