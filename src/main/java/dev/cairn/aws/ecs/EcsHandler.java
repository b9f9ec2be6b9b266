package dev.cairn.aws.ecs;

import dev.cairn.aws.AwsClients;
import dev.cairn.aws.AwsErrors;
import dev.cairn.aws.StackTags;
import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.Message;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.engine.ResourceHandler;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.Tags;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Tag;

/**
 * What the ECS handlers share: the client of the resource's region, tags as ECS writes them
 * ({@code key}/{@code value}, on create and with TagResource), and ECS's error codes. ECS names
 * its errors after the exception ({@code ClusterNotFoundException}, {@code ClientException});
 * a missing task definition or a malformed name is a {@code ClientException} whose message says so.
 */
abstract class EcsHandler implements ResourceHandler {

    private final AwsClients clients;

    EcsHandler(AwsClients clients) {
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    final EcsClient ecs(String region) {
        return clients.ecs(region);
    }

    final EcsClient ecs(ResourceRecord record) {
        return clients.ecs(record.spec().region());
    }

    final AwsClients clients() {
        return clients;
    }

    static List<Tag> toTags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    static Map<String, String> fromTags(List<Tag> tags) {
        Map<String, String> map = new LinkedHashMap<>();
        if (tags != null) {
            tags.forEach(t -> map.put(t.key(), t.value()));
        }
        return map;
    }

    /**
     * Brings a resource's tags to {@code wanted}: removes the user's keys it had and no longer
     * wants (never Cairn's own), then writes {@code wanted}. Both calls are idempotent.
     */
    static void retag(EcsClient ecs, String arn, Map<String, String> userTagsBefore, Map<String, String> wanted) {
        List<String> gone = StackTags.removedUserKeys(userTagsBefore, wanted);
        if (!gone.isEmpty()) {
            ecs.untagResource(r -> r.resourceArn(arn).tagKeys(gone));
        }
        ecs.tagResource(r -> r.resourceArn(arn).tags(toTags(wanted)));
    }

    static String message(AwsServiceException e) {
        return AwsErrors.message(e);
    }

    static String required(ResolvedSpec spec, String property) {
        String value = spec.property(property);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(spec.address() + " has no '" + property + "' property");
        }
        return value.trim();
    }

    static String optional(ResolvedSpec spec, String property, String otherwise) {
        String value = spec.property(property);
        return value == null || value.isBlank() ? otherwise : value.trim();
    }

    /** The attribute of a ref's record ({@code arn} of a role), failing with the ref's name when it lacks one. */
    static String refAttribute(ResolvedSpec spec, String ref, String attribute) {
        ResourceRecord record = spec.refs().get(ref);
        if (record == null) {
            throw new IllegalStateException(spec.address() + " has no resolved ref '" + ref + "'");
        }
        String value = record.attributes().get(attribute);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(spec.address() + ": its '" + ref + "' (" + record.physicalId() + ") has no "
                    + attribute + " attribute");
        }
        return value;
    }

    /** The last segment of an ARN's resource ({@code …:cluster/name} → {@code name}). */
    static String lastSegment(String arnOrName) {
        return arnOrName.substring(arnOrName.lastIndexOf('/') + 1);
    }

    /** A resource just made that describes do not show yet (eventual consistency). */
    final Poll notVisibleYet(String id) {
        return Poll.pending(Message.of("aws.notVisible", kind(), id));
    }

    /** Still waiting: "{kind} {id} is {AWS's state word}". */
    final Poll pendingState(String id, String state) {
        return Poll.pending(Message.of("aws.stateOf", kind(), id, state));
    }
}
