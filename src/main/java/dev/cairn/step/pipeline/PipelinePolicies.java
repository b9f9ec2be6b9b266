package dev.cairn.step.pipeline;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The inline policies of the CodeBuild and CodePipeline roles: only the actions their service
 * performs in this pipeline, on this stack's resources. ARNs hold {@code ${AWS::Partition}},
 * {@code ${AWS::Region}} and {@code ${AWS::AccountId}}, which the role's handler replaces (as
 * CloudFormation does), so the plan needs no account. Written compactly with a fixed statement
 * order: the same inputs give the same text, which the planner compares.
 */
public final class PipelinePolicies {

    static final String PARTITION = "${AWS::Partition}";
    static final String REGION = "${AWS::Region}";
    static final String ACCOUNT = "${AWS::AccountId}";

    private PipelinePolicies() {}

    private static String arn(String service, String resource) {
        return "arn:" + PARTITION + ":" + service + ":" + REGION + ":" + ACCOUNT + ":" + resource;
    }

    private static String bucketArn(String bucket) {
        return "arn:" + PARTITION + ":s3:::" + bucket;
    }

    /**
     * CodeBuild's: write the build's log group, log in to ECR (GetAuthorizationToken has no
     * resource-level permission, so {@code *}), push layers and the image to the one repository,
     * read the source and write the build's output in the artifact bucket.
     */
    public static String codeBuild(String stack, PipelineSection p, String bucket) {
        ObjectNode doc = document();
        ArrayNode st = doc.withArray("Statement");
        statement(st, "BuildLogs", new String[] {"logs:CreateLogStream", "logs:PutLogEvents"},
                arn("logs", "log-group:" + PipelineResources.buildLogGroup(stack)),
                arn("logs", "log-group:" + PipelineResources.buildLogGroup(stack) + ":*"));
        statement(st, "EcrLogin", new String[] {"ecr:GetAuthorizationToken"}, "*");
        statement(st, "EcrPush", new String[] {"ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage",
            "ecr:CompleteLayerUpload", "ecr:GetDownloadUrlForLayer", "ecr:InitiateLayerUpload", "ecr:PutImage",
            "ecr:UploadLayerPart"}, arn("ecr", "repository/" + p.image().repository()));
        statement(st, "Artifacts", new String[] {"s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"}, bucketArn(bucket) + "/*");
        statement(st, "ArtifactBucket", new String[] {"s3:GetBucketAcl", "s3:GetBucketLocation"}, bucketArn(bucket));
        return PipelineResources.json(doc);
    }

    /**
     * CodePipeline's: use the stack's GitHub connection (its ARN ends in an ID AWS picks, so the
     * statement names every connection of the account and region; both service prefixes, as the
     * source action checks the old {@code codestar-connections} one too), start and read the one
     * project's builds, deploy through the one application and group, register the task
     * definitions the deploy action reads from {@code taskdef.json} (RegisterTaskDefinition has no
     * resource-level permission), pass only the task execution role to ECS, and read and write the
     * artifact bucket.
     */
    public static String codePipeline(String stack, PipelineSection p, String bucket) {
        ObjectNode doc = document();
        ArrayNode st = doc.withArray("Statement");
        statement(st, "UseConnection", new String[] {"codeconnections:UseConnection", "codestar-connections:UseConnection"},
                arn("codeconnections", "connection/*"), arn("codestar-connections", "connection/*"));
        statement(st, "Build", new String[] {"codebuild:BatchGetBuilds", "codebuild:StartBuild"},
                arn("codebuild", "project/" + PipelineResources.projectName(stack)));
        String app = PipelineResources.applicationName(stack);
        statement(st, "Deploy", new String[] {"codedeploy:CreateDeployment", "codedeploy:GetApplication",
            "codedeploy:GetApplicationRevision", "codedeploy:GetDeployment", "codedeploy:RegisterApplicationRevision"},
                arn("codedeploy", "application:" + app),
                arn("codedeploy", "deploymentgroup:" + app + "/" + PipelineResources.deploymentGroupName(stack)));
        statement(st, "DeployConfig", new String[] {"codedeploy:GetDeploymentConfig"}, arn("codedeploy", "deploymentconfig:*"));
        statement(st, "TaskDefinitions", new String[] {"ecs:RegisterTaskDefinition", "ecs:TagResource"}, "*");
        ObjectNode pass = statement(st, "PassExecutionRole", new String[] {"iam:PassRole"},
                "arn:" + PARTITION + ":iam::" + ACCOUNT + ":role" + PipelineResources.rolePath(stack)
                        + PipelineResources.roleName(stack, "task-execution"));
        pass.putObject("Condition").putObject("StringEquals").put("iam:PassedToService", "ecs-tasks.amazonaws.com");
        statement(st, "Artifacts", new String[] {"s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"}, bucketArn(bucket) + "/*");
        statement(st, "ArtifactBucket", new String[] {"s3:GetBucketAcl", "s3:GetBucketLocation", "s3:GetBucketVersioning"},
                bucketArn(bucket));
        return PipelineResources.json(doc);
    }

    /** An empty policy document of the current language version. */
    private static ObjectNode document() {
        ObjectNode doc = PipelineResources.object();
        doc.put("Version", "2012-10-17");
        doc.putArray("Statement");
        return doc;
    }

    private static ObjectNode statement(ArrayNode statements, String sid, String[] actions, String... resources) {
        ObjectNode s = statements.addObject();
        s.put("Sid", sid);
        s.put("Effect", "Allow");
        ArrayNode a = s.putArray("Action");
        for (String action : actions) {
            a.add(action);
        }
        if (resources.length == 1) {
            s.put("Resource", resources[0]);
        } else {
            ArrayNode r = s.putArray("Resource");
            for (String resource : resources) {
                r.add(resource);
            }
        }
        return s;
    }
}
