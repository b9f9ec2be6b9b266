package dev.cairn.model.kinds;

import dev.cairn.model.AwsService;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceKind.Cost;
import dev.cairn.model.ResourceKind.Naming;
import dev.cairn.model.ResourceKind.Shape;
import java.util.List;

/**
 * AWS CodeDeploy for ECS: the application and the blue/green deployment group. Scan words
 * {@code codedeploy:application} and {@code codedeploy:deploymentgroup} (Resource Groups Tagging API).
 */
public final class CodeDeployKinds {

    /** Application and deployment group names: 1–100 characters (Cairn keeps to letters, digits, {@code _.-}). */
    public static final Naming NAME = new Naming(100, "a-zA-Z0-9_.-", Naming.Scope.REGION);

    private CodeDeployKinds() {}

    /**
     * An application on the ECS compute platform. props: {@code name}, {@code computePlatform}
     * ({@code ECS}) — replace. Physical ID its name; attributes {@code id}, {@code arn}.
     */
    public static final ResourceKind APPLICATION = ResourceKind.define("CODEDEPLOY_APPLICATION").service(AwsService.CODEDEPLOY)
            .label("CodeDeploy application").cloudFormation("AWS::CodeDeploy::Application")
            .named(NAME, "codedeploy:application")
            .replaceOn("name", "computePlatform")
            .timeouts(Ec2Kinds.DEFAULT_CREATE, Ec2Kinds.DEFAULT_UPDATE, Ec2Kinds.DEFAULT_DELETE)
            .cost(Cost.FREE)
            .shape(Shape.SERVICE)
            .icon("CD", "#16a34a")
            .console("https://{region}.console.aws.amazon.com/codesuite/codedeploy/applications/{id}?region={region}")
            .build();

    /**
     * A blue/green deployment group of an ECS service, found through its application by name.
     * props: {@code name} (replace); in place: {@code deploymentConfig}
     * ({@code CodeDeployDefault.ECSAllAtOnce}, or a canary/linear configuration),
     * {@code terminationWaitMinutes} (how long the original task set stays after the reroute),
     * {@code autoRollback} ({@code true}: roll back a failed deployment). refs:
     * {@code application}, {@code serviceRole} (an {@link IamKinds#ROLE} with
     * {@code AWSCodeDeployRoleForECS}), {@code cluster}, {@code service},
     * {@code productionListener}, {@code testListener}, {@code blueTargetGroup},
     * {@code greenTargetGroup}. Physical ID {@code <application>/<group>}; attributes
     * {@code id}, {@code arn}, {@code lastDeployment} (the newest deployment's ID and status, as
     * {@code d-…:Succeeded}, empty before the first).
     */
    public static final ResourceKind DEPLOYMENT_GROUP = ResourceKind.define("CODEDEPLOY_DEPLOYMENT_GROUP")
            .service(AwsService.CODEDEPLOY)
            .label("Deployment group").cloudFormation("AWS::CodeDeploy::DeploymentGroup")
            .named(NAME, "codedeploy:deploymentgroup")
            .replaceOn("name")
            .updateOn("deploymentConfig", "terminationWaitMinutes", "autoRollback")
            .ref("application", APPLICATION)
            .ref("serviceRole", IamKinds.ROLE)
            .ref("cluster", EcsKinds.CLUSTER)
            .ref("service", EcsKinds.SERVICE)
            .ref("productionListener", Elbv2Kinds.LISTENER)
            .ref("testListener", Elbv2Kinds.LISTENER)
            .ref("blueTargetGroup", Elbv2Kinds.TARGET_GROUP)
            .ref("greenTargetGroup", Elbv2Kinds.TARGET_GROUP)
            .timeouts(Ec2Kinds.DEFAULT_CREATE, Ec2Kinds.DEFAULT_UPDATE, Ec2Kinds.DEFAULT_DELETE)
            // A new service role may not be assumable yet: "AWS CodeDeploy does not have the permissions required …".
            .retry("InvalidRoleException", IamKinds.PROPAGATION_WINDOW)
            .cost(Cost.FREE)
            .foldedInto("application")
            .build();

    public static final List<ResourceKind> ALL = List.of(APPLICATION, DEPLOYMENT_GROUP);
}
