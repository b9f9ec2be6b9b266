package dev.cairn.sandbox.iam;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AWS managed policies the Sandbox knows ({@code arn:aws:iam::aws:policy/…}): the ones Cairn's
 * steps attach, with their documents' statements as AWS publishes them (the actions that matter;
 * conditions kept where AWS has them, though the Sandbox does not evaluate conditions). Every
 * account sees the same set; they cannot be changed or deleted. Customer managed policies are not
 * modelled.
 */
final class ManagedPolicies {
    static final String PREFIX = "arn:aws:iam::aws:policy";
    /** When AWS first published these (a fixed date: the Sandbox's catalog does not change). */
    static final long CREATED = 1_494_460_800_000L; // 2017-05-11T00:00:00Z

    /** One managed policy: name, path, description, default version and document. */
    record Managed(String name, String path, String description, String version, String document) {
        String arn() {
            return PREFIX + path + name;
        }

        /** {@code ANPA…}: stable, derived from the ARN (the Sandbox's catalog is the same everywhere). */
        String policyId() {
            return stableId("ANPA", arn());
        }
    }

    private static final Map<String, Managed> BY_ARN = new LinkedHashMap<>();

    static {
        add(new Managed("AWSCodeDeployRoleForECS", "/",
                "Provides CodeDeploy service wide access to perform an ECS blue/green deployment on your behalf. "
                        + "Grants full access to support services, such as full access to read all S3 objects, invoke "
                        + "all Lambda functions, publish to all SNS topics within the account and update all ECS "
                        + "services.", "v1", """
                {"Version":"2012-10-17","Statement":[{"Action":["ecs:DescribeServices","ecs:CreateTaskSet",\
                "ecs:UpdateServicePrimaryTaskSet","ecs:DeleteTaskSet","elasticloadbalancing:DescribeTargetGroups",\
                "elasticloadbalancing:DescribeListeners","elasticloadbalancing:ModifyListener",\
                "elasticloadbalancing:DescribeRules","elasticloadbalancing:ModifyRule","lambda:InvokeFunction",\
                "cloudwatch:DescribeAlarms","sns:Publish","s3:GetObject","s3:GetObjectVersion"],"Resource":"*",\
                "Effect":"Allow"},{"Action":["iam:PassRole"],"Effect":"Allow","Resource":"*","Condition":\
                {"StringLike":{"iam:PassedToService":["ecs-tasks.amazonaws.com"]}}}]}"""));
        add(new Managed("AmazonECSTaskExecutionRolePolicy", "/service-role/",
                "Provides access to other AWS service resources that are required to run Amazon ECS tasks", "v1", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ecr:GetAuthorizationToken",\
                "ecr:BatchCheckLayerAvailability","ecr:GetDownloadUrlForLayer","ecr:BatchGetImage",\
                "logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]}"""));
        add(new Managed("AmazonEC2ContainerServiceforEC2Role", "/service-role/",
                "Default policy for the Amazon EC2 Role for Amazon EC2 Container Service.", "v7", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:DescribeTags",\
                "ecs:CreateCluster","ecs:DeregisterContainerInstance","ecs:DiscoverPollEndpoint","ecs:Poll",\
                "ecs:RegisterContainerInstance","ecs:StartTelemetrySession","ecs:UpdateContainerInstancesState",\
                "ecs:Submit*","ecr:GetAuthorizationToken","ecr:BatchCheckLayerAvailability",\
                "ecr:GetDownloadUrlForLayer","ecr:BatchGetImage","logs:CreateLogStream","logs:PutLogEvents"],\
                "Resource":"*"},{"Effect":"Allow","Action":"ecs:TagResource","Resource":"*","Condition":\
                {"StringEquals":{"ecs:CreateAction":["CreateCluster","RegisterContainerInstance"]}}}]}"""));
        add(new Managed("AmazonEC2ContainerRegistryPowerUser", "/",
                "Provides full access to Amazon EC2 Container Registry repositories, but does not allow repository "
                        + "and policy deletion.", "v4", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ecr:GetAuthorizationToken",\
                "ecr:BatchCheckLayerAvailability","ecr:GetDownloadUrlForLayer","ecr:GetRepositoryPolicy",\
                "ecr:DescribeRepositories","ecr:ListImages","ecr:DescribeImages","ecr:BatchGetImage",\
                "ecr:GetLifecyclePolicy","ecr:GetLifecyclePolicyPreview","ecr:ListTagsForResource",\
                "ecr:DescribeImageScanFindings","ecr:InitiateLayerUpload","ecr:UploadLayerPart",\
                "ecr:CompleteLayerUpload","ecr:PutImage"],"Resource":"*"}]}"""));
        add(new Managed("AmazonSSMManagedInstanceCore", "/",
                "The policy for Amazon EC2 Role to enable AWS Systems Manager service core functionality.", "v2", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ssm:DescribeAssociation",\
                "ssm:GetDeployablePatchSnapshotForInstance","ssm:GetDocument","ssm:DescribeDocument",\
                "ssm:GetManifest","ssm:GetParameter","ssm:GetParameters","ssm:ListAssociations",\
                "ssm:ListInstanceAssociations","ssm:PutInventory","ssm:PutComplianceItems",\
                "ssm:PutConfigurePackageResult","ssm:UpdateAssociationStatus",\
                "ssm:UpdateInstanceAssociationStatus","ssm:UpdateInstanceInformation"],"Resource":"*"},\
                {"Effect":"Allow","Action":["ssmmessages:CreateControlChannel","ssmmessages:CreateDataChannel",\
                "ssmmessages:OpenControlChannel","ssmmessages:OpenDataChannel"],"Resource":"*"},{"Effect":"Allow",\
                "Action":["ec2messages:AcknowledgeMessage","ec2messages:DeleteMessage","ec2messages:FailMessage",\
                "ec2messages:GetEndpoint","ec2messages:GetMessages","ec2messages:SendReply"],"Resource":"*"}]}"""));
    }

    private ManagedPolicies() {
    }

    private static void add(Managed m) {
        PolicyDocument.identity(m.document()); // the catalog's own documents must pass IAM's checks
        BY_ARN.put(m.arn(), m);
    }

    /** The managed policy of that ARN, or null. */
    static Managed byArn(String arn) {
        return arn == null ? null : BY_ARN.get(arn);
    }

    static List<Managed> all() {
        return List.copyOf(BY_ARN.values());
    }

    /** A 21-character IAM unique ID: the prefix and 17 upper-case letters and digits derived from {@code seed}. */
    static String stableId(String prefix, String seed) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            return prefix + alphanumeric(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String alphanumeric(byte[] bytes) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 17; i++) {
            out.append(alphabet.charAt((bytes[i] & 0xff) % alphabet.length()));
        }
        return out.toString();
    }
}
