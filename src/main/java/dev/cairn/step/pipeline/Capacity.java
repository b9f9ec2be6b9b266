package dev.cairn.step.pipeline;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;

/**
 * Where the service's tasks run: {@code ec2} (the guide's: an Auto Scaling group of ECS-optimized
 * instances in the app subnets, through a capacity provider) or {@code fargate} (no instances to
 * manage; billed per task vCPU and memory).
 */
public enum Capacity {
    EC2("ec2", "EC2"),
    FARGATE("fargate", "FARGATE");

    private final String yamlName;
    private final String launchType;

    Capacity(String yamlName, String launchType) {
        this.yamlName = yamlName;
        this.launchType = launchType;
    }

    @JsonValue
    public String yamlName() {
        return yamlName;
    }

    /** ECS's word for it: a task definition's {@code requiresCompatibilities}, a service's launch type. */
    public String launchType() {
        return launchType;
    }

    public static List<String> yamlNames() {
        return Arrays.stream(values()).map(Capacity::yamlName).toList();
    }
}
