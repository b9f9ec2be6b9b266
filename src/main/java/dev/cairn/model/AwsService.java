package dev.cairn.model;

import java.util.Locale;

/**
 * The AWS services Cairn builds with. Each resource kind belongs to one; the scanners, the
 * teardown proof and the Sandbox's registry are organised by service.
 */
public enum AwsService {
    EC2("ec2", false),
    ELBV2("elasticloadbalancing", false),
    AUTOSCALING("autoscaling", false),
    ACM("acm", false),
    ROUTE53("route53", true),
    S3("s3", false),
    DYNAMODB("dynamodb", false),
    ECR("ecr", false),
    ECS("ecs", false),
    CODEBUILD("codebuild", false),
    CODEDEPLOY("codedeploy", false),
    CODEPIPELINE("codepipeline", false),
    CODECONNECTIONS("codeconnections", false),
    IAM("iam", true),
    LOGS("logs", false);

    private final String signingName;
    private final boolean global;

    AwsService(String signingName, boolean global) {
        this.signingName = signingName;
        this.global = global;
    }

    /** The service's name in a SigV4 credential scope and in ARNs ({@code ec2}, {@code iam}). */
    public String signingName() {
        return signingName;
    }

    /**
     * Whether the service's resources belong to the account rather than a region (IAM, Route 53):
     * they are scanned once, not per region.
     */
    public boolean global() {
        return global;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
