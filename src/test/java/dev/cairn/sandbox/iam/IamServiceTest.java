package dev.cairn.sandbox.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cairn.sandbox.SandboxClients;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.LimitExceededException;
import software.amazon.awssdk.services.iam.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;

/**
 * IAM through the SDK v2 client: roles (create, read, list by path with paging, update, tags),
 * inline and AWS managed policies, instance profiles, and AWS's error codes for each rule.
 */
class IamServiceTest {
    static final String CODEBUILD_TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"codebuild.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
    static final String ECR_PUSH = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":[\"ecr:PutImage\",\"ecr:Upload*\"],\"Resource\":\"arn:aws:ecr:*:*:repository/frontend\"},"
            + "{\"Effect\":\"Allow\",\"Action\":\"logs:*\",\"Resource\":\"*\"}]}";
    static final String TASK_EXECUTION = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";

    private SandboxServer server;
    private IamClient iam;

    @BeforeEach
    void start() {
        server = SandboxServer.start(SandboxConfig.instant());
        iam = SandboxClients.noRetry(IamClient.builder(), server, Region.AWS_GLOBAL, SandboxClients.ACCESS_KEY);
    }

    @AfterEach
    void stop() {
        iam.close();
        server.close();
    }

    private Role createRole(String name, String path) {
        return iam.createRole(b -> b.roleName(name).path(path).assumeRolePolicyDocument(CODEBUILD_TRUST)
                .description("builds").tags(Tag.builder().key("cairn:stack").value("demo").build())).role();
    }

    @Test
    void createRole_thenGetRole_answersArnIdPathAndEncodedTrustPolicy() {
        Role created = createRole("demo-codebuild", "/cairn/demo/");
        assertThat(created.arn()).isEqualTo("arn:aws:iam::000000000000:role/cairn/demo/demo-codebuild");
        assertThat(created.roleId()).matches("AROA[A-Z2-7]{17}");
        assertThat(created.maxSessionDuration()).isEqualTo(3600);

        Role read = iam.getRole(b -> b.roleName("demo-codebuild")).role();
        assertThat(read.path()).isEqualTo("/cairn/demo/");
        assertThat(read.description()).isEqualTo("builds");
        assertThat(read.tags()).extracting(Tag::key, Tag::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple("cairn:stack", "demo"));
        // IAM answers policy documents URL-encoded; decoded it is the document sent.
        assertThat(read.assumeRolePolicyDocument()).startsWith("%7B");
        assertThat(URLDecoder.decode(read.assumeRolePolicyDocument(), StandardCharsets.UTF_8)).isEqualTo(CODEBUILD_TRUST);
    }

    @Test
    void createRole_whenNameTakenInAnyCase_failsWithEntityAlreadyExists() {
        createRole("demo-codebuild", "/");
        EntityAlreadyExistsException e = catchThrowableOfType(() -> createRole("DEMO-codebuild", "/"),
                EntityAlreadyExistsException.class);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("EntityAlreadyExists");
        assertThat(e.statusCode()).isEqualTo(409);
    }

    @Test
    void createRole_whenNameOrPathInvalid_failsWithValidationError() {
        IamException name = catchThrowableOfType(() -> createRole("bad name", "/"), IamException.class);
        assertThat(name.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(name.awsErrorDetails().errorMessage()).contains("roleName");
        IamException path = catchThrowableOfType(() -> createRole("ok", "cairn/"), IamException.class);
        assertThat(path.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(path.awsErrorDetails().errorMessage()).contains("must begin and end with /");
        IamException tooLong = catchThrowableOfType(() -> createRole("r".repeat(65), "/"), IamException.class);
        assertThat(tooLong.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
    }

    @Test
    void createRole_whenTrustPolicyMalformed_failsWithMalformedPolicyDocument() {
        Map<String, String> cases = Map.of(
                "{not json", "This policy contains invalid Json",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},"
                        + "\"Action\":\"sts:AssumeRole\"}]}", "Missing required field Effect",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\"}]}",
                "Missing required field Principal",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                        + "\"nothing\"},\"Action\":\"sts:AssumeRole\"}]}", "Invalid principal in policy",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                        + "\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}]}",
                "Has prohibited field Resource",
                "{\"Version\":\"1999-01-01\",\"Statement\":[]}", "Syntax errors in policy.");
        cases.forEach((doc, message) -> {
            MalformedPolicyDocumentException e = catchThrowableOfType(() -> iam.createRole(b -> b.roleName("r")
                    .assumeRolePolicyDocument(doc)), MalformedPolicyDocumentException.class);
            assertThat(e).as(doc).isNotNull();
            assertThat(e.awsErrorDetails().errorMessage()).as(doc).contains(message);
        });
        assertThat(iam.listRoles().roles()).isEmpty();
    }

    @Test
    void listRoles_byPathPrefix_pagesWithMarker() {
        for (int i = 0; i < 5; i++) {
            createRole("demo-r" + i, "/cairn/demo/");
        }
        createRole("other", "/cairn/other/");
        var first = iam.listRoles(b -> b.pathPrefix("/cairn/demo/").maxItems(2));
        assertThat(first.roles()).extracting(Role::roleName).containsExactly("demo-r0", "demo-r1");
        assertThat(first.isTruncated()).isTrue();
        List<String> all = iam.listRolesPaginator(b -> b.pathPrefix("/cairn/demo/").maxItems(2)).roles().stream()
                .map(Role::roleName).toList();
        assertThat(all).containsExactly("demo-r0", "demo-r1", "demo-r2", "demo-r3", "demo-r4");
        assertThat(iam.listRoles().roles()).hasSize(6);
    }

    @Test
    void updateRoleAndTrustPolicyAndTags_changeTheRole() {
        createRole("demo-r", "/");
        String ecsTrust = CODEBUILD_TRUST.replace("codebuild", "ecs-tasks");
        iam.updateAssumeRolePolicy(b -> b.roleName("demo-r").policyDocument(ecsTrust));
        iam.updateRole(b -> b.roleName("demo-r").description("runs tasks").maxSessionDuration(7200));
        iam.tagRole(b -> b.roleName("demo-r").tags(Tag.builder().key("team").value("web").build()));
        iam.untagRole(b -> b.roleName("demo-r").tagKeys("cairn:stack"));
        Role role = iam.getRole(b -> b.roleName("demo-r")).role();
        assertThat(URLDecoder.decode(role.assumeRolePolicyDocument(), StandardCharsets.UTF_8)).isEqualTo(ecsTrust);
        assertThat(role.description()).isEqualTo("runs tasks");
        assertThat(role.maxSessionDuration()).isEqualTo(7200);
        assertThat(iam.listRoleTags(b -> b.roleName("demo-r")).tags()).extracting(Tag::key).containsExactly("team");
    }

    @Test
    void inlineAndManagedPolicies_listAndRead_andBlockDeleteUntilRemoved() {
        createRole("demo-r", "/");
        iam.putRolePolicy(b -> b.roleName("demo-r").policyName("cairn").policyDocument(ECR_PUSH));
        iam.attachRolePolicy(b -> b.roleName("demo-r").policyArn(TASK_EXECUTION));

        assertThat(iam.listRolePolicies(b -> b.roleName("demo-r")).policyNames()).containsExactly("cairn");
        String doc = iam.getRolePolicy(b -> b.roleName("demo-r").policyName("cairn")).policyDocument();
        assertThat(URLDecoder.decode(doc, StandardCharsets.UTF_8)).isEqualTo(ECR_PUSH);
        assertThat(iam.listAttachedRolePolicies(b -> b.roleName("demo-r")).attachedPolicies())
                .extracting(p -> p.policyName()).containsExactly("AmazonECSTaskExecutionRolePolicy");

        DeleteConflictException managed = catchThrowableOfType(() -> iam.deleteRole(b -> b.roleName("demo-r")),
                DeleteConflictException.class);
        assertThat(managed.awsErrorDetails().errorMessage()).isEqualTo("Cannot delete entity, must detach all policies first.");
        iam.detachRolePolicy(b -> b.roleName("demo-r").policyArn(TASK_EXECUTION));
        DeleteConflictException inline = catchThrowableOfType(() -> iam.deleteRole(b -> b.roleName("demo-r")),
                DeleteConflictException.class);
        assertThat(inline.awsErrorDetails().errorMessage()).isEqualTo("Cannot delete entity, must delete policies first.");
        iam.deleteRolePolicy(b -> b.roleName("demo-r").policyName("cairn"));
        iam.deleteRole(b -> b.roleName("demo-r"));

        NoSuchEntityException gone = catchThrowableOfType(() -> iam.getRole(b -> b.roleName("demo-r")),
                NoSuchEntityException.class);
        assertThat(gone.awsErrorDetails().errorMessage()).isEqualTo("The role with name demo-r cannot be found.");
        assertThat(gone.statusCode()).isEqualTo(404);
    }

    @Test
    void putRolePolicy_whenMalformedOrWithoutResource_failsWithMalformedPolicyDocument() {
        createRole("demo-r", "/");
        MalformedPolicyDocumentException noResource = catchThrowableOfType(() -> iam.putRolePolicy(b -> b
                .roleName("demo-r").policyName("p").policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":"
                        + "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\"}}")), MalformedPolicyDocumentException.class);
        assertThat(noResource.awsErrorDetails().errorMessage()).isEqualTo("Policy statement must contain resources.");
        MalformedPolicyDocumentException noVendor = catchThrowableOfType(() -> iam.putRolePolicy(b -> b
                .roleName("demo-r").policyName("p").policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":"
                        + "{\"Effect\":\"Allow\",\"Action\":\"GetObject\",\"Resource\":\"*\"}}")),
                MalformedPolicyDocumentException.class);
        assertThat(noVendor.awsErrorDetails().errorMessage()).contains("must be prefaced by a vendor");
    }

    @Test
    void attachAndDetach_unknownPolicyOrRole_failWithNoSuchEntity() {
        createRole("demo-r", "/");
        NoSuchEntityException unknown = catchThrowableOfType(() -> iam.attachRolePolicy(b -> b.roleName("demo-r")
                .policyArn("arn:aws:iam::aws:policy/NoSuchPolicy")), NoSuchEntityException.class);
        assertThat(unknown.awsErrorDetails().errorMessage()).contains("does not exist or is not attachable");
        NoSuchEntityException notAttached = catchThrowableOfType(() -> iam.detachRolePolicy(b -> b.roleName("demo-r")
                .policyArn(TASK_EXECUTION)), NoSuchEntityException.class);
        assertThat(notAttached.awsErrorDetails().errorCode()).isEqualTo("NoSuchEntity");
        NoSuchEntityException noRole = catchThrowableOfType(() -> iam.getRolePolicy(b -> b.roleName("nobody")
                .policyName("p")), NoSuchEntityException.class);
        assertThat(noRole.awsErrorDetails().errorMessage()).isEqualTo("The role with name nobody cannot be found.");
    }

    @Test
    void getPolicyAndVersion_ofManagedPolicy_answerItsDocumentAndAttachments() {
        createRole("demo-r", "/");
        iam.attachRolePolicy(b -> b.roleName("demo-r").policyArn(TASK_EXECUTION));
        var policy = iam.getPolicy(b -> b.policyArn(TASK_EXECUTION)).policy();
        assertThat(policy.policyName()).isEqualTo("AmazonECSTaskExecutionRolePolicy");
        assertThat(policy.path()).isEqualTo("/service-role/");
        assertThat(policy.attachmentCount()).isEqualTo(1);
        String doc = iam.getPolicyVersion(b -> b.policyArn(TASK_EXECUTION).versionId(policy.defaultVersionId()))
                .policyVersion().document();
        assertThat(URLDecoder.decode(doc, StandardCharsets.UTF_8)).contains("ecr:GetAuthorizationToken",
                "logs:PutLogEvents");
        for (String arn : List.of("arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS",
                "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role",
                "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser",
                "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore")) {
            assertThat(iam.getPolicy(b -> b.policyArn(arn)).policy().arn()).isEqualTo(arn);
        }
        assertThat(catchThrowableOfType(() -> iam.getPolicyVersion(b -> b.policyArn(TASK_EXECUTION).versionId("v9")),
                NoSuchEntityException.class)).isNotNull();
    }

    @Test
    void instanceProfiles_holdOneRole_andBlockDeletesUntilRemoved() {
        createRole("demo-ecs-instance", "/cairn/demo/");
        createRole("demo-other", "/cairn/demo/");
        InstanceProfile created = iam.createInstanceProfile(b -> b.instanceProfileName("demo-ecs-instance")
                .path("/cairn/demo/").tags(Tag.builder().key("cairn:stack").value("demo").build())).instanceProfile();
        assertThat(created.arn()).isEqualTo("arn:aws:iam::000000000000:instance-profile/cairn/demo/demo-ecs-instance");
        assertThat(created.instanceProfileId()).matches("AIPA[A-Z2-7]{17}");
        assertThat(created.roles()).isEmpty();

        iam.addRoleToInstanceProfile(b -> b.instanceProfileName("demo-ecs-instance").roleName("demo-ecs-instance"));
        LimitExceededException second = catchThrowableOfType(() -> iam.addRoleToInstanceProfile(b -> b
                .instanceProfileName("demo-ecs-instance").roleName("demo-other")), LimitExceededException.class);
        assertThat(second.awsErrorDetails().errorCode()).isEqualTo("LimitExceeded");

        InstanceProfile read = iam.getInstanceProfile(b -> b.instanceProfileName("demo-ecs-instance")).instanceProfile();
        assertThat(read.roles()).extracting(Role::roleName).containsExactly("demo-ecs-instance");
        assertThat(read.tags()).extracting(Tag::key).containsExactly("cairn:stack");
        assertThat(iam.listInstanceProfilesForRole(b -> b.roleName("demo-ecs-instance")).instanceProfiles())
                .extracting(InstanceProfile::instanceProfileName).containsExactly("demo-ecs-instance");
        assertThat(iam.listInstanceProfiles(b -> b.pathPrefix("/cairn/demo/")).instanceProfiles()).hasSize(1);

        DeleteConflictException profile = catchThrowableOfType(() -> iam.deleteInstanceProfile(b -> b
                .instanceProfileName("demo-ecs-instance")), DeleteConflictException.class);
        assertThat(profile.awsErrorDetails().errorMessage())
                .isEqualTo("Cannot delete entity, must remove roles from instance profile first.");
        DeleteConflictException role = catchThrowableOfType(() -> iam.deleteRole(b -> b.roleName("demo-ecs-instance")),
                DeleteConflictException.class);
        assertThat(role.awsErrorDetails().errorMessage())
                .isEqualTo("Cannot delete entity, must remove roles from instance profile first.");

        iam.removeRoleFromInstanceProfile(b -> b.instanceProfileName("demo-ecs-instance").roleName("demo-ecs-instance"));
        iam.deleteInstanceProfile(b -> b.instanceProfileName("demo-ecs-instance"));
        iam.deleteRole(b -> b.roleName("demo-ecs-instance"));
        assertThat(catchThrowableOfType(() -> iam.getInstanceProfile(b -> b.instanceProfileName("demo-ecs-instance")),
                NoSuchEntityException.class).awsErrorDetails().errorMessage())
                .isEqualTo("Instance Profile demo-ecs-instance cannot be found.");
        assertThat(catchThrowableOfType(() -> iam.createInstanceProfile(b -> b.instanceProfileName("demo-other")
                .path("/cairn/demo/")), EntityAlreadyExistsException.class)).isNull();
    }

    @Test
    void inventory_listsRolesAndProfiles_butTaggingApiDoesNot() {
        createRole("demo-r", "/cairn/demo/");
        iam.createInstanceProfile(b -> b.instanceProfileName("demo-p").tags(Tag.builder().key("cairn:stack")
                .value("demo").build()));
        assertThat(server.resources()).extracting(r -> r.get("type") + " " + r.get("id"))
                .contains("role demo-r", "instance-profile demo-p");
        try (ResourceGroupsTaggingApiClient tagging = SandboxClients.noRetry(ResourceGroupsTaggingApiClient.builder(),
                server, Region.US_EAST_1, SandboxClients.ACCESS_KEY)) {
            assertThat(tagging.getResources(b -> b.tagFilters(f -> f.key("cairn:stack"))).resourceTagMappingList())
                    .isEmpty();
        }
    }

    @Test
    void accounts_areSeparate() {
        createRole("demo-r", "/");
        try (IamClient other = SandboxClients.noRetry(IamClient.builder(), server, Region.AWS_GLOBAL, "another-key")) {
            assertThat(other.listRoles().roles()).isEmpty();
            Role theirs = other.createRole(b -> b.roleName("demo-r").assumeRolePolicyDocument(CODEBUILD_TRUST)).role();
            assertThat(theirs.arn()).doesNotContain("000000000000");
        }
    }
}
