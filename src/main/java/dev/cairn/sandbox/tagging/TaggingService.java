package dev.cairn.sandbox.tagging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Call;
import dev.cairn.sandbox.core.LiveResource;
import dev.cairn.sandbox.core.ServiceDefinition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The Resource Groups Tagging API (awsJson 1.1, {@code ResourceGroupsTaggingAPI_20170126}, signing
 * name {@code tagging}): one GetResources over every service the Sandbox models, read from each
 * service's {@link dev.cairn.sandbox.core.Inventory}, in the caller's account and region. As in
 * AWS, only resources that carry tags are found. GetTagKeys and GetTagValues read the same view.
 */
public final class TaggingService {
    static final String TARGET_PREFIX = "ResourceGroupsTaggingAPI_20170126";
    /** AWS's range of ResourcesPerPage. */
    static final int MAX_RESOURCES_PER_PAGE = 100;
    /** AWS allows at most this many TagFilters and ResourceARNList entries. */
    static final int MAX_TAG_FILTERS = 50;
    static final int MAX_ARNS = 100;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Services whose resources AWS's Resource Groups Tagging API does not return, by signing name. */
    static final java.util.Set<String> UNLISTED_SERVICES = java.util.Set.of("autoscaling", "iam");

    private TaggingService() {
    }

    /** The tagging API's definition: read-only, no state of its own. */
    public static ServiceDefinition definition() {
        return ServiceDefinition.builder("tagging", ServiceDefinition.Protocol.JSON_1_1)
                .targetPrefix(TARGET_PREFIX)
                .json("GetResources", ServiceDefinition.Effect.READS, TaggingService::getResources)
                .json("GetTagKeys", ServiceDefinition.Effect.READS, TaggingService::getTagKeys)
                .json("GetTagValues", ServiceDefinition.Effect.READS, TaggingService::getTagValues)
                .build();
    }

    /** Every tagged live resource of the caller's account and region, over all services. */
    private static List<LiveResource> tagged(Call call) {
        List<LiveResource> out = new ArrayList<>();
        for (ServiceDefinition service : call.world().registry().all()) {
            // AWS's tagging API does not list Auto Scaling groups (found by Auto Scaling's own tag filters) nor IAM
            // (found by ListRoles' path prefix).
            if (service.inventory() != null && !UNLISTED_SERVICES.contains(service.name())) {
                service.inventory().live(call.world(), call.now(), call.accountId(), call.region()).stream()
                        .filter(r -> !r.tags().isEmpty()).forEach(out::add);
            }
        }
        return out;
    }

    private static ObjectNode getResources(Call call) {
        JsonNode body = call.json();
        JsonNode arns = body.path("ResourceARNList");
        JsonNode tagFilters = body.path("TagFilters");
        JsonNode typeFilters = body.path("ResourceTypeFilters");
        if (arns.size() > 0 && (tagFilters.size() > 0 || typeFilters.size() > 0)) {
            throw invalid("ResourceARNList can't be combined with TagFilters or ResourceTypeFilters.");
        }
        if (tagFilters.size() > MAX_TAG_FILTERS || arns.size() > MAX_ARNS) {
            throw invalid("Too many TagFilters or ResourceARNList entries.");
        }
        int perPage = body.path("ResourcesPerPage").asInt(MAX_RESOURCES_PER_PAGE);
        if (perPage < 1 || perPage > MAX_RESOURCES_PER_PAGE) {
            throw invalid("ResourcesPerPage must be between 1 and " + MAX_RESOURCES_PER_PAGE + ".");
        }
        List<LiveResource> matching = new ArrayList<>();
        for (LiveResource r : tagged(call)) {
            boolean byArn = arns.size() == 0 || contains(arns, r.arn().toString());
            boolean byType = typeFilters.size() == 0 || matchesType(typeFilters, r);
            if (byArn && byType && matchesTags(tagFilters, r.tags())) {
                matching.add(r);
            }
        }
        int offset = offset(body.path("PaginationToken").asText(""));
        int end = Math.min(matching.size(), offset + perPage);
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("ResourceTagMappingList");
        for (LiveResource r : matching.subList(Math.min(offset, end), end)) {
            ObjectNode item = list.addObject();
            item.put("ResourceARN", r.arn().toString());
            ArrayNode tags = item.putArray("Tags");
            r.tags().forEach((k, v) -> tags.addObject().put("Key", k).put("Value", v));
        }
        out.put("PaginationToken", end < matching.size() ? token(end) : "");
        return out;
    }

    private static ObjectNode getTagKeys(Call call) {
        TreeSet<String> keys = new TreeSet<>();
        tagged(call).forEach(r -> keys.addAll(r.tags().keySet()));
        ObjectNode out = JSON.createObjectNode();
        keys.forEach(out.putArray("TagKeys")::add);
        out.put("PaginationToken", "");
        return out;
    }

    private static ObjectNode getTagValues(Call call) {
        String key = call.json().path("Key").asText("");
        if (key.isEmpty()) {
            throw invalid("Key is required.");
        }
        TreeSet<String> values = new TreeSet<>();
        tagged(call).stream().map(r -> r.tags().get(key)).filter(v -> v != null).forEach(values::add);
        ObjectNode out = JSON.createObjectNode();
        values.forEach(out.putArray("TagValues")::add);
        out.put("PaginationToken", "");
        return out;
    }

    /** A {@code service} or {@code service:type} filter against the resource's ARN. */
    private static boolean matchesType(JsonNode filters, LiveResource r) {
        for (JsonNode f : filters) {
            String filter = f.asText();
            int colon = filter.indexOf(':');
            String service = colon < 0 ? filter : filter.substring(0, colon);
            boolean sameService = service.equals(r.arn().service());
            // A bare ARN (arn:aws:s3:::NAME) has no type of its own: the inventory's type names it (s3:bucket).
            String type = r.arn().resourceType().isEmpty() ? r.type() : r.arn().resourceType();
            if (sameService && (colon < 0 || filter.substring(colon + 1).equals(type))) {
                return true;
            }
        }
        return false;
    }

    /** TagFilters: every filter must hold; a filter's values are alternatives; no values = the key is present. */
    private static boolean matchesTags(JsonNode filters, Map<String, String> tags) {
        for (JsonNode f : filters) {
            String value = tags.get(f.path("Key").asText());
            JsonNode values = f.path("Values");
            if (value == null || (values.size() > 0 && !contains(values, value))) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(JsonNode array, String text) {
        for (JsonNode n : array) {
            if (n.asText().equals(text)) {
                return true;
            }
        }
        return false;
    }

    private static String token(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("offset:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int offset(String token) {
        if (token.isEmpty()) {
            return 0;
        }
        try {
            return Integer.parseInt(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8)
                    .replace("offset:", ""));
        } catch (IllegalArgumentException e) {
            throw new AwsException("PaginationTokenExpiredException", "The PaginationToken is not valid.");
        }
    }

    private static AwsException invalid(String message) {
        return new AwsException("InvalidParameterException", message);
    }
}
