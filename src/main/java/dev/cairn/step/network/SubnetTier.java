package dev.cairn.step.network;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;

/** The three subnet tiers of the guide's network; written in YAML as {@code public|app|db}. */
public enum SubnetTier {
    PUBLIC("public"),
    APP("app"),
    DB("db");

    private final String yamlName;

    SubnetTier(String yamlName) {
        this.yamlName = yamlName;
    }

    /** The word used in YAML, in subnet names and in the {@code tier} property. */
    @JsonValue
    public String yamlName() {
        return yamlName;
    }

    public static List<String> yamlNames() {
        return Arrays.stream(values()).map(SubnetTier::yamlName).toList();
    }
}
