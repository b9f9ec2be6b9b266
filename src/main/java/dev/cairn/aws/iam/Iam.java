package dev.cairn.aws.iam;

import static dev.cairn.aws.AwsErrors.code;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.aws.AwsErrors;
import dev.cairn.engine.HandlerContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * What the IAM handlers and the IAM scanner share: IAM's error codes, tags, the policy documents
 * Cairn writes (a trust policy from service principals, CloudFormation's pseudo parameters in an
 * inline policy) and the reading of the documents IAM returns (URL-encoded JSON), compared as JSON
 * so that whitespace and key order never count as a change.
 */
final class Iam {

    static final String NO_SUCH_ENTITY = "NoSuchEntity";
    static final String DELETE_CONFLICT = "DeleteConflict";
    static final String ENTITY_EXISTS = "EntityAlreadyExists";
    /** The one inline policy Cairn writes on a role (IamKinds.ROLE's javadoc). */
    static final String INLINE_POLICY_NAME = "cairn";
    /** The policy language version every document Cairn writes declares. */
    static final String POLICY_VERSION = "2012-10-17";

    /** IAM's root path: the whole account, never listed by a find. */
    static final String ROOT_PATH = "/";
    /** Snapshot keys (IAM is global: no region): the names listed under a path. */
    static final String ROLES_SNAPSHOT = "iam:ListRoles:";
    static final String PROFILES_SNAPSHOT = "iam:ListInstanceProfiles:";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Iam() {}

    /** The call's answer, or empty when IAM says {@code NoSuchEntity}. */
    static <T> Optional<T> unlessMissing(Supplier<T> call) {
        try {
            return Optional.ofNullable(call.get());
        } catch (AwsServiceException e) {
            if (NO_SUCH_ENTITY.equals(code(e))) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Runs a removal; {@code NoSuchEntity} means it is already done (a step repeated after a crash). */
    static void ignoringMissing(Runnable call) {
        unlessMissing(() -> {
            call.run();
            return Boolean.TRUE;
        });
    }

    /** IAM names are unique case-insensitively: the form a listing is matched in. */
    static String nameKey(String name) {
        return name.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The names of every role under {@code path} (ListRoles, every page), as {@link #nameKey}s. A
     * backend that ignores PathPrefix lists more, which only costs the find a GetRole.
     */
    static Set<String> roleNamesUnder(software.amazon.awssdk.services.iam.IamClient iam, String path) {
        Set<String> names = new java.util.HashSet<>();
        iam.listRolesPaginator(r -> r.pathPrefix(path)).roles().forEach(r -> names.add(nameKey(r.roleName())));
        return Set.copyOf(names);
    }

    /** As {@link #roleNamesUnder}, for instance profiles (ListInstanceProfiles). */
    static Set<String> profileNamesUnder(software.amazon.awssdk.services.iam.IamClient iam, String path) {
        Set<String> names = new java.util.HashSet<>();
        iam.listInstanceProfilesPaginator(r -> r.pathPrefix(path)).instanceProfiles()
                .forEach(p -> names.add(nameKey(p.instanceProfileName())));
        return Set.copyOf(names);
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
     * The trust policy letting each of {@code services} (comma-separated service principals)
     * assume the role: one statement per service, as CloudFormation examples write it (and as
     * moto requires).
     */
    static String trustPolicy(String services) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("Version", POLICY_VERSION);
        ArrayNode statements = doc.putArray("Statement");
        for (String service : list(services)) {
            ObjectNode s = statements.addObject();
            s.put("Effect", "Allow");
            s.putObject("Principal").put("Service", service);
            s.put("Action", "sts:AssumeRole");
        }
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("a role needs at least one trusted service (trustService)");
        }
        return doc.toString();
    }

    /**
     * {@code ${AWS::AccountId}}, {@code ${AWS::Region}} and {@code ${AWS::Partition}} replaced,
     * as CloudFormation's {@code Fn::Sub} does for its pseudo parameters.
     */
    static String substitute(String document, HandlerContext ctx, String region) {
        return document.replace("${AWS::AccountId}", ctx.account())
                .replace("${AWS::Region}", region)
                .replace("${AWS::Partition}", ctx.partition());
    }

    /** A comma-separated prop as a list, blanks dropped, order and first occurrence kept. */
    static List<String> list(String commaSeparated) {
        Set<String> items = new LinkedHashSet<>();
        if (commaSeparated != null) {
            for (String s : commaSeparated.split(",")) {
                if (!s.isBlank()) {
                    items.add(s.trim());
                }
            }
        }
        return new ArrayList<>(items);
    }

    /**
     * A policy document as IAM returns it (URL-encoded, RFC 3986) or as a caller wrote it, parsed.
     * A document that is already JSON is not decoded: a {@code +} or {@code %} in it is literal.
     */
    static JsonNode parse(String document) {
        String text = document == null ? "" : document.strip();
        if (!text.startsWith("{")) {
            text = URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON policy document: " + e.getOriginalMessage(), e);
        }
    }

    /** Whether two policy documents say the same (as JSON trees: formatting and encoding aside). */
    static boolean samePolicy(String a, String b) {
        return parse(a).equals(parse(b));
    }
}
