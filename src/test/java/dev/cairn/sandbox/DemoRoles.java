package dev.cairn.sandbox;

import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * The service roles the Pipeline's Sandbox tests name ({@code /cairn/demo/demo-codebuild}, …), made
 * in a Sandbox whose IAM enforces trust: each trusts its service and may do anything (these tests
 * are about CodeBuild, CodeDeploy and CodePipeline, not about least privilege — the step's own
 * policies are checked end to end by {@code PipelineReleaseTest}).
 */
public final class DemoRoles {

    /** Role name → the service principal it trusts. */
    public static final Map<String, String> ROLES = Map.of(
            "demo-codebuild", "codebuild.amazonaws.com",
            "demo-codedeploy", "codedeploy.amazonaws.com",
            "demo-codepipeline", "codepipeline.amazonaws.com",
            "demo-task-execution", "ecs-tasks.amazonaws.com");

    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"%s\"},\"Action\":\"sts:AssumeRole\"}]}";
    private static final String ALLOW_ALL = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"*\",\"Resource\":\"*\"}]}";

    private DemoRoles() {}

    /** Makes the roles under {@code /cairn/demo/} in the account of the {@code sandbox} key (000000000000). */
    public static void create(SandboxServer server) {
        if (!server.serves("iam")) {
            return;
        }
        try (IamClient iam = SandboxClients.noRetry(IamClient.builder(), server, Region.AWS_GLOBAL, "sandbox")) {
            ROLES.forEach((name, principal) -> {
                iam.createRole(r -> r.path("/cairn/demo/").roleName(name)
                        .assumeRolePolicyDocument(String.format(TRUST, principal)));
                iam.putRolePolicy(r -> r.roleName(name).policyName("all").policyDocument(ALLOW_ALL));
            });
        }
    }
}
