package dev.cairn.sandbox;

import dev.cairn.sandbox.acm.AcmService;
import dev.cairn.sandbox.autoscaling.AutoScalingService;
import dev.cairn.sandbox.codebuild.CodeBuildService;
import dev.cairn.sandbox.codeconnections.CodeConnectionsService;
import dev.cairn.sandbox.codedeploy.CodeDeployService;
import dev.cairn.sandbox.codepipeline.CodePipelineService;
import dev.cairn.sandbox.core.ServiceDefinition;
import dev.cairn.sandbox.dynamodb.DynamoDbService;
import dev.cairn.sandbox.ec2.Ec2Service;
import dev.cairn.sandbox.ec2.Ec2Settings;
import dev.cairn.sandbox.ecr.EcrService;
import dev.cairn.sandbox.ecs.EcsService;
import dev.cairn.sandbox.elbv2.Elbv2Service;
import dev.cairn.sandbox.git.GitRepositories;
import dev.cairn.sandbox.iam.IamService;
import dev.cairn.sandbox.logs.LogsService;
import dev.cairn.sandbox.route53.Route53Service;
import dev.cairn.sandbox.s3.S3Service;
import dev.cairn.sandbox.ssm.SsmService;
import dev.cairn.sandbox.sts.StsService;
import dev.cairn.sandbox.tagging.TaggingService;
import java.util.List;

/**
 * The services the Sandbox serves: one line per service package. The order is the order of the
 * control API's resource list.
 */
final class Services {
    private Services() {
    }

    static List<ServiceDefinition> standard(SandboxConfig config) {
        return List.of(
                Ec2Service.definition(new Ec2Settings(config.vpcQuota(), config.eniLinger())),
                Elbv2Service.definition(),
                StsService.definition(),
                SsmService.definition(),
                TaggingService.definition(),
                AutoScalingService.definition(),
                AcmService.definition(),
                Route53Service.definition(),
                S3Service.definition(),
                DynamoDbService.definition(),
                IamService.definition(),
                LogsService.definition(),
                CodeConnectionsService.definition(),
                CodeConnectionsService.codestarDefinition(),
                EcrService.definition(),
                EcsService.definition(),
                CodeBuildService.definition(),
                CodeDeployService.definition(),
                // After every service whose work its executions follow: their settlers run first.
                CodePipelineService.definition(GitRepositories.under(config.dataDir())));
    }
}
