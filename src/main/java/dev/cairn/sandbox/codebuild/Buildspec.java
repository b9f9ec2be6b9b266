package dev.cairn.sandbox.codebuild;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A buildspec (version 0.2) as the Sandbox's CodeBuild runs it: {@code env.variables},
 * {@code phases.<install|pre_build|build|post_build>.commands} and {@code artifacts.files}. What
 * else a buildspec may say (runtime versions, {@code finally} blocks, reports, caches) is read past,
 * as it changes nothing the Sandbox's shell could do.
 *
 * @param variables     {@code env.variables}, in order
 * @param commands      phase type ({@code PRE_BUILD}) → its commands, in order
 * @param artifactFiles {@code artifacts.files} patterns
 * @param discardPaths  {@code artifacts.discard-paths}
 */
record Buildspec(Map<String, String> variables, Map<String, List<String>> commands, List<String> artifactFiles,
                 boolean discardPaths) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** A buildspec CodeBuild refuses: the message is its {@code YAML_FILE_ERROR} context. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /** Reads a buildspec's text. */
    static Buildspec parse(String text) throws Invalid {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (IOException e) {
            String detail = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            throw new Invalid("Invalid buildspec: YAML could not be parsed: " + detail);
        }
        if (root == null || !root.isObject()) {
            throw new Invalid("Invalid buildspec: the buildspec must be a YAML map");
        }
        JsonNode version = root.get("version");
        if (version == null) {
            throw new Invalid("missing required version");
        }
        if (!version.asText().equals("0.2") && !version.asText().equals("0.1")) {
            throw new Invalid("invalid buildspec version: " + version.asText() + ", valid versions are 0.1 and 0.2");
        }
        Map<String, String> variables = new LinkedHashMap<>();
        JsonNode vars = root.path("env").path("variables");
        if (!vars.isMissingNode() && !vars.isNull()) {
            if (!vars.isObject()) {
                throw new Invalid("Expected Variables to be of map type");
            }
            vars.fields().forEachRemaining(e -> variables.put(e.getKey(), e.getValue().asText()));
        }
        Map<String, List<String>> commands = new LinkedHashMap<>();
        JsonNode phases = root.path("phases");
        for (Map.Entry<String, String> phase : List.of(Map.entry("install", "INSTALL"),
                Map.entry("pre_build", "PRE_BUILD"), Map.entry("build", "BUILD"), Map.entry("post_build", "POST_BUILD"))) {
            JsonNode list = phases.path(phase.getKey()).path("commands");
            List<String> out = new ArrayList<>();
            if (!list.isMissingNode() && !list.isNull()) {
                if (!list.isArray()) {
                    throw new Invalid("Expected Commands to be of list type in phase " + phase.getKey());
                }
                for (int i = 0; i < list.size(); i++) {
                    JsonNode c = list.get(i);
                    if (!c.isValueNode()) {
                        throw new Invalid("Expected Commands[" + i + "] to be of string type: found subkeys instead, "
                                + "check indentation");
                    }
                    out.add(c.asText());
                }
            }
            commands.put(phase.getValue(), out);
        }
        List<String> files = new ArrayList<>();
        JsonNode artifacts = root.path("artifacts");
        JsonNode fileList = artifacts.path("files");
        if (fileList.isArray()) {
            fileList.forEach(f -> files.add(f.asText()));
        } else if (fileList.isValueNode() && !fileList.isNull()) {
            files.add(fileList.asText());
        }
        boolean discard = artifacts.path("discard-paths").asText("no").matches("(?i)yes|true");
        return new Buildspec(variables, commands, files, discard);
    }
}
