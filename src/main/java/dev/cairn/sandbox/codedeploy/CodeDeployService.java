package dev.cairn.sandbox.codedeploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cairn.sandbox.codedeploy.CodeDeployStore.Application;
import dev.cairn.sandbox.codedeploy.CodeDeployStore.Deployment;
import dev.cairn.sandbox.codedeploy.CodeDeployStore.DeploymentGroup;
import dev.cairn.sandbox.codedeploy.CodeDeployStore.LifecycleEvent;
import dev.cairn.sandbox.codedeploy.CodeDeployStore.RegionState;
import dev.cairn.sandbox.core.Arn;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Call;
import dev.cairn.sandbox.core.LiveResource;
import dev.cairn.sandbox.core.Regions;
import dev.cairn.sandbox.core.ServiceDefinition;
import dev.cairn.sandbox.core.ServiceDefinition.Effect;
import dev.cairn.sandbox.core.World;
import dev.cairn.sandbox.ecs.EcsDeployments;
import dev.cairn.sandbox.elbv2.ElbListenerControl;
import dev.cairn.sandbox.iam.IamRoles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * AWS CodeDeploy for ECS (awsJson 1.1, {@code X-Amz-Target: CodeDeploy_20141006.<Op>}, signing
 * name {@code codedeploy}): applications, deployment groups, the predefined deployment
 * configurations, and blue/green deployments moved by {@link BlueGreen} on the clock (the
 * service's settler) through ECS's task sets ({@link EcsDeployments}) and ELB's listeners
 * ({@link ElbListenerControl}). Exports {@link CodeDeployments} to CodePipeline.
 */
public final class CodeDeployService {
    static final String SIGNING_NAME = "codedeploy";
    static final String TARGET_PREFIX = "CodeDeploy_20141006";
    static final String SERVICE_PRINCIPAL = "codedeploy.amazonaws.com";
    static final String DEFAULT_ECS_CONFIG = "CodeDeployDefault.ECSAllAtOnce";
    /** ListApplications/ListDeploymentGroups/ListDeployments: AWS's page of 100 names. */
    static final int PAGE = 100;
    /** BatchGet…: AWS's limit of 100 (25 for targets). */
    static final int BATCH_LIMIT = 100;
    static final int TARGET_BATCH_LIMIT = 25;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9.\\-_+=,@]{1,100}");
    private static final Pattern DEPLOYMENT_ID = Pattern.compile("d-[A-Z0-9]{9}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    private CodeDeployService() {
    }

    public static ServiceDefinition definition() {
        return ServiceDefinition.builder(SIGNING_NAME, ServiceDefinition.Protocol.JSON_1_1)
                .targetPrefix(TARGET_PREFIX)
                .store(CodeDeployStore.SPEC)
                .precheck(call -> Regions.require(call.region()))
                .json("CreateApplication", Effect.WRITES, CodeDeployService::createApplication)
                .json("GetApplication", Effect.READS, CodeDeployService::getApplication)
                .json("BatchGetApplications", Effect.READS, CodeDeployService::batchGetApplications)
                .json("ListApplications", Effect.READS, CodeDeployService::listApplications)
                .json("DeleteApplication", Effect.WRITES, CodeDeployService::deleteApplication)
                .json("CreateDeploymentGroup", Effect.WRITES, CodeDeployService::createDeploymentGroup)
                .json("UpdateDeploymentGroup", Effect.WRITES, CodeDeployService::updateDeploymentGroup)
                .json("GetDeploymentGroup", Effect.READS, CodeDeployService::getDeploymentGroup)
                .json("ListDeploymentGroups", Effect.READS, CodeDeployService::listDeploymentGroups)
                .json("DeleteDeploymentGroup", Effect.WRITES, CodeDeployService::deleteDeploymentGroup)
                .json("GetDeploymentConfig", Effect.READS, CodeDeployService::getDeploymentConfig)
                .json("ListDeploymentConfigs", Effect.READS, CodeDeployService::listDeploymentConfigs)
                .json("CreateDeployment", Effect.WRITES, CodeDeployService::createDeployment)
                .json("GetDeployment", Effect.READS, CodeDeployService::getDeployment)
                .json("BatchGetDeployments", Effect.READS, CodeDeployService::batchGetDeployments)
                .json("ListDeployments", Effect.READS, CodeDeployService::listDeployments)
                .json("StopDeployment", Effect.WRITES, CodeDeployService::stopDeployment)
                .json("ContinueDeployment", Effect.WRITES, CodeDeployService::continueDeployment)
                .json("ListDeploymentTargets", Effect.READS, CodeDeployService::listDeploymentTargets)
                .json("BatchGetDeploymentTargets", Effect.READS, CodeDeployService::batchGetDeploymentTargets)
                .json("GetDeploymentTarget", Effect.READS, CodeDeployService::getDeploymentTarget)
                .json("TagResource", Effect.WRITES, CodeDeployService::tagResource)
                .json("UntagResource", Effect.WRITES, CodeDeployService::untagResource)
                .json("ListTagsForResource", Effect.READS, CodeDeployService::listTagsForResource)
                .settler(CodeDeployService::settle)
                .export(CodeDeployments.class, CodeDeployService::exported)
                .inventory(CodeDeployService::live)
                .build();
    }

    // ------------------------------------------------------------------ state and clock

    private static RegionState writing(Call call) {
        return call.state(CodeDeployStore.class).region(call.accountId(), call.region());
    }

    private static RegionState reading(Call call) {
        RegionState s = call.world().store(CodeDeployStore.class).existing(call.accountId(), call.region());
        return s == null ? new RegionState() : s;
    }

    /** Before every request: the caller's deployments in progress move up to its clock. */
    static void settle(Call call) {
        if (!Regions.ALL.containsKey(call.region())) {
            return;
        }
        RegionState state = call.world().store(CodeDeployStore.class).existing(call.accountId(), call.region());
        if (state == null || state.deployments.values().stream().allMatch(BlueGreen::done)) {
            return;
        }
        advanceAll(call, state);
    }

    private static void advanceAll(Call call, RegionState state) {
        BlueGreen rules = new BlueGreen(call.world().timing(), call.now(), call.optionalPeer(EcsDeployments.class),
                call.optionalPeer(ElbListenerControl.class));
        for (Deployment d : state.deployments.values()) {
            if (BlueGreen.done(d)) {
                continue;
            }
            DeploymentGroup g = group(state, d.applicationName, d.deploymentGroupName);
            if (g == null) {
                continue;
            }
            String before = d.status;
            if (rules.advance(d, g)) {
                call.state(CodeDeployStore.class);
                if (!before.equals(d.status) && d.status.equals("Succeeded")) {
                    g.lastSuccessfulDeploymentId = d.id;
                }
            }
        }
    }

    private static DeploymentGroup group(RegionState s, String app, String group) {
        Application a = s.applications.get(app);
        return a == null ? null : a.groups.get(group);
    }

    // ------------------------------------------------------------------ applications

    private static String requireName(JsonNode body, String member, String requiredCode, String invalidCode,
            String what) {
        String name = body.path(member).asText(null);
        if (name == null || name.isEmpty()) {
            throw new AwsException(requiredCode, "The " + what + " name was not specified.");
        }
        if (!NAME.matcher(name).matches()) {
            throw new AwsException(invalidCode, "The " + what + " name is invalid: " + name);
        }
        return name;
    }

    private static String appName(JsonNode body) {
        return requireName(body, "applicationName", "ApplicationNameRequiredException",
                "InvalidApplicationNameException", "application");
    }

    private static String groupName(JsonNode body, String member) {
        return requireName(body, member, "DeploymentGroupNameRequiredException",
                "InvalidDeploymentGroupNameException", "deployment group");
    }

    private static Application application(RegionState s, String name) {
        Application a = s.applications.get(name);
        if (a == null) {
            throw new AwsException("ApplicationDoesNotExistException", "No application found for name: " + name);
        }
        return a;
    }

    private static DeploymentGroup deploymentGroup(Application a, String name) {
        DeploymentGroup g = a.groups.get(name);
        if (g == null) {
            throw new AwsException("DeploymentGroupDoesNotExistException", "No Deployment Group found for name: "
                    + name);
        }
        return g;
    }

    private static ObjectNode createApplication(Call call) {
        JsonNode body = call.json();
        String name = appName(body);
        String platform = body.path("computePlatform").asText("Server");
        if (!List.of("Server", "Lambda", "ECS").contains(platform)) {
            throw new AwsException("InvalidComputePlatformException", "The computePlatform is invalid: " + platform);
        }
        RegionState s = writing(call);
        if (s.applications.containsKey(name)) {
            throw new AwsException("ApplicationAlreadyExistsException", "Application '" + name
                    + "' already exists with this user.");
        }
        Application a = new Application();
        a.id = name;
        a.applicationId = UUID.randomUUID().toString();
        a.computePlatform = platform;
        a.createdAt = call.now();
        a.tags.putAll(tags(body.path("tags"), "InvalidTagsToAddException"));
        s.applications.put(name, a);
        ObjectNode out = JSON.createObjectNode();
        out.put("applicationId", a.applicationId);
        return out;
    }

    private static ObjectNode applicationInfo(Application a) {
        ObjectNode o = JSON.createObjectNode();
        o.put("applicationId", a.applicationId);
        o.put("applicationName", a.id);
        o.put("createTime", a.createdAt / 1000.0);
        o.put("linkedToGitHub", false);
        o.put("computePlatform", a.computePlatform);
        return o;
    }

    private static ObjectNode getApplication(Call call) {
        Application a = application(reading(call), appName(call.json()));
        ObjectNode out = JSON.createObjectNode();
        out.set("application", applicationInfo(a));
        return out;
    }

    private static ObjectNode batchGetApplications(Call call) {
        RegionState s = reading(call);
        JsonNode names = call.json().path("applicationNames");
        if (names.size() > BATCH_LIMIT) {
            throw new AwsException("BatchLimitExceededException", "The maximum number of names or IDs allowed for "
                    + "this request (" + BATCH_LIMIT + ") was exceeded.");
        }
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("applicationsInfo");
        for (JsonNode n : names) {
            list.add(applicationInfo(application(s, n.asText())));
        }
        return out;
    }

    private static ObjectNode listApplications(Call call) {
        List<String> names = new ArrayList<>(reading(call).applications.keySet());
        names.sort(null);
        return page(names, call.json().path("nextToken").asText(null), "applications");
    }

    private static ObjectNode page(List<String> all, String token, String member) {
        int from = offset(token);
        int to = Math.min(all.size(), from + PAGE);
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray(member);
        all.subList(Math.min(from, to), to).forEach(list::add);
        if (to < all.size()) {
            out.put("nextToken", Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ("codedeploy:" + to).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static int offset(String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith("codedeploy:")) {
                return Integer.parseInt(text.substring("codedeploy:".length()));
            }
        } catch (IllegalArgumentException e) {
            // the error below
        }
        throw new AwsException("InvalidNextTokenException", "The next token was specified in an invalid format.");
    }

    private static ObjectNode deleteApplication(Call call) {
        String name = appName(call.json());
        RegionState s = writing(call);
        // AWS answers success for an application that does not exist: the delete is idempotent.
        s.applications.remove(name);
        return JSON.createObjectNode();
    }

    // ------------------------------------------------------------------ deployment groups

    private static ObjectNode createDeploymentGroup(Call call) {
        JsonNode body = call.json();
        RegionState s = writing(call);
        Application a = application(s, appName(body));
        String name = groupName(body, "deploymentGroupName");
        if (a.groups.containsKey(name)) {
            throw new AwsException("DeploymentGroupAlreadyExistsException", "A deployment group named " + name
                    + " already exists for the application " + a.id + ".");
        }
        DeploymentGroup g = new DeploymentGroup();
        g.id = name;
        g.applicationName = a.id;
        g.deploymentGroupId = UUID.randomUUID().toString();
        g.createdAt = call.now();
        configure(call, a, g, body, true);
        g.tags.putAll(tags(body.path("tags"), "InvalidTagsToAddException"));
        a.groups.put(name, g);
        ObjectNode out = JSON.createObjectNode();
        out.put("deploymentGroupId", g.deploymentGroupId);
        return out;
    }

    /** Applies a Create/Update request's settings to a group after checking them. */
    private static void configure(Call call, Application a, DeploymentGroup g, JsonNode body, boolean create) {
        String role = body.path("serviceRoleArn").asText(create ? null : g.serviceRoleArn);
        if (role == null || role.isEmpty()) {
            throw new AwsException("RoleRequiredException", "Role ARN is required.");
        }
        if (Arn.parse(role) == null || !Arn.parse(role).service().equals("iam")) {
            throw new AwsException("InvalidRoleException", "The service role ARN " + role + " is invalid.");
        }
        Optional<IamRoles> iam = call.optionalPeer(IamRoles.class);
        if (iam.isPresent() && !iam.get().assumableBy(role, SERVICE_PRINCIPAL)) {
            throw new AwsException("InvalidRoleException", "AWS CodeDeploy does not have the permissions required "
                    + "to assume the role " + role + ".");
        }
        String config = body.path("deploymentConfigName").asText(create ? null : g.deploymentConfigName);
        if (config == null) {
            config = a.computePlatform.equals("ECS") ? DEFAULT_ECS_CONFIG : "CodeDeployDefault.OneAtATime";
        }
        String platform = a.computePlatform;
        DeploymentConfigs.Config c = DeploymentConfigs.find(config).orElseThrow(() -> new AwsException(
                "DeploymentConfigDoesNotExistException", "No deployment configuration found for name: "
                        + body.path("deploymentConfigName").asText()));
        if (!c.computePlatform().equals(platform)) {
            throw new AwsException("InvalidDeploymentConfigNameException", "The deployment config "
                    + config + " is for the " + c.computePlatform() + " compute platform, not " + platform + ".");
        }
        ObjectNode settings = DeploymentGroups.settings(body, create ? null : g.settings);
        if (platform.equals("ECS")) {
            DeploymentGroups.checkEcs(settings);
            String cluster = settings.path("ecsServices").path(0).path("clusterName").asText();
            String service = settings.path("ecsServices").path(0).path("serviceName").asText();
            Optional<EcsDeployments> ecs = call.optionalPeer(EcsDeployments.class);
            if (ecs.isPresent()) {
                EcsDeployments.ServiceView view = ecs.get().service(cluster, service).orElseThrow(() -> new AwsException(
                        "InvalidECSServiceException", "The ECS service " + service + " in cluster " + cluster
                                + " does not exist."));
                if (!"CODE_DEPLOY".equals(view.deploymentController())) {
                    throw new AwsException("InvalidECSServiceException", "Deployment group's ECS service must be "
                            + "configured for a CODE_DEPLOY deployment controller.");
                }
            }
        }
        g.serviceRoleArn = role;
        g.deploymentConfigName = config;
        g.settings = settings;
        if (platform.equals("ECS")) {
            learnTargetGroups(call, g);
        }
    }

    /** Records the ARNs of the target groups the pair's listeners forward to (CodeDeploy names, ELB wants ARNs). */
    private static void learnTargetGroups(Call call, DeploymentGroup g) {
        Optional<ElbListenerControl> elb = call.optionalPeer(ElbListenerControl.class);
        if (elb.isEmpty()) {
            return;
        }
        List<String> listeners = new ArrayList<>(DeploymentGroups.listeners(g, "prodTrafficRoute"));
        listeners.addAll(DeploymentGroups.listeners(g, "testTrafficRoute"));
        for (String listener : listeners) {
            Optional<String> target = elb.get().forwardTarget(listener);
            if (target.isEmpty()) {
                throw new AwsException("InvalidLoadBalancerInfoException", "The listener " + listener
                        + " does not exist or does not forward to a target group.");
            }
            BlueGreen.learn(g, target.get());
        }
    }

    private static ObjectNode updateDeploymentGroup(Call call) {
        JsonNode body = call.json();
        RegionState s = writing(call);
        Application a = application(s, appName(body));
        String current = groupName(body, "currentDeploymentGroupName");
        DeploymentGroup g = deploymentGroup(a, current);
        String newName = body.path("newDeploymentGroupName").asText(current);
        if (!newName.equals(current) && a.groups.containsKey(newName)) {
            throw new AwsException("DeploymentGroupAlreadyExistsException", "A deployment group named " + newName
                    + " already exists for the application " + a.id + ".");
        }
        configure(call, a, g, body, false);
        if (!newName.equals(current)) {
            a.groups.remove(current);
            g.id = newName;
            a.groups.put(newName, g);
        }
        ObjectNode out = JSON.createObjectNode();
        out.putArray("hooksNotCleanedUp");
        return out;
    }

    private static ObjectNode getDeploymentGroup(Call call) {
        JsonNode body = call.json();
        RegionState s = reading(call);
        Application a = application(s, appName(body));
        DeploymentGroup g = deploymentGroup(a, groupName(body, "deploymentGroupName"));
        ObjectNode o = JSON.createObjectNode();
        o.put("applicationName", a.id);
        o.put("deploymentGroupId", g.deploymentGroupId);
        o.put("deploymentGroupName", g.id);
        o.put("deploymentConfigName", g.deploymentConfigName);
        o.putArray("ec2TagFilters");
        o.putArray("onPremisesInstanceTagFilters");
        o.putArray("autoScalingGroups");
        o.put("serviceRoleArn", g.serviceRoleArn);
        o.setAll(g.settings);
        o.putIfAbsent("triggerConfigurations", JSON.createArrayNode());
        o.putIfAbsent("alarmConfiguration", JSON.createObjectNode().put("enabled", false)
                .put("ignorePollAlarmFailure", false).set("alarms", JSON.createArrayNode()));
        o.putIfAbsent("autoRollbackConfiguration", JSON.createObjectNode().put("enabled", false));
        o.putIfAbsent("outdatedInstancesStrategy", JSON.getNodeFactory().textNode("UPDATE"));
        lastDeployment(s, g.lastAttemptedDeploymentId).ifPresent(d -> o.set("lastAttemptedDeployment", d));
        lastDeployment(s, g.lastSuccessfulDeploymentId).ifPresent(d -> o.set("lastSuccessfulDeployment", d));
        o.put("computePlatform", a.computePlatform);
        o.put("terminationHookEnabled", g.settings.path("terminationHookEnabled").asBoolean(false));
        ObjectNode out = JSON.createObjectNode();
        out.set("deploymentGroupInfo", o);
        return out;
    }

    private static Optional<ObjectNode> lastDeployment(RegionState s, String id) {
        Deployment d = id == null ? null : s.deployments.get(id);
        if (d == null) {
            return Optional.empty();
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("deploymentId", d.id);
        o.put("status", d.status);
        if (d.completeTime != null) {
            o.put("endTime", d.completeTime / 1000.0);
        }
        o.put("createTime", d.createTime / 1000.0);
        return Optional.of(o);
    }

    private static ObjectNode listDeploymentGroups(Call call) {
        Application a = application(reading(call), appName(call.json()));
        List<String> names = new ArrayList<>(a.groups.keySet());
        names.sort(null);
        ObjectNode out = page(names, call.json().path("nextToken").asText(null), "deploymentGroups");
        out.put("applicationName", a.id);
        return out;
    }

    private static ObjectNode deleteDeploymentGroup(Call call) {
        JsonNode body = call.json();
        RegionState s = writing(call);
        Application a = application(s, appName(body));
        String name = groupName(body, "deploymentGroupName");
        // A group that does not exist is no error: the delete is idempotent, as AWS's is.
        a.groups.remove(name);
        ObjectNode out = JSON.createObjectNode();
        out.putArray("hooksNotCleanedUp");
        return out;
    }

    // ------------------------------------------------------------------ configurations

    private static ObjectNode getDeploymentConfig(Call call) {
        String name = call.json().path("deploymentConfigName").asText(null);
        if (name == null || name.isEmpty()) {
            throw new AwsException("DeploymentConfigNameRequiredException", "The deployment configuration name was "
                    + "not specified.");
        }
        DeploymentConfigs.Config c = DeploymentConfigs.find(name).orElseThrow(() -> new AwsException(
                "DeploymentConfigDoesNotExistException", "No deployment configuration found for name: " + name));
        ObjectNode out = JSON.createObjectNode();
        out.set("deploymentConfigInfo", DeploymentConfigs.render(c));
        return out;
    }

    private static ObjectNode listDeploymentConfigs(Call call) {
        return page(new ArrayList<>(DeploymentConfigs.PREDEFINED.keySet()), call.json().path("nextToken").asText(null),
                "deploymentConfigsList");
    }

    // ------------------------------------------------------------------ deployments

    private static ObjectNode createDeployment(Call call) {
        JsonNode body = call.json();
        Deployment d = create(call, appName(body), body.path("deploymentGroupName").asText(null),
                body.path("revision"), body.path("deploymentConfigName").asText(null),
                body.path("description").asText(null), null);
        ObjectNode out = JSON.createObjectNode();
        out.put("deploymentId", d.id);
        return out;
    }

    /** CreateDeployment's rules, shared by the API and CodePipeline's deploy action. */
    static Deployment create(Call call, String appName, String groupName, JsonNode revision, String configName,
            String description, String externalId) {
        RegionState s = writing(call);
        Application a = application(s, appName);
        if (groupName == null || groupName.isEmpty()) {
            throw new AwsException("DeploymentGroupNameRequiredException", "The deployment group name was not "
                    + "specified.");
        }
        DeploymentGroup g = deploymentGroup(a, groupName);
        if (!a.computePlatform.equals("ECS")) {
            throw new AwsException("InvalidComputePlatformException", "The Sandbox deploys ECS applications only; "
                    + a.id + " is a " + a.computePlatform + " application.");
        }
        if (description != null && description.length() > 1024) {
            throw new AwsException("DescriptionTooLongException", "The description is too long.");
        }
        String config = configName == null || configName.isEmpty() ? g.deploymentConfigName : configName;
        DeploymentConfigs.Config c = DeploymentConfigs.find(config).orElseThrow(() -> new AwsException(
                "DeploymentConfigDoesNotExistException", "No deployment configuration found for name: " + configName));
        if (!c.computePlatform().equals("ECS")) {
            throw new AwsException("InvalidDeploymentConfigNameException", "The deployment config " + config
                    + " is not for the ECS compute platform.");
        }
        for (Deployment other : s.deployments.values()) {
            if (!BlueGreen.done(other) && other.applicationName.equals(a.id) && other.deploymentGroupName.equals(g.id)) {
                throw new AwsException("DeploymentLimitExceededException", "The Deployment Group '" + g.id
                        + "' already has an active Deployment '" + other.id + "'");
            }
        }
        JsonNode appSpec = appSpec(call, revision);
        JsonNode target = null;
        for (JsonNode r : appSpec.path("Resources")) {
            for (JsonNode v : r) {
                if ("AWS::ECS::Service".equals(v.path("Type").asText())) {
                    target = v.path("Properties");
                }
            }
        }
        if (target == null || target.path("TaskDefinition").asText("").isEmpty()
                || target.path("LoadBalancerInfo").path("ContainerName").asText("").isEmpty()
                || !target.path("LoadBalancerInfo").path("ContainerPort").canConvertToInt()) {
            throw new AwsException("InvalidRevisionException", "The AppSpec file must have one AWS::ECS::Service "
                    + "resource with TaskDefinition and LoadBalancerInfo (ContainerName, ContainerPort).");
        }
        Deployment d = new Deployment();
        d.id = deploymentId(call.world().random(), s);
        d.applicationName = a.id;
        d.deploymentGroupName = g.id;
        d.deploymentConfigName = config;
        d.description = description;
        d.createTime = call.now();
        d.revision = revision.deepCopy();
        d.taskDefinitionArn = target.path("TaskDefinition").asText();
        d.containerName = target.path("LoadBalancerInfo").path("ContainerName").asText();
        d.containerPort = target.path("LoadBalancerInfo").path("ContainerPort").asInt();
        d.cluster = DeploymentGroups.cluster(g);
        d.service = DeploymentGroups.service(g);
        d.prodListenerArns.addAll(DeploymentGroups.listeners(g, "prodTrafficRoute"));
        d.testListenerArns.addAll(DeploymentGroups.listeners(g, "testTrafficRoute"));
        d.terminationWaitMinutes = DeploymentGroups.terminationWaitMinutes(g);
        d.autoRollback = DeploymentGroups.autoRollback(g);
        d.externalId = externalId;
        d.creator = "user";
        for (String name : BlueGreen.EVENTS) {
            if (d.testListenerArns.isEmpty() && name.contains("TestTraffic")) {
                continue;
            }
            LifecycleEvent e = new LifecycleEvent();
            e.name = name;
            d.events.add(e);
        }
        s.deployments.put(d.id, d);
        g.lastAttemptedDeploymentId = d.id;
        // Instant: the deployment runs as far as it can before the answer, as every settle does.
        advanceAll(call, s);
        return d;
    }

    /** The appspec of a revision: {@code AppSpecContent} (YAML or JSON) or {@code String}; S3 revisions are refused. */
    private static JsonNode appSpec(Call call, JsonNode revision) {
        String type = revision.path("revisionType").asText(null);
        if (type == null) {
            throw new AwsException("RevisionRequiredException", "The revision was not specified.");
        }
        String content = switch (type) {
            case "AppSpecContent" -> revision.path("appSpecContent").path("content").asText(null);
            case "String" -> revision.path("string").path("content").asText(null);
            default -> throw new AwsException("InvalidRevisionException", "The Sandbox takes ECS revisions as "
                    + "AppSpecContent; revisionType " + type + " is not modelled.");
        };
        if (content == null || content.isBlank()) {
            throw new AwsException("InvalidRevisionException", "The AppSpec content is empty.");
        }
        try {
            JsonNode parsed = content.stripLeading().startsWith("{") ? JSON.readTree(content) : YAML.readTree(content);
            if (parsed == null || !parsed.isObject()) {
                throw new AwsException("InvalidRevisionException", "The AppSpec content is not a YAML or JSON object.");
            }
            return parsed;
        } catch (IOException e) {
            throw new AwsException("InvalidRevisionException", "The AppSpec content is not valid YAML or JSON: "
                    + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
    }

    private static String deploymentId(Random random, RegionState s) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        while (true) {
            StringBuilder b = new StringBuilder("d-");
            for (int i = 0; i < 9; i++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            if (!s.deployments.containsKey(b.toString())) {
                return b.toString();
            }
        }
    }

    private static Deployment deployment(RegionState s, String id) {
        if (id == null || id.isEmpty()) {
            throw new AwsException("DeploymentIdRequiredException", "At least one deployment ID must be specified.");
        }
        if (!DEPLOYMENT_ID.matcher(id).matches()) {
            throw new AwsException("InvalidDeploymentIdException", "The deployment ID " + id + " is not valid.");
        }
        Deployment d = s.deployments.get(id);
        if (d == null) {
            throw new AwsException("DeploymentDoesNotExistException", "The deployment " + id + " could not be found.");
        }
        return d;
    }

    private static ObjectNode deploymentInfo(RegionState s, Deployment d) {
        ObjectNode o = JSON.createObjectNode();
        o.put("applicationName", d.applicationName);
        o.put("deploymentGroupName", d.deploymentGroupName);
        o.put("deploymentConfigName", d.deploymentConfigName);
        o.put("deploymentId", d.id);
        o.set("revision", d.revision);
        o.put("status", d.status);
        if (d.errorCode != null && !d.status.equals("Stopped")) {
            o.putObject("errorInformation").put("code", d.errorCode).put("message", d.errorMessage);
        }
        o.put("createTime", d.createTime / 1000.0);
        if (d.startTime != null) {
            o.put("startTime", d.startTime / 1000.0);
        }
        if (d.completeTime != null) {
            o.put("completeTime", d.completeTime / 1000.0);
        }
        String target = targetStatus(d);
        ObjectNode overview = o.putObject("deploymentOverview");
        for (String k : List.of("Pending", "InProgress", "Succeeded", "Failed", "Skipped", "Ready")) {
            overview.put(k, k.equals(target) ? 1 : 0);
        }
        if (d.description != null) {
            o.put("description", d.description);
        }
        o.put("creator", d.creator);
        o.put("ignoreApplicationStopFailures", false);
        DeploymentGroup g = group(s, d.applicationName, d.deploymentGroupName);
        ObjectNode rollback = o.putObject("autoRollbackConfiguration");
        rollback.put("enabled", d.autoRollback);
        if (d.autoRollback) {
            rollback.putArray("events").add("DEPLOYMENT_FAILURE");
        }
        o.put("updateOutdatedInstancesOnly", false);
        if (d.status.equals("Failed") && d.autoRollback) {
            o.putObject("rollbackInfo").put("rollbackMessage", "Deployment " + d.id
                    + " failed; production traffic stayed on (or went back to) the original task set.");
        }
        o.putObject("deploymentStyle").put("deploymentType", "BLUE_GREEN").put("deploymentOption",
                "WITH_TRAFFIC_CONTROL");
        o.put("instanceTerminationWaitTimeStarted", d.terminationWaitStartedAt != null);
        if (g != null) {
            if (g.settings.has("blueGreenDeploymentConfiguration")) {
                o.set("blueGreenDeploymentConfiguration", g.settings.get("blueGreenDeploymentConfiguration"));
            }
            if (g.settings.has("loadBalancerInfo")) {
                o.set("loadBalancerInfo", g.settings.get("loadBalancerInfo"));
            }
        }
        o.put("fileExistsBehavior", "DISALLOW");
        ArrayNode messages = o.putArray("deploymentStatusMessages");
        d.statusMessages.forEach(messages::add);
        o.put("computePlatform", "ECS");
        if (d.externalId != null) {
            o.put("externalId", d.externalId);
        }
        return o;
    }

    /** The ECS target's status, from the deployment's. */
    private static String targetStatus(Deployment d) {
        return switch (d.status) {
            case "Created", "Queued" -> "Pending";
            case "Succeeded" -> "Succeeded";
            case "Failed" -> "Failed";
            case "Stopped" -> "Skipped";
            default -> "InProgress";
        };
    }

    private static ObjectNode getDeployment(Call call) {
        RegionState s = reading(call);
        Deployment d = deployment(s, call.json().path("deploymentId").asText(null));
        ObjectNode out = JSON.createObjectNode();
        out.set("deploymentInfo", deploymentInfo(s, d));
        return out;
    }

    private static ObjectNode batchGetDeployments(Call call) {
        RegionState s = reading(call);
        JsonNode ids = call.json().path("deploymentIds");
        if (ids.size() > BATCH_LIMIT) {
            throw new AwsException("BatchLimitExceededException", "The maximum number of names or IDs allowed for "
                    + "this request (" + BATCH_LIMIT + ") was exceeded.");
        }
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("deploymentsInfo");
        for (JsonNode id : ids) {
            list.add(deploymentInfo(s, deployment(s, id.asText())));
        }
        return out;
    }

    private static ObjectNode listDeployments(Call call) {
        JsonNode body = call.json();
        RegionState s = reading(call);
        String app = body.path("applicationName").asText(null);
        String group = body.path("deploymentGroupName").asText(null);
        if (app != null) {
            Application a = application(s, app);
            if (group == null) {
                throw new AwsException("DeploymentGroupNameRequiredException", "The deployment group name was not "
                        + "specified.");
            }
            deploymentGroup(a, group);
        } else if (group != null) {
            throw new AwsException("ApplicationNameRequiredException", "The application name was not specified.");
        }
        List<String> statuses = new ArrayList<>();
        body.path("includeOnlyStatuses").forEach(st -> statuses.add(st.asText()));
        String externalId = body.path("externalId").asText(null);
        List<Deployment> matching = new ArrayList<>();
        for (Deployment d : s.deployments.values()) {
            if ((app == null || d.applicationName.equals(app) && d.deploymentGroupName.equals(group))
                    && (statuses.isEmpty() || statuses.contains(d.status))
                    && (externalId == null || externalId.equals(d.externalId))) {
                matching.add(d);
            }
        }
        // Newest first, as AWS lists them.
        List<String> ids = new ArrayList<>();
        for (int i = matching.size() - 1; i >= 0; i--) {
            ids.add(matching.get(i).id);
        }
        return page(ids, body.path("nextToken").asText(null), "deployments");
    }

    private static ObjectNode stopDeployment(Call call) {
        RegionState s = writing(call);
        Deployment d = deployment(s, call.json().path("deploymentId").asText(null));
        if (BlueGreen.done(d)) {
            throw new AwsException("DeploymentAlreadyCompletedException", "The deployment " + d.id
                    + " has already completed.");
        }
        d.stopRequested = true;
        d.stopWithRollback = call.json().path("autoRollbackEnabled").asBoolean(false);
        advanceAll(call, s);
        ObjectNode out = JSON.createObjectNode();
        out.put("status", "Succeeded");
        out.put("statusMessage", "Deployment of " + d.id + " was stopped.");
        return out;
    }

    private static ObjectNode continueDeployment(Call call) {
        JsonNode body = call.json();
        RegionState s = writing(call);
        Deployment d = deployment(s, body.path("deploymentId").asText(null));
        String type = body.path("deploymentWaitType").asText("READY_WAIT");
        if (BlueGreen.done(d)) {
            throw new AwsException("DeploymentAlreadyCompletedException", "The deployment " + d.id
                    + " has already completed.");
        }
        if (type.equals("TERMINATION_WAIT")) {
            if (d.terminationWaitStartedAt == null) {
                throw new AwsException("DeploymentIsNotInReadyStateException", "The deployment " + d.id
                        + " is not waiting to terminate its original task set.");
            }
            // Ends the wait now: the next step terminates the original task set.
            d.terminationWaitMinutes = 0;
            advanceAll(call, s);
        } else if (type.equals("READY_WAIT")) {
            throw new AwsException("DeploymentIsNotInReadyStateException", "The deployment " + d.id
                    + " is not in a Ready state: its group has no deploymentReadyOption wait.");
        } else {
            throw new AwsException("InvalidDeploymentWaitTypeException", "The wait type " + type + " is invalid.");
        }
        return JSON.createObjectNode();
    }

    private static ObjectNode listDeploymentTargets(Call call) {
        RegionState s = reading(call);
        Deployment d = deployment(s, call.json().path("deploymentId").asText(null));
        ObjectNode out = JSON.createObjectNode();
        ArrayNode ids = out.putArray("targetIds");
        ids.add(targetId(d));
        return out;
    }

    /** An ECS target is named {@code cluster:service}, as AWS names it. */
    private static String targetId(Deployment d) {
        return d.cluster + ":" + d.service;
    }

    private static ObjectNode batchGetDeploymentTargets(Call call) {
        RegionState s = reading(call);
        JsonNode body = call.json();
        Deployment d = deployment(s, body.path("deploymentId").asText(null));
        JsonNode ids = body.path("targetIds");
        if (ids.size() > TARGET_BATCH_LIMIT) {
            throw new AwsException("DeploymentTargetListSizeExceededException", "The maximum number of targets that "
                    + "can be associated with an Amazon ECS deployment (" + TARGET_BATCH_LIMIT + ") was exceeded.");
        }
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("deploymentTargets");
        for (JsonNode id : ids) {
            if (!id.asText().equals(targetId(d))) {
                throw new AwsException("DeploymentTargetDoesNotExistException", "The target " + id.asText()
                        + " does not exist in the deployment " + d.id + ".");
            }
            ObjectNode t = list.addObject();
            t.put("deploymentTargetType", "ECSTarget");
            t.set("ecsTarget", ecsTarget(call, d));
        }
        return out;
    }

    /** One target of a deployment: an ECS deployment has one, its service ({@code <cluster>:<service>}). */
    private static ObjectNode getDeploymentTarget(Call call) {
        RegionState s = reading(call);
        JsonNode body = call.json();
        Deployment d = deployment(s, body.path("deploymentId").asText(null));
        String id = body.path("targetId").asText("");
        if (!id.equals(targetId(d))) {
            throw new AwsException("DeploymentTargetDoesNotExistException", "The target " + id
                    + " does not exist in the deployment " + d.id + ".");
        }
        ObjectNode out = JSON.createObjectNode();
        ObjectNode t = out.putObject("deploymentTarget");
        t.put("deploymentTargetType", "ECSTarget");
        t.set("ecsTarget", ecsTarget(call, d));
        return out;
    }

    private static ObjectNode ecsTarget(Call call, Deployment d) {
        ObjectNode t = JSON.createObjectNode();
        t.put("deploymentId", d.id);
        t.put("targetId", targetId(d));
        t.put("targetArn", Arn.of("ecs", call.region(), call.accountId(), "service/" + d.cluster + "/" + d.service)
                .toString());
        long last = d.completeTime != null ? d.completeTime : d.phaseStartedAt > 0 ? d.phaseStartedAt : d.createTime;
        t.put("lastUpdatedAt", last / 1000.0);
        ArrayNode events = t.putArray("lifecycleEvents");
        for (LifecycleEvent e : d.events) {
            ObjectNode o = events.addObject();
            o.put("lifecycleEventName", e.name);
            if (e.diagnosticCode != null) {
                o.putObject("diagnostics").put("errorCode", e.diagnosticCode).put("scriptName", "")
                        .put("message", e.diagnosticMessage).put("logTail", "");
            }
            if (e.startTime != null) {
                o.put("startTime", e.startTime / 1000.0);
            }
            if (e.endTime != null) {
                o.put("endTime", e.endTime / 1000.0);
            }
            o.put("status", e.status);
        }
        t.put("status", targetStatus(d));
        ArrayNode sets = t.putArray("taskSetsInfo");
        Optional<EcsDeployments> ecs = call.optionalPeer(EcsDeployments.class);
        double replacementWeight = replacementWeight(call, d);
        addTaskSet(sets, ecs, d, d.originalTaskSetId, d.originalTargetGroupArn, "Blue", 100 - replacementWeight);
        addTaskSet(sets, ecs, d, d.replacementTaskSetId, d.replacementTargetGroupArn, "Green", replacementWeight);
        return t;
    }

    /** The replacement's share of production traffic now (canary and linear shift in steps during AllowTraffic). */
    private static double replacementWeight(Call call, Deployment d) {
        if (d.productionRerouted) {
            return 100;
        }
        LifecycleEvent allow = d.events.stream().filter(e -> e.name.equals("AllowTraffic")).findFirst().orElse(null);
        if (allow == null || !allow.status.equals("InProgress") || allow.startTime == null) {
            return 0;
        }
        double scale = call.world().timing().realistic() ? call.world().timing().timeScale() : 0;
        double minutes = scale == 0 ? Double.MAX_VALUE : (call.now() - allow.startTime) / 60_000.0 / scale;
        return DeploymentConfigs.find(d.deploymentConfigName).map(c -> c.replacementWeight(minutes)).orElse(100.0);
    }

    private static void addTaskSet(ArrayNode sets, Optional<EcsDeployments> ecs, Deployment d, String id,
            String targetGroupArn, String label, double weight) {
        if (id == null) {
            return;
        }
        ObjectNode o = sets.addObject();
        o.put("identifer", id);
        Optional<EcsDeployments.TaskSetView> view = ecs.flatMap(e -> e.taskSet(d.cluster, d.service, id));
        o.put("desiredCount", view.map(EcsDeployments.TaskSetView::desiredCount).orElse(0));
        o.put("pendingCount", view.map(v -> Math.max(0, v.desiredCount() - v.runningCount())).orElse(0));
        o.put("runningCount", view.map(EcsDeployments.TaskSetView::runningCount).orElse(0));
        o.put("status", view.map(EcsDeployments.TaskSetView::status).orElse("INACTIVE"));
        o.put("trafficWeight", weight);
        o.putObject("targetGroup").put("name", BlueGreen.name(targetGroupArn));
        o.put("taskSetLabel", label);
    }

    // ------------------------------------------------------------------ tags

    /** The application or deployment group an ARN names ({@code application:NAME}, {@code deploymentgroup:APP/GROUP}). */
    private static dev.cairn.sandbox.core.TaggedResource byArn(RegionState s, String arnText) {
        Arn arn = Arn.parse(arnText);
        if (arn == null || !arn.service().equals("codedeploy")) {
            throw new AwsException("InvalidArnException", "The specified ARN is not in a valid format: " + arnText);
        }
        String r = arn.resource();
        if (r.startsWith("application:")) {
            Application a = s.applications.get(r.substring("application:".length()));
            if (a != null) {
                return a;
            }
        } else if (r.startsWith("deploymentgroup:")) {
            String[] parts = r.substring("deploymentgroup:".length()).split("/", 2);
            DeploymentGroup g = parts.length == 2 ? group(s, parts[0], parts[1]) : null;
            if (g != null) {
                return g;
            }
        } else {
            throw new AwsException("InvalidArnException", "The specified ARN is not in a valid format: " + arnText);
        }
        throw new AwsException("ResourceArnRequiredException", "The ARN " + arnText + " names no resource.");
    }

    private static ObjectNode tagResource(Call call) {
        dev.cairn.sandbox.core.TaggedResource r = byArn(writing(call), call.json().path("ResourceArn").asText(null));
        Map<String, String> tags = tags(call.json().path("Tags"), "InvalidTagsToAddException");
        r.tags.putAll(tags);
        if (r.tags.size() > 50) {
            throw new AwsException("InvalidTagsToAddException", "A resource can have at most 50 tags.");
        }
        return JSON.createObjectNode();
    }

    private static ObjectNode untagResource(Call call) {
        dev.cairn.sandbox.core.TaggedResource r = byArn(writing(call), call.json().path("ResourceArn").asText(null));
        call.json().path("TagKeys").forEach(k -> r.tags.remove(k.asText()));
        return JSON.createObjectNode();
    }

    private static ObjectNode listTagsForResource(Call call) {
        dev.cairn.sandbox.core.TaggedResource r = byArn(reading(call), call.json().path("ResourceArn").asText(null));
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("Tags");
        r.tags.forEach((k, v) -> list.addObject().put("Key", k).put("Value", v));
        return out;
    }

    private static Map<String, String> tags(JsonNode list, String code) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode t : list) {
            String key = t.path("Key").asText("");
            if (key.isEmpty() || key.startsWith("aws:")) {
                throw new AwsException(code, "Tag keys must be set and must not start with aws: (" + key + ").");
            }
            out.put(key, t.path("Value").asText(""));
        }
        return out;
    }

    // ------------------------------------------------------------------ exports, inventory

    private static CodeDeployments exported(Call call) {
        return new CodeDeployments() {
            @Override
            public String create(String applicationName, String deploymentGroupName, String appSpecContent,
                    String description, String externalId) {
                ObjectNode revision = JSON.createObjectNode();
                revision.put("revisionType", "AppSpecContent");
                revision.putObject("appSpecContent").put("content", appSpecContent);
                Deployment d = CodeDeployService.create(call, applicationName, deploymentGroupName, revision, null,
                        description, externalId);
                d.creator = "user";
                return d.id;
            }

            @Override
            public Optional<DeploymentView> deployment(String deploymentId) {
                RegionState s = call.world().store(CodeDeployStore.class).existing(call.accountId(), call.region());
                Deployment d = s == null ? null : s.deployments.get(deploymentId);
                return d == null ? Optional.empty() : Optional.of(new DeploymentView(d.id, d.status,
                        Optional.ofNullable(d.errorMessage)));
            }

            @Override
            public void stop(String deploymentId) {
                RegionState s = writing(call);
                Deployment d = s.deployments.get(deploymentId);
                if (d != null && !BlueGreen.done(d)) {
                    d.stopRequested = true;
                    d.stopWithRollback = true;
                    advanceAll(call, s);
                }
            }
        };
    }

    static String applicationArn(String region, String account, String name) {
        return Arn.of("codedeploy", region, account, "application:" + name).toString();
    }

    static String groupArn(String region, String account, String app, String group) {
        return Arn.of("codedeploy", region, account, "deploymentgroup:" + app + "/" + group).toString();
    }

    /** Applications and deployment groups (the tagging API's {@code codedeploy:application}, {@code codedeploy:deploymentgroup}). */
    private static List<LiveResource> live(World world, long now, String account, String region) {
        List<LiveResource> out = new ArrayList<>();
        world.store(CodeDeployStore.class).accounts.forEach((acct, regions) -> {
            if (account != null && !account.equals(acct)) {
                return;
            }
            regions.forEach((name, state) -> {
                if (region != null && !region.equals(name)) {
                    return;
                }
                for (Application a : state.applications.values()) {
                    out.add(new LiveResource(acct, name, "application", a.id,
                            Arn.parse(applicationArn(name, acct, a.id)), "active", a.tags));
                    for (DeploymentGroup g : a.groups.values()) {
                        out.add(new LiveResource(acct, name, "deploymentgroup", a.id + "/" + g.id,
                                Arn.parse(groupArn(name, acct, a.id, g.id)), "active", g.tags));
                    }
                }
            });
        });
        return out;
    }
}
