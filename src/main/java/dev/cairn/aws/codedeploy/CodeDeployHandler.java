package dev.cairn.aws.codedeploy;

import dev.cairn.aws.AwsClients;
import dev.cairn.aws.AwsErrors;
import dev.cairn.aws.StackTags;
import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.engine.ResourceHandler;
import dev.cairn.model.Tags;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.codedeploy.model.Tag;

/**
 * What the CodeDeploy handlers share. CodeDeploy returns no ARN for an application or a
 * deployment group, yet tags them by ARN: {@code arn:<partition>:codedeploy:<region>:<account>:application:<name>}
 * and {@code …:deploymentgroup:<application>/<group>}, built here from the run's account.
 */
abstract class CodeDeployHandler implements ResourceHandler {

    private final AwsClients clients;

    CodeDeployHandler(AwsClients clients) {
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    final CodeDeployClient codeDeploy(String region) {
        return clients.codeDeploy(region);
    }

    static String applicationArn(HandlerContext ctx, String region, String application) {
        return ctx.arn("codedeploy", region, "application:" + application);
    }

    static String groupArn(HandlerContext ctx, String region, String application, String group) {
        return ctx.arn("codedeploy", region, "deploymentgroup:" + application + "/" + group);
    }

    static List<Tag> toTags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    static Map<String, String> tagsOf(CodeDeployClient cd, String arn) {
        Map<String, String> map = new LinkedHashMap<>();
        cd.listTagsForResource(r -> r.resourceArn(arn)).tags().forEach(t -> map.put(t.key(), t.value()));
        return map;
    }

    /** Brings a resource's tags to {@code wanted}: the user's keys it no longer wants removed (never Cairn's), then all written. */
    static void retag(CodeDeployClient cd, String arn, Map<String, String> userTagsBefore, Map<String, String> wanted) {
        List<String> gone = StackTags.removedUserKeys(userTagsBefore, wanted);
        if (!gone.isEmpty()) {
            cd.untagResource(r -> r.resourceArn(arn).tagKeys(gone));
        }
        cd.tagResource(r -> r.resourceArn(arn).tags(toTags(wanted)));
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
}
