package dev.cairn.sandbox.codedeploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * CodeDeploy's predefined deployment configurations (AWS's list; custom ones are not modelled).
 * For ECS the configuration says how production traffic moves: all at once, a canary share then
 * the rest, or equal steps.
 */
final class DeploymentConfigs {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** AWS dates its predefined configurations to the service's launch; the Sandbox shows one fixed time. */
    private static final long PREDEFINED_AT = 1_414_800_000_000L;

    /** One predefined configuration. {@code percentage}/{@code intervalMinutes} for canary and linear. */
    record Config(String name, String computePlatform, String routing, int percentage, int intervalMinutes,
                  String minimumHealthyType, int minimumHealthyValue) {

        /** Minutes from the first traffic shift to all traffic on the replacement. */
        int shiftMinutes() {
            return switch (routing) {
                case "TimeBasedCanary" -> intervalMinutes;
                case "TimeBasedLinear" -> (int) Math.ceil(100.0 / percentage - 1) * intervalMinutes;
                default -> 0;
            };
        }

        /** The replacement's share of production traffic {@code minutes} into AllowTraffic. */
        double replacementWeight(double minutes) {
            return switch (routing) {
                case "TimeBasedCanary" -> minutes >= intervalMinutes ? 100 : percentage;
                case "TimeBasedLinear" -> Math.min(100, percentage * (1 + Math.floor(minutes / intervalMinutes)));
                default -> 100;
            };
        }
    }

    static final Map<String, Config> PREDEFINED = new LinkedHashMap<>();

    static {
        add(new Config("CodeDeployDefault.OneAtATime", "Server", null, 0, 0, "HOST_COUNT", 1));
        add(new Config("CodeDeployDefault.HalfAtATime", "Server", null, 0, 0, "FLEET_PERCENT", 50));
        add(new Config("CodeDeployDefault.AllAtOnce", "Server", null, 0, 0, "HOST_COUNT", 0));
        add(new Config("CodeDeployDefault.LambdaAllAtOnce", "Lambda", "AllAtOnce", 0, 0, null, 0));
        add(new Config("CodeDeployDefault.LambdaCanary10Percent5Minutes", "Lambda", "TimeBasedCanary", 10, 5, null, 0));
        add(new Config("CodeDeployDefault.LambdaLinear10PercentEvery1Minute", "Lambda", "TimeBasedLinear", 10, 1, null, 0));
        add(new Config("CodeDeployDefault.ECSAllAtOnce", "ECS", "AllAtOnce", 0, 0, null, 0));
        add(new Config("CodeDeployDefault.ECSLinear10PercentEvery1Minutes", "ECS", "TimeBasedLinear", 10, 1, null, 0));
        add(new Config("CodeDeployDefault.ECSLinear10PercentEvery3Minutes", "ECS", "TimeBasedLinear", 10, 3, null, 0));
        add(new Config("CodeDeployDefault.ECSCanary10Percent5Minutes", "ECS", "TimeBasedCanary", 10, 5, null, 0));
        add(new Config("CodeDeployDefault.ECSCanary10Percent15Minutes", "ECS", "TimeBasedCanary", 10, 15, null, 0));
    }

    private DeploymentConfigs() {
    }

    private static void add(Config c) {
        PREDEFINED.put(c.name(), c);
    }

    static Optional<Config> find(String name) {
        return Optional.ofNullable(name == null ? null : PREDEFINED.get(name));
    }

    /** {@code deploymentConfigInfo} as GetDeploymentConfig renders it. */
    static ObjectNode render(Config c) {
        ObjectNode o = JSON.createObjectNode();
        o.put("deploymentConfigId", java.util.UUID.nameUUIDFromBytes(c.name().getBytes(
                java.nio.charset.StandardCharsets.UTF_8)).toString());
        o.put("deploymentConfigName", c.name());
        if (c.minimumHealthyType() != null) {
            o.putObject("minimumHealthyHosts").put("type", c.minimumHealthyType()).put("value", c.minimumHealthyValue());
        }
        o.put("createTime", PREDEFINED_AT / 1000.0);
        o.put("computePlatform", c.computePlatform());
        if (c.routing() != null) {
            ObjectNode r = o.putObject("trafficRoutingConfig");
            r.put("type", c.routing());
            if (c.routing().equals("TimeBasedCanary")) {
                r.putObject("timeBasedCanary").put("canaryPercentage", c.percentage())
                        .put("canaryInterval", c.intervalMinutes());
            } else if (c.routing().equals("TimeBasedLinear")) {
                r.putObject("timeBasedLinear").put("linearPercentage", c.percentage())
                        .put("linearInterval", c.intervalMinutes());
            }
        }
        return o;
    }
}
