package dev.cairn.sandbox.iam;

/**
 * What IAM tells other services about roles in the caller's account (IAM is global): whether a role
 * exists and whether its trust policy lets a service assume it. A service handed a role its trust
 * policy does not allow fails as AWS does (CodeBuild "CodeBuild is not authorized to perform:
 * sts:AssumeRole on …", CodeDeploy {@code InvalidRoleException}, ECS "ECS was unable to assume the
 * role …"); the wording is the caller's. Exported by the {@code iam} service.
 */
public interface IamRoles {

    /** Whether a role of that ARN exists in the caller's account. */
    boolean exists(String roleArn);

    /**
     * Whether the role exists and its trust policy has an {@code Allow} statement for
     * {@code sts:AssumeRole} (or {@code sts:*}, {@code *}) whose {@code Principal.Service} names
     * {@code servicePrincipal} ({@code codebuild.amazonaws.com}).
     */
    boolean assumableBy(String roleArn, String servicePrincipal);

    /**
     * Whether the role's identity policies (inline and attached managed) allow {@code action}
     * ({@code ecr:PutImage}) on {@code resourceArn}: an {@code Allow} with matching action and
     * resource patterns ({@code *} and {@code ?} wildcards) and no matching {@code Deny}.
     * Conditions are not evaluated (a statement with a condition counts as matching).
     */
    boolean allows(String roleArn, String action, String resourceArn);
}
