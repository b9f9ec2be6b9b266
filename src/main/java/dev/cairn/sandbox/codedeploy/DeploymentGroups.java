package dev.cairn.sandbox.codedeploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.sandbox.codedeploy.CodeDeployStore.DeploymentGroup;
import dev.cairn.sandbox.core.AwsException;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of an ECS deployment group's settings, as CreateDeploymentGroup and
 * UpdateDeploymentGroup check them: blue/green with traffic control, one ECS service, one target
 * group pair with a production route of one listener, a termination wait of 0–2880 minutes.
 */
final class DeploymentGroups {
    /** The members of a group's settings the Sandbox keeps as sent. */
    static final List<String> SETTINGS = List.of("deploymentStyle", "blueGreenDeploymentConfiguration",
            "loadBalancerInfo", "ecsServices", "autoRollbackConfiguration", "alarmConfiguration",
            "triggerConfigurations", "outdatedInstancesStrategy", "terminationHookEnabled");
    /** AWS's largest termination wait: two days. */
    static final int MAX_TERMINATION_WAIT_MINUTES = 2880;
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeploymentGroups() {
    }

    /** The settings of a request (the members of {@link #SETTINGS} present in it). */
    static ObjectNode settings(JsonNode request, ObjectNode previous) {
        ObjectNode out = previous == null ? JSON.createObjectNode() : previous.deepCopy();
        for (String member : SETTINGS) {
            if (request.has(member) && !request.get(member).isNull()) {
                out.set(member, request.get(member).deepCopy());
            }
        }
        return out;
    }

    /** Checks an ECS group's settings; throws CodeDeploy's exception for the first problem. */
    static void checkEcs(ObjectNode s) {
        JsonNode style = s.path("deploymentStyle");
        if (!"BLUE_GREEN".equals(style.path("deploymentType").asText())
                || !"WITH_TRAFFIC_CONTROL".equals(style.path("deploymentOption").asText())) {
            throw new AwsException("InvalidDeploymentStyleException", "For ECS deployment group, deploymentType must be "
                    + "BLUE_GREEN and deploymentOption must be WITH_TRAFFIC_CONTROL");
        }
        JsonNode services = s.path("ecsServices");
        if (!services.isArray() || services.size() != 1 || services.get(0).path("serviceName").asText("").isEmpty()
                || services.get(0).path("clusterName").asText("").isEmpty()) {
            throw new AwsException("InvalidECSServiceException", "Deployment group's ECS service must be a single "
                    + "service with a service name and a cluster name");
        }
        JsonNode pairs = s.path("loadBalancerInfo").path("targetGroupPairInfoList");
        if (!pairs.isArray() || pairs.size() != 1) {
            throw new AwsException("InvalidLoadBalancerInfoException", "For ECS deployment group, "
                    + "targetGroupPairInfoList must contain exactly one target group pair");
        }
        JsonNode pair = pairs.get(0);
        if (pair.path("targetGroups").size() != 2) {
            throw new AwsException("InvalidTargetGroupPairException", "Target group pair must contain exactly two "
                    + "target groups");
        }
        String a = pair.path("targetGroups").get(0).path("name").asText("");
        String b = pair.path("targetGroups").get(1).path("name").asText("");
        if (a.isEmpty() || b.isEmpty() || a.equals(b)) {
            throw new AwsException("InvalidTargetGroupPairException", "Target group pair must contain two different "
                    + "target group names");
        }
        if (pair.path("prodTrafficRoute").path("listenerArns").size() != 1) {
            throw new AwsException("InvalidTargetGroupPairException", "Target group pair must have exactly one "
                    + "production traffic route listener");
        }
        if (pair.path("testTrafficRoute").path("listenerArns").size() > 1) {
            throw new AwsException("InvalidTargetGroupPairException", "Target group pair may have at most one test "
                    + "traffic route listener");
        }
        JsonNode terminate = s.path("blueGreenDeploymentConfiguration").path("terminateBlueInstancesOnDeploymentSuccess");
        int wait = terminate.path("terminationWaitTimeInMinutes").asInt(0);
        if (wait < 0 || wait > MAX_TERMINATION_WAIT_MINUTES) {
            throw new AwsException("InvalidBlueGreenDeploymentConfigurationException", "terminationWaitTimeInMinutes "
                    + "must be between 0 and " + MAX_TERMINATION_WAIT_MINUTES);
        }
        String action = terminate.path("action").asText("TERMINATE");
        if (!action.equals("TERMINATE") && !action.equals("KEEP_ALIVE")) {
            throw new AwsException("InvalidBlueGreenDeploymentConfigurationException", "Invalid action: " + action);
        }
    }

    static List<String> targetGroupNames(DeploymentGroup g) {
        List<String> out = new ArrayList<>();
        g.settings.path("loadBalancerInfo").path("targetGroupPairInfoList").path(0).path("targetGroups")
                .forEach(t -> out.add(t.path("name").asText()));
        return out;
    }

    static List<String> listeners(DeploymentGroup g, String route) {
        List<String> out = new ArrayList<>();
        g.settings.path("loadBalancerInfo").path("targetGroupPairInfoList").path(0).path(route).path("listenerArns")
                .forEach(l -> out.add(l.asText()));
        return out;
    }

    static String cluster(DeploymentGroup g) {
        return g.settings.path("ecsServices").path(0).path("clusterName").asText(null);
    }

    static String service(DeploymentGroup g) {
        return g.settings.path("ecsServices").path(0).path("serviceName").asText(null);
    }

    /** Minutes the original task set is kept, or −1 for KEEP_ALIVE. AWS's default when absent is 0 (terminate at once). */
    static int terminationWaitMinutes(DeploymentGroup g) {
        JsonNode t = g.settings.path("blueGreenDeploymentConfiguration").path("terminateBlueInstancesOnDeploymentSuccess");
        if ("KEEP_ALIVE".equals(t.path("action").asText())) {
            return -1;
        }
        return t.path("terminationWaitTimeInMinutes").asInt(0);
    }

    static boolean autoRollback(DeploymentGroup g) {
        JsonNode r = g.settings.path("autoRollbackConfiguration");
        if (!r.path("enabled").asBoolean(false)) {
            return false;
        }
        for (JsonNode e : r.path("events")) {
            if (e.asText().equals("DEPLOYMENT_FAILURE")) {
                return true;
            }
        }
        return false;
    }
}
