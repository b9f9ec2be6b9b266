package dev.cairn.aws.codedeploy;

import static dev.cairn.aws.AwsErrors.code;
import static dev.cairn.aws.StackTags.isOurs;
import static dev.cairn.aws.StackTags.owner;

import dev.cairn.aws.AwsClients;
import dev.cairn.aws.Settled;
import dev.cairn.engine.Found;
import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Message;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.engine.RetryableException;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.kinds.CodeDeployKinds;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.codedeploy.model.AutoRollbackConfiguration;
import software.amazon.awssdk.services.codedeploy.model.AutoRollbackEvent;
import software.amazon.awssdk.services.codedeploy.model.BlueGreenDeploymentConfiguration;
import software.amazon.awssdk.services.codedeploy.model.CreateDeploymentGroupRequest;
import software.amazon.awssdk.services.codedeploy.model.DeploymentGroupInfo;
import software.amazon.awssdk.services.codedeploy.model.DeploymentOption;
import software.amazon.awssdk.services.codedeploy.model.DeploymentReadyAction;
import software.amazon.awssdk.services.codedeploy.model.DeploymentType;
import software.amazon.awssdk.services.codedeploy.model.InstanceAction;
import software.amazon.awssdk.services.codedeploy.model.LoadBalancerInfo;
import software.amazon.awssdk.services.codedeploy.model.TargetGroupInfo;
import software.amazon.awssdk.services.codedeploy.model.TargetGroupPairInfo;

/**
 * The blue/green deployment group of the ECS service (provider {@code deploy/deployment_group.go}),
 * found through its application by name; physical ID {@code <application>/<group>}.
 *
 * <p>What an ECS blue/green group must say, all of it set on create: deployment style
 * {@code BLUE_GREEN} {@code WITH_TRAFFIC_CONTROL}; the cluster and service by name; one target
 * group pair (blue, green, by name) with the production listener as the production route and the
 * test listener as the test route; the replacement is ready at once
 * ({@code CONTINUE_DEPLOYMENT}), and the original task set is terminated
 * {@code terminationWaitMinutes} after the reroute; auto rollback on {@code DEPLOYMENT_FAILURE};
 * the service role that may call ECS and ELB for it ({@code AWSCodeDeployRoleForECS}). A role IAM
 * made moments ago is refused with {@code InvalidRoleException} until it propagates: retried
 * within the kind's window.
 *
 * <p>In place: the deployment configuration, the termination wait and auto rollback
 * (UpdateDeploymentGroup, only what differs) and the user's tags. Attribute
 * {@code lastDeployment}: the newest attempted deployment as {@code d-…:<status>}, empty before
 * the first.
 */
public final class DeploymentGroupHandler extends CodeDeployHandler {

    static final String GROUP_MISSING = "DeploymentGroupDoesNotExistException";
    static final String INVALID_ROLE = "InvalidRoleException";
    /** All at once, the guide's (and the console's default for ECS). */
    static final String DEFAULT_CONFIG = "CodeDeployDefault.ECSAllAtOnce";
    /** The blueprint's default; the console's is 60. */
    static final int DEFAULT_TERMINATION_WAIT_MINUTES = 5;

    public DeploymentGroupHandler(AwsClients clients) {
        super(clients);
    }

    @Override
    public ResourceKind kind() {
        return CodeDeployKinds.DEPLOYMENT_GROUP;
    }

    @Override
    public Found find(HandlerContext ctx, ResolvedSpec spec) {
        String application = spec.refId("application");
        String name = required(spec, "name");
        CodeDeployClient cd = codeDeploy(spec.region());
        Optional<DeploymentGroupInfo> group = describe(cd, application, name);
        if (group.isEmpty()) {
            return Found.absent();
        }
        String arn = groupArn(ctx, spec.region(), application, name);
        Map<String, String> tags = tagsOf(cd, arn);
        if (isOurs(tags, ctx, spec)) {
            return Found.ours(live(group.get(), arn));
        }
        return Found.taken("deployment group " + name + " of CodeDeploy application " + application + " already exists in "
                + spec.region() + ", " + owner(tags));
    }

    @Override
    public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
        String application = spec.refId("application");
        String name = required(spec, "name");
        CodeDeployClient cd = codeDeploy(spec.region());
        String id;
        try {
            // No client token: a second call answers DeploymentGroupAlreadyExistsException, and find runs first.
            id = cd.createDeploymentGroup(request(spec)).deploymentGroupId();
        } catch (AwsServiceException e) {
            if (INVALID_ROLE.equals(code(e))) {
                throw new RetryableException(INVALID_ROLE, Message.of("codedeploy.roleNotAssumable",
                        spec.refId("serviceRole"), message(e)), e);
            }
            throw e;
        }
        Map<String, String> a = new LinkedHashMap<>();
        a.put("id", id);
        a.put("arn", groupArn(ctx, spec.region(), application, name));
        a.put("lastDeployment", "");
        // A new group has made no deployment, and the create's answer (its ID) is final.
        return Settled.mark(new LiveResource(application + "/" + name, a, ""));
    }

    CreateDeploymentGroupRequest request(ResolvedSpec spec) {
        return CreateDeploymentGroupRequest.builder()
                .applicationName(spec.refId("application"))
                .deploymentGroupName(required(spec, "name"))
                .deploymentConfigName(config(spec))
                .serviceRoleArn(refAttribute(spec, "serviceRole", "arn"))
                .deploymentStyle(s -> s.deploymentType(DeploymentType.BLUE_GREEN).deploymentOption(DeploymentOption.WITH_TRAFFIC_CONTROL))
                .blueGreenDeploymentConfiguration(blueGreen(spec))
                .loadBalancerInfo(LoadBalancerInfo.builder().targetGroupPairInfoList(TargetGroupPairInfo.builder()
                        .targetGroups(targetGroup(spec, "blueTargetGroup"), targetGroup(spec, "greenTargetGroup"))
                        .prodTrafficRoute(r -> r.listenerArns(spec.refId("productionListener")))
                        .testTrafficRoute(r -> r.listenerArns(spec.refId("testListener")))
                        .build()).build())
                .ecsServices(s -> s.clusterName(spec.refId("cluster")).serviceName(serviceName(spec)))
                .autoRollbackConfiguration(autoRollback(spec))
                .tags(toTags(spec.tags()))
                .build();
    }

    @Override
    public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
        if (Settled.is(resource)) {
            return Poll.done(resource);
        }
        String[] id = split(resource.physicalId());
        return describe(codeDeploy(spec.region()), id[0], id[1])
                .map(g -> Poll.done(live(g, groupArn(ctx, spec.region(), id[0], id[1]))))
                .orElseGet(() -> Poll.pending(Message.of("aws.notVisible", kind(), resource.physicalId())));
    }

    @Override
    public Poll update(HandlerContext ctx, ResolvedSpec spec, ResourceRecord current, Set<String> changed) {
        Set<String> unknown = new TreeSet<>(changed);
        unknown.removeAll(Set.of("deploymentConfig", "terminationWaitMinutes", "autoRollback", TAGS));
        if (!unknown.isEmpty()) {
            throw new IllegalStateException(kind().label() + " cannot change " + String.join(", ", unknown) + " in place");
        }
        String[] id = split(current.physicalId());
        CodeDeployClient cd = codeDeploy(spec.region());
        String arn = groupArn(ctx, spec.region(), id[0], id[1]);
        DeploymentGroupInfo g = describe(cd, id[0], id[1])
                .orElseThrow(() -> new IllegalStateException("deployment group " + current.physicalId() + " is gone; plan again"));
        boolean config = changed.contains("deploymentConfig") && !config(spec).equals(g.deploymentConfigName());
        boolean wait = changed.contains("terminationWaitMinutes") && !blueGreen(spec).equals(g.blueGreenDeploymentConfiguration());
        boolean rollback = changed.contains("autoRollback") && !sameRollback(autoRollback(spec), g.autoRollbackConfiguration());
        if (config || wait || rollback) {
            cd.updateDeploymentGroup(r -> {
                r.applicationName(id[0]).currentDeploymentGroupName(id[1]);
                if (config) {
                    r.deploymentConfigName(config(spec));
                }
                if (wait) {
                    r.blueGreenDeploymentConfiguration(blueGreen(spec));
                }
                if (rollback) {
                    r.autoRollbackConfiguration(autoRollback(spec));
                }
            });
        }
        if (changed.contains(TAGS) && !tagsOf(cd, arn).equals(spec.tags())) {
            retag(cd, arn, current.spec().tags(), spec.tags());
        }
        return describe(cd, id[0], id[1]).map(x -> Poll.done(live(x, arn)))
                .orElseGet(() -> Poll.failed("deployment group " + current.physicalId() + " disappeared while it was being changed"));
    }

    @Override
    public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
        String[] id = split(record.physicalId());
        return describe(codeDeploy(record.spec().region()), id[0], id[1])
                .map(g -> live(g, groupArn(ctx, record.spec().region(), id[0], id[1])));
    }

    @Override
    public Poll delete(HandlerContext ctx, ResourceRecord record) {
        String[] id = split(record.physicalId());
        try {
            codeDeploy(record.spec().region()).deleteDeploymentGroup(r -> r.applicationName(id[0]).deploymentGroupName(id[1]));
        } catch (AwsServiceException e) {
            String code = code(e);
            if (!GROUP_MISSING.equals(code) && !ApplicationHandler.MISSING.equals(code)) {
                throw e;
            }
        }
        return Poll.done();
    }

    @Override
    public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
        String[] id = split(record.physicalId());
        return describe(codeDeploy(record.spec().region()), id[0], id[1]).isPresent()
                ? Poll.pending(Message.of("aws.stillExists", kind(), record.physicalId()))
                : Poll.done();
    }

    static Optional<DeploymentGroupInfo> describe(CodeDeployClient cd, String application, String name) {
        try {
            return Optional.ofNullable(cd.getDeploymentGroup(r -> r.applicationName(application).deploymentGroupName(name))
                    .deploymentGroupInfo());
        } catch (AwsServiceException e) {
            String code = code(e);
            if (GROUP_MISSING.equals(code) || ApplicationHandler.MISSING.equals(code)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static String config(ResolvedSpec spec) {
        String value = spec.property("deploymentConfig");
        return value == null || value.isBlank() ? DEFAULT_CONFIG : value.trim();
    }

    /** The original task set terminated after the wait; the replacement gets traffic as soon as it is ready. */
    static BlueGreenDeploymentConfiguration blueGreen(ResolvedSpec spec) {
        String value = spec.property("terminationWaitMinutes");
        int minutes = value == null || value.isBlank() ? DEFAULT_TERMINATION_WAIT_MINUTES : Integer.parseInt(value.trim());
        return BlueGreenDeploymentConfiguration.builder()
                .terminateBlueInstancesOnDeploymentSuccess(t -> t.action(InstanceAction.TERMINATE).terminationWaitTimeInMinutes(minutes))
                .deploymentReadyOption(d -> d.actionOnTimeout(DeploymentReadyAction.CONTINUE_DEPLOYMENT))
                .build();
    }

    static AutoRollbackConfiguration autoRollback(ResolvedSpec spec) {
        boolean on = !"false".equalsIgnoreCase(spec.property("autoRollback") == null ? "true" : spec.property("autoRollback").trim());
        AutoRollbackConfiguration.Builder b = AutoRollbackConfiguration.builder().enabled(on);
        if (on) {
            b.events(AutoRollbackEvent.DEPLOYMENT_FAILURE);
        }
        return b.build();
    }

    private static boolean sameRollback(AutoRollbackConfiguration want, AutoRollbackConfiguration have) {
        if (have == null) {
            return false;
        }
        boolean haveOn = Boolean.TRUE.equals(have.enabled());
        return haveOn == Boolean.TRUE.equals(want.enabled()) && (!haveOn || have.events().containsAll(want.events()));
    }

    /** A target group of the pair, by name: its {@code name} attribute, else the name inside its ARN ({@code …:targetgroup/<name>/<id>}). */
    private static TargetGroupInfo targetGroup(ResolvedSpec spec, String ref) {
        ResourceRecord tg = spec.refs().get(ref);
        if (tg == null) {
            throw new IllegalStateException(spec.address() + " has no resolved ref '" + ref + "'");
        }
        String name = tg.attributes().get("name");
        if (name == null || name.isBlank()) {
            String[] parts = tg.physicalId().split("/");
            name = parts.length >= 2 ? parts[parts.length - 2] : tg.physicalId();
        }
        return TargetGroupInfo.builder().name(name).build();
    }

    /** The service's name: its {@code name} attribute, else the tail of its ARN. */
    private static String serviceName(ResolvedSpec spec) {
        ResourceRecord service = spec.refs().get("service");
        if (service == null) {
            throw new IllegalStateException(spec.address() + " has no resolved ref 'service'");
        }
        String name = service.attributes().get("name");
        return name == null || name.isBlank() ? service.physicalId().substring(service.physicalId().lastIndexOf('/') + 1) : name;
    }

    private static String refAttribute(ResolvedSpec spec, String ref, String attribute) {
        ResourceRecord record = spec.refs().get(ref);
        if (record == null) {
            throw new IllegalStateException(spec.address() + " has no resolved ref '" + ref + "'");
        }
        String value = record.attributes().get(attribute);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(spec.address() + ": its '" + ref + "' (" + record.physicalId() + ") has no " + attribute
                    + " attribute");
        }
        return value;
    }

    /** {@code <application>/<group>} → both. */
    static String[] split(String physicalId) {
        int slash = physicalId.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a deployment group ID (application/group): " + physicalId);
        }
        return new String[] {physicalId.substring(0, slash), physicalId.substring(slash + 1)};
    }

    private static LiveResource live(DeploymentGroupInfo g, String arn) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("id", g.deploymentGroupId());
        a.put("arn", arn);
        a.put("lastDeployment", g.lastAttemptedDeployment() == null || g.lastAttemptedDeployment().deploymentId() == null ? ""
                : g.lastAttemptedDeployment().deploymentId() + ":" + g.lastAttemptedDeployment().statusAsString());
        a.values().removeIf(v -> v == null);
        return new LiveResource(g.applicationName() + "/" + g.deploymentGroupName(), a, "");
    }
}
