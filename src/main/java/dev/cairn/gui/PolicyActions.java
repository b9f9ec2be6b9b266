package dev.cairn.gui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What an IAM policy document allows, in a line a person reads: its {@code Allow} statements'
 * actions grouped by service ({@code ecr: GetAuthorizationToken, PutImage}). The Pipeline page's
 * explanation of each role is built from the roles the step plans, so it never drifts from them.
 */
final class PolicyActions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PolicyActions() {}

    /** One entry per service, in the order the document first names it; empty for no document or a bad one. */
    static List<String> actions(String document) {
        if (document == null || document.isBlank()) {
            return List.of();
        }
        JsonNode doc;
        try {
            doc = JSON.readTree(document);
        } catch (IOException notJson) {
            return List.of();
        }
        Map<String, TreeSet<String>> byService = new LinkedHashMap<>();
        JsonNode statements = doc.path("Statement");
        for (JsonNode st : statements.isArray() ? statements : JSON.createArrayNode().add(statements)) {
            if (!"Allow".equals(st.path("Effect").asText("Allow"))) {
                continue;
            }
            JsonNode actions = st.path("Action");
            List<String> list = new ArrayList<>();
            if (actions.isArray()) {
                actions.forEach(a -> list.add(a.asText()));
            } else if (actions.isTextual()) {
                list.add(actions.asText());
            }
            for (String a : list) {
                int colon = a.indexOf(':');
                String service = colon < 0 ? a : a.substring(0, colon);
                byService.computeIfAbsent(service, k -> new TreeSet<>()).add(colon < 0 ? "*" : a.substring(colon + 1));
            }
        }
        List<String> out = new ArrayList<>();
        byService.forEach((service, names) -> out.add(service + ": " + String.join(", ", names)));
        return out;
    }
}
