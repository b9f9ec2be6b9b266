package dev.cairn.sandbox.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.ecr.EcrService.Rule;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * ECR lifecycle policy text: parsed and validated as PutLifecyclePolicy does (rules with unique
 * priorities, a {@code selection} of {@code tagStatus} tagged/untagged/any, {@code countType}
 * {@code imageCountMoreThan} or {@code sinceImagePushed} (with {@code countUnit} days), action
 * {@code expire}); a policy that fails is refused whole with {@code InvalidParameterException}.
 */
final class LifecycleRules {
    static final String COUNT_MORE_THAN = "imageCountMoreThan";
    static final String SINCE_PUSHED = "sinceImagePushed";
    private static final ObjectMapper JSON = new ObjectMapper();

    private LifecycleRules() {
    }

    static List<Rule> parse(String text) {
        if (text == null || text.isEmpty()) {
            throw invalid("'lifecyclePolicyText' must not be null");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            throw invalid("Lifecycle policy validation failure: could not parse the policy as JSON");
        }
        JsonNode rules = root == null ? null : root.get("rules");
        if (rules == null || !rules.isArray() || rules.isEmpty()) {
            throw invalid("Lifecycle policy validation failure: object has missing required properties ([\"rules\"])");
        }
        List<Rule> out = new ArrayList<>();
        Set<Integer> priorities = new HashSet<>();
        for (JsonNode r : rules) {
            if (!r.path("rulePriority").canConvertToInt() || r.path("rulePriority").asInt() < 1) {
                throw invalid("Lifecycle policy validation failure: rulePriority must be an integer of at least 1");
            }
            int priority = r.get("rulePriority").asInt();
            if (!priorities.add(priority)) {
                throw invalid("Lifecycle policy validation failure: the rule priority " + priority
                        + " is used by more than one rule");
            }
            if (!r.path("action").path("type").asText("").equals("expire")) {
                throw invalid("Lifecycle policy validation failure: action.type must be \"expire\"");
            }
            JsonNode s = r.path("selection");
            String status = s.path("tagStatus").asText("");
            if (!Set.of("tagged", "untagged", "any").contains(status)) {
                throw invalid("Lifecycle policy validation failure: selection.tagStatus must be one of "
                        + "[\"tagged\",\"untagged\",\"any\"]");
            }
            List<String> prefixes = new ArrayList<>();
            s.path("tagPrefixList").forEach(p -> prefixes.add(p.asText()));
            if (status.equals("tagged") && prefixes.isEmpty()) {
                throw invalid("Lifecycle policy validation failure: tagPrefixList is required when tagStatus is "
                        + "\"tagged\"");
            }
            String countType = s.path("countType").asText("");
            if (!countType.equals(COUNT_MORE_THAN) && !countType.equals(SINCE_PUSHED)) {
                throw invalid("Lifecycle policy validation failure: selection.countType must be one of "
                        + "[\"imageCountMoreThan\",\"sinceImagePushed\"]");
            }
            if (countType.equals(SINCE_PUSHED) && !s.path("countUnit").asText("").equals("days")) {
                throw invalid("Lifecycle policy validation failure: countUnit \"days\" is required with "
                        + "\"sinceImagePushed\"");
            }
            if (countType.equals(COUNT_MORE_THAN) && s.has("countUnit")) {
                throw invalid("Lifecycle policy validation failure: countUnit is not allowed with "
                        + "\"imageCountMoreThan\"");
            }
            if (!s.path("countNumber").canConvertToInt() || s.path("countNumber").asInt() < 1) {
                throw invalid("Lifecycle policy validation failure: selection.countNumber must be an integer of at "
                        + "least 1");
            }
            out.add(new Rule(priority, status, List.copyOf(prefixes), countType, s.get("countNumber").asInt()));
        }
        return out;
    }

    /** Whether a rule's selection takes an image. */
    static boolean selects(Rule rule, EcrStore.Image image) {
        return switch (rule.tagStatus()) {
            case "untagged" -> image.tags.isEmpty();
            case "tagged" -> image.tags.stream().anyMatch(t -> rule.tagPrefixes().stream().anyMatch(t::startsWith));
            default -> true;
        };
    }

    private static AwsException invalid(String detail) {
        return new AwsException("InvalidParameterException", "Invalid parameter at 'LifecyclePolicyText' failed to "
                + "satisfy constraint: '" + detail + "'");
    }
}
