package dev.cairn.model.kinds;

import dev.cairn.model.AwsService;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceKind.Cost;
import dev.cairn.model.ResourceKind.Naming;
import dev.cairn.model.ResourceKind.Shape;
import java.time.Duration;
import java.util.List;

/**
 * The Pipeline step's IAM kinds: roles with least privilege and the ECS instances' profile. IAM is
 * global (one account-wide namespace of names). Cairn keeps every role and profile of a stack under
 * the path {@code /cairn/<stack>/}, so a scan finds what a stack left by that path
 * ({@code ListRoles}/{@code ListInstanceProfiles} with {@code PathPrefix}) and checks ownership by
 * the roles' tags — the Resource Groups Tagging API does not list IAM (scan words
 * {@code iam:role}, {@code iam:instance-profile}).
 */
public final class IamKinds {

    /** IAM is eventually consistent: a new role may not be assumable by a service for ~10 s. */
    public static final Duration PROPAGATION_WINDOW = Duration.ofMinutes(2);
    /** Role and instance profile names: 64 characters of letters, digits and {@code _+=,.@-}. */
    public static final Naming ROLE_NAME = new Naming(64, "a-zA-Z0-9_+=,.@-", Naming.Scope.ACCOUNT);
    /** Instance profile names: 128 characters, the same alphabet. */
    public static final Naming PROFILE_NAME = new Naming(128, "a-zA-Z0-9_+=,.@-", Naming.Scope.ACCOUNT);

    /**
     * IAM calls answer at once. Kept apart from {@code Ec2Kinds}' defaults: EC2's launch template
     * refers to an instance profile, so this class must not need {@code Ec2Kinds} to initialise.
     */
    public static final Duration CREATE = Duration.ofMinutes(5);
    public static final Duration UPDATE = Duration.ofMinutes(5);
    public static final Duration DELETE = Duration.ofMinutes(10);

    private static final String CONSOLE = "https://{region}.console.aws.amazon.com/iam/home#/roles/details/{id}";

    private IamKinds() {}

    /**
     * A service role. props: {@code name}, {@code path} ({@code /cairn/<stack>/}) — both replace;
     * in place: {@code trustService} (the service principal allowed to assume it, such as
     * {@code codebuild.amazonaws.com}; comma-separated when several), {@code managedPolicies}
     * (comma-separated policy ARNs to attach, AWS managed ones such as
     * {@code arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS} (at the root path, unlike
     * {@code service-role/AmazonECSTaskExecutionRolePolicy}); empty for none),
     * {@code inlinePolicy} (one inline policy named {@code cairn}, a JSON document; empty for none)
     * and {@code description}. The policy JSON may hold {@code ${AWS::AccountId}},
     * {@code ${AWS::Region}} and {@code ${AWS::Partition}}, which the handler replaces with the
     * run's account, the resource's region and the partition (as CloudFormation does). Physical ID
     * the role's name; attributes {@code arn}, {@code roleId}, {@code path}. The delete detaches
     * managed policies, deletes inline ones and removes the role from any instance profile first
     * ({@code DeleteConflict} otherwise).
     */
    public static final ResourceKind ROLE = ResourceKind.define("IAM_ROLE").service(AwsService.IAM)
            .label("IAM role").cloudFormation("AWS::IAM::Role")
            .named(ROLE_NAME, "iam:role")
            .replaceOn("name", "path")
            .updateOn("trustService", "managedPolicies", "inlinePolicy", "description")
            .timeouts(CREATE, UPDATE, DELETE)
            .retry("DeleteConflict", Duration.ofMinutes(5))
            .cost(Cost.FREE)
            .shape(Shape.SERVICE)
            .icon("IAM", "#dc2626")
            .console(CONSOLE)
            .build();

    /**
     * The ECS container instances' instance profile, holding their role. props: {@code name},
     * {@code path} (replace); refs: {@code role}. Physical ID its name; attributes {@code arn}.
     * A launch template names it by ARN; a new profile may be refused by EC2 for a few seconds
     * ({@code InvalidParameterValue} "Invalid IAM Instance Profile"), which the template's create retries.
     */
    public static final ResourceKind INSTANCE_PROFILE = ResourceKind.define("IAM_INSTANCE_PROFILE").service(AwsService.IAM)
            .label("Instance profile").cloudFormation("AWS::IAM::InstanceProfile")
            .named(PROFILE_NAME, "iam:instance-profile")
            .replaceOn("name", "path")
            .ref("role", ROLE)
            .timeouts(CREATE, UPDATE, DELETE)
            .cost(Cost.FREE)
            .foldedInto("role")
            .build();

    public static final List<ResourceKind> ALL = List.of(ROLE, INSTANCE_PROFILE);
}
