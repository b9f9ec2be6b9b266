package dev.cairn.engine;

import java.util.List;
import java.util.Set;

/**
 * Finds every resource in AWS tagged {@code cairn:stack=<stack>} in the given regions, whatever
 * state knows. Teardown uses it twice: first to add resources state lost, last to prove that
 * nothing remains. Resources in a terminal state ({@code deleted}, {@code terminated}) are not
 * reported.
 */
public interface TagScanner {

    List<TaggedResource> scan(String stack, Set<String> regions);

    /**
     * @param address the {@code cairn:address} tag value, or empty if it has none
     * @param resourceType EC2's resource type word ({@code vpc}, {@code natgateway}, {@code elastic-ip})
     */
    record TaggedResource(String region, String resourceType, String physicalId, String address, String awsState) {}
}
