package dev.cairn.aws.autoscaling;

import dev.cairn.aws.AwsClients;
import dev.cairn.engine.TagScanner;
import dev.cairn.model.AwsService;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.Tags;
import dev.cairn.model.kinds.ResourceKinds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Filter;

/**
 * Finds a stack's Auto Scaling groups: the Resource Groups Tagging API does not list them, so
 * Auto Scaling is asked itself, with its {@code tag:<key>} filter (DescribeAutoScalingGroups,
 * paginated, per region). A group whose delete was accepted is still reported, with AWS's status
 * ({@code Delete in progress}): it exists until its instances are gone.
 */
public final class AutoScalingScanner implements TagScanner {

    /** The kind's scan word, as {@code AutoScalingKinds} defines it. */
    static final String GROUP_WORD = "autoscaling:autoScalingGroup";

    private final AwsClients clients;
    private final ResourceKind groupKind;

    public AutoScalingScanner(AwsClients clients) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.groupKind = ResourceKinds.ofService(AwsService.AUTOSCALING).stream()
                .filter(k -> k.scanType().filter(GROUP_WORD::equals).isPresent())
                .findFirst()
                .orElse(null);
    }

    @Override
    public List<TaggedResource> scan(String stack, Set<String> regions) {
        List<TaggedResource> found = new ArrayList<>();
        Filter byStack = Filter.builder().name("tag:" + Tags.STACK).values(stack).build();
        for (String region : new TreeSet<>(regions)) {
            for (AutoScalingGroup g : clients.autoScaling(region).describeAutoScalingGroupsPaginator(r -> r.filters(byStack))
                    .autoScalingGroups()) {
                Map<String, String> tags = AutoScalingGroupHandler.tags(g);
                if (!stack.equals(tags.get(Tags.STACK))) {
                    continue;
                }
                found.add(new TaggedResource(region, GROUP_WORD, groupKind, g.autoScalingGroupName(),
                        tags.getOrDefault(Tags.ADDRESS, ""), g.status() == null ? "" : g.status()));
            }
        }
        return found;
    }
}
