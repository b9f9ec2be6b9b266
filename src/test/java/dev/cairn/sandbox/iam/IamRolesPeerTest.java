package dev.cairn.sandbox.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.sandbox.PeerProbe;
import dev.cairn.sandbox.SandboxClients;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * {@link IamRoles} as CodeBuild, CodeDeploy and ECS see it through {@code call.peer}: a role's
 * existence (by full ARN, path included, in the caller's account), its trust policy, and what its
 * inline and attached managed policies allow, wildcards and {@code Deny} included.
 */
class IamRolesPeerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLE = "arn:aws:iam::000000000000:role/cairn/demo/demo-codebuild";

    private SandboxServer server;
    private IamClient iam;

    @BeforeEach
    void start() {
        server = SandboxServer.start(SandboxConfig.instant(), List.of(PeerProbe.service(Map.of(
                "Exists", call -> answer(call.peer(IamRoles.class).exists(call.json().path("arn").asText())),
                "Assumable", call -> answer(call.peer(IamRoles.class).assumableBy(call.json().path("arn").asText(),
                        call.json().path("principal").asText())),
                "Allows", call -> answer(call.peer(IamRoles.class).allows(call.json().path("arn").asText(),
                        call.json().path("action").asText(), call.json().path("resource").asText()))), Map.of())));
        iam = SandboxClients.noRetry(IamClient.builder(), server, Region.AWS_GLOBAL, SandboxClients.ACCESS_KEY);
        iam.createRole(b -> b.roleName("demo-codebuild").path("/cairn/demo/")
                .assumeRolePolicyDocument(IamServiceTest.CODEBUILD_TRUST));
    }

    @AfterEach
    void stop() {
        iam.close();
        server.close();
    }

    private static ObjectNode answer(boolean value) {
        return JSON.createObjectNode().put("value", value);
    }

    private boolean ask(String operation, Map<String, String> body) {
        return PeerProbe.ask(server, "ap-northeast-2", operation, body).path("value").asBoolean();
    }

    private boolean allows(String action, String resource) {
        return ask("Allows", Map.of("arn", ROLE, "action", action, "resource", resource));
    }

    @Test
    void exists_needsTheWholeArnInTheCallersAccount() {
        assertThat(ask("Exists", Map.of("arn", ROLE))).isTrue();
        assertThat(ask("Exists", Map.of("arn", "arn:aws:iam::000000000000:role/demo-codebuild"))).isFalse();
        assertThat(ask("Exists", Map.of("arn", "arn:aws:iam::111111111111:role/cairn/demo/demo-codebuild"))).isFalse();
        assertThat(ask("Exists", Map.of("arn", "not an arn"))).isFalse();
    }

    @Test
    void assumableBy_followsTheTrustPolicysServicePrincipal() {
        assertThat(ask("Assumable", Map.of("arn", ROLE, "principal", "codebuild.amazonaws.com"))).isTrue();
        assertThat(ask("Assumable", Map.of("arn", ROLE, "principal", "codedeploy.amazonaws.com"))).isFalse();
        iam.updateAssumeRolePolicy(b -> b.roleName("demo-codebuild").policyDocument(
                IamServiceTest.CODEBUILD_TRUST.replace("codebuild", "codedeploy")));
        assertThat(ask("Assumable", Map.of("arn", ROLE, "principal", "codebuild.amazonaws.com"))).isFalse();
        assertThat(ask("Assumable", Map.of("arn", ROLE, "principal", "codedeploy.amazonaws.com"))).isTrue();
    }

    @Test
    void allows_matchesInlineAndManagedPoliciesWithWildcards_andDenyWins() {
        String repo = "arn:aws:ecr:ap-northeast-2:000000000000:repository/frontend";
        assertThat(allows("ecr:PutImage", repo)).isFalse();

        iam.putRolePolicy(b -> b.roleName("demo-codebuild").policyName("cairn").policyDocument(IamServiceTest.ECR_PUSH));
        assertThat(allows("ecr:PutImage", repo)).isTrue();
        assertThat(allows("ecr:uploadlayerpart", repo)).as("actions ignore case").isTrue();
        assertThat(allows("ecr:PutImage", repo.replace("frontend", "backend"))).isFalse();
        assertThat(allows("logs:PutLogEvents", "arn:aws:logs:ap-northeast-2:000000000000:log-group:/cairn/demo/build"))
                .isTrue();
        assertThat(allows("ecr:GetAuthorizationToken", "*")).isFalse();

        iam.attachRolePolicy(b -> b.roleName("demo-codebuild").policyArn(
                "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser"));
        assertThat(allows("ecr:GetAuthorizationToken", "*")).isTrue();
        assertThat(allows("ecr:DeleteRepository", repo)).as("PowerUser does not delete").isFalse();

        iam.putRolePolicy(b -> b.roleName("demo-codebuild").policyName("deny").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"ecr:Put*\","
                        + "\"Resource\":\"*\"}]}"));
        assertThat(allows("ecr:PutImage", repo)).isFalse();
        assertThat(allows("ecr:GetAuthorizationToken", "*")).isTrue();
    }

    @Test
    void policyDocument_matches_wildcards() {
        assertThat(PolicyDocument.matches("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b", false)).isTrue();
        assertThat(PolicyDocument.matches("arn:aws:s3:::bucket/?", "arn:aws:s3:::bucket/ab", false)).isFalse();
        assertThat(PolicyDocument.matches("ecr:*", "ECR:PutImage", true)).isTrue();
        assertThat(PolicyDocument.matches("*", "", false)).isTrue();
        assertThat(PolicyDocument.matches("a*b*c", "aXbYbc", false)).isTrue();
    }
}
