package dev.cairn.step.network;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;

/**
 * How private subnets reach the internet: no NAT gateway, one shared NAT gateway (cheapest; its
 * zone is a single point of failure), or one per zone. Written in YAML as
 * {@code none|single|per-zone}.
 */
public enum NatMode {
    NONE("none"),
    SINGLE("single"),
    PER_ZONE("per-zone");

    private final String yamlName;

    NatMode(String yamlName) {
        this.yamlName = yamlName;
    }

    @JsonValue
    public String yamlName() {
        return yamlName;
    }

    public static List<String> yamlNames() {
        return Arrays.stream(values()).map(NatMode::yamlName).toList();
    }
}
