package dev.cairn.aws;

import dev.cairn.aws.acm.CertificateHandler;
import dev.cairn.aws.acm.CertificateValidationHandler;
import dev.cairn.aws.autoscaling.AutoScalingGroupHandler;
import dev.cairn.aws.autoscaling.AutoScalingScanner;
import dev.cairn.aws.autoscaling.ScalingPolicyHandler;
import dev.cairn.aws.codebuild.ProjectHandler;
import dev.cairn.aws.codeconnections.ConnectionHandler;
import dev.cairn.aws.ec2.Ec2TagScanner;
import dev.cairn.aws.ec2.EipAssociationHandler;
import dev.cairn.aws.ec2.ElasticIpHandler;
import dev.cairn.aws.ec2.IgwAttachmentHandler;
import dev.cairn.aws.ec2.ImageHandler;
import dev.cairn.aws.ec2.InstanceHandler;
import dev.cairn.aws.ec2.InternetGatewayHandler;
import dev.cairn.aws.ec2.KeyPairHandler;
import dev.cairn.aws.ec2.LaunchTemplateHandler;
import dev.cairn.aws.ec2.NatGatewayHandler;
import dev.cairn.aws.ec2.RouteHandler;
import dev.cairn.aws.ec2.RouteTableAssociationHandler;
import dev.cairn.aws.ec2.RouteTableHandler;
import dev.cairn.aws.ec2.SecurityGroupHandler;
import dev.cairn.aws.ec2.SecurityGroupRuleHandler;
import dev.cairn.aws.ec2.SubnetHandler;
import dev.cairn.aws.ec2.VpcHandler;
import dev.cairn.aws.ec2.VpcPeeringAcceptanceHandler;
import dev.cairn.aws.ec2.VpcPeeringHandler;
import dev.cairn.aws.dynamodb.TableHandler;
import dev.cairn.aws.codedeploy.ApplicationHandler;
import dev.cairn.aws.codedeploy.DeploymentGroupHandler;
import dev.cairn.aws.codepipeline.PipelineHandler;
import dev.cairn.aws.ecs.CapacityProviderHandler;
import dev.cairn.aws.ecs.ClusterHandler;
import dev.cairn.aws.ecs.ServiceHandler;
import dev.cairn.aws.ecs.TaskDefinitionHandler;
import dev.cairn.aws.ecr.RepositoryHandler;
import dev.cairn.aws.elbv2.ListenerHandler;
import dev.cairn.aws.iam.IamScanner;
import dev.cairn.aws.iam.InstanceProfileHandler;
import dev.cairn.aws.iam.RoleHandler;
import dev.cairn.aws.logs.LogGroupHandler;
import dev.cairn.aws.elbv2.LoadBalancerHandler;
import dev.cairn.aws.elbv2.TargetGroupHandler;
import dev.cairn.aws.route53.DnsRecordHandler;
import dev.cairn.aws.route53.Route53OwnershipScanner;
import dev.cairn.aws.s3.BucketHandler;
import dev.cairn.aws.s3.BucketPolicyHandler;
import dev.cairn.aws.tagging.TaggingApiScanner;
import dev.cairn.engine.Found;
import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.OutcomeUnknownException;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.engine.ResourceHandler;
import dev.cairn.engine.RetryableException;
import dev.cairn.engine.TagScanner;
import dev.cairn.model.AwsService;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** The registry of handlers, one per {@link ResourceKind}, all sharing one {@link AwsClients}. */
public final class AwsHandlers {

    private AwsHandlers() {}

    /**
     * Every handler, keyed by kind. Each is wrapped so that an AWS error the handler does not
     * interpret reaches the engine as an {@link AwsCallException} carrying AWS's code and message;
     * {@link RetryableException}s pass through unchanged, and a {@code …NotFound} from a create
     * (a referenced resource not visible yet) becomes one.
     */
    public static Map<ResourceKind, ResourceHandler> forClients(AwsClients clients) {
        List<ResourceHandler> handlers = List.of(
                new VpcHandler(clients),
                new SubnetHandler(clients),
                new InternetGatewayHandler(clients),
                new IgwAttachmentHandler(clients),
                new RouteTableHandler(clients),
                new RouteHandler(clients),
                new RouteTableAssociationHandler(clients),
                new ElasticIpHandler(clients),
                new NatGatewayHandler(clients),
                new KeyPairHandler(clients),
                new SecurityGroupHandler(clients),
                new SecurityGroupRuleHandler(clients),
                new InstanceHandler(clients),
                new EipAssociationHandler(clients),
                new VpcPeeringHandler(clients),
                new VpcPeeringAcceptanceHandler(clients),
                new LoadBalancerHandler(clients),
                new TargetGroupHandler(clients),
                new ListenerHandler(clients),
                new AutoScalingGroupHandler(clients),
                new ScalingPolicyHandler(clients),
                new ImageHandler(clients),
                new LaunchTemplateHandler(clients),
                new CertificateHandler(clients),
                new CertificateValidationHandler(clients),
                new DnsRecordHandler(clients),
                new BucketHandler(clients),
                new BucketPolicyHandler(clients),
                new TableHandler(clients),
                new ClusterHandler(clients),
                new CapacityProviderHandler(clients),
                new TaskDefinitionHandler(clients),
                new ServiceHandler(clients),
                new ApplicationHandler(clients),
                new DeploymentGroupHandler(clients),
                new PipelineHandler(clients),
                new RoleHandler(clients),
                new InstanceProfileHandler(clients),
                new LogGroupHandler(clients),
                new RepositoryHandler(clients),
                new ProjectHandler(clients),
                new ConnectionHandler(clients));
        Map<ResourceKind, ResourceHandler> byKind = new LinkedHashMap<>();
        handlers.forEach(h -> {
            if (byKind.put(h.kind(), new AwsErrorTranslating(h)) != null) {
                throw new IllegalStateException("two handlers for " + h.kind());
            }
        });
        return Collections.unmodifiableMap(byKind);
    }

    /** The handler a registry entry wraps (for tests that check what each handler implements). */
    static ResourceHandler unwrap(ResourceHandler handler) {
        return handler instanceof AwsErrorTranslating t ? t.delegate : handler;
    }

    /**
     * The scanner that finds everything marked with a stack, in every service Cairn builds in:
     * one scanner per service, composed. A service's scanner joins here when its first kind does.
     */
    public static TagScanner scanner(AwsClients clients) {
        return TagScanner.compose(List.of(
                new Ec2TagScanner(clients),
                new TaggingApiScanner(clients, Set.of(AwsService.ELBV2, AwsService.ACM, AwsService.S3, AwsService.DYNAMODB,
                        AwsService.LOGS, AwsService.ECR, AwsService.CODEBUILD, AwsService.CODECONNECTIONS, AwsService.ECS,
                        AwsService.CODEDEPLOY, AwsService.CODEPIPELINE))
                        .check("elasticloadbalancing:loadbalancer", LoadBalancerHandler.liveCheck(clients))
                        .check("elasticloadbalancing:targetgroup", TargetGroupHandler.liveCheck(clients))
                        .check("acm:certificate", CertificateHandler.liveCheck(clients))
                        // State keeps a bucket and a table by name, the tagging API lists ARNs.
                        .check("s3:bucket", BucketHandler.liveCheck(clients))
                        .physicalId("s3:bucket", BucketHandler::nameOfArn)
                        .check("dynamodb:table", TableHandler.liveCheck(clients))
                        .physicalId("dynamodb:table", TableHandler::nameOfArn)
                        .check("logs:log-group", LogGroupHandler.liveCheck(clients))
                        .physicalId("logs:log-group", LogGroupHandler::nameOfArn)
                        .check("ecr:repository", RepositoryHandler.liveCheck(clients))
                        .physicalId("ecr:repository", RepositoryHandler::nameOfArn)
                        .check("codebuild:project", ProjectHandler.liveCheck(clients))
                        .physicalId("codebuild:project", ProjectHandler::nameOfArn)
                        // A connection's physical ID is its ARN, as listed.
                        .check("codeconnections:connection", ConnectionHandler.liveCheck(clients))
                        // The Pipeline step's ECS, CodeDeploy and CodePipeline kinds keep their names (a
                        // service its ARN; a deployment group <application>/<group>; a task definition its family).
                        .physicalId("ecs:cluster", TaggingApiScanner::nameOf)
                        .physicalId("ecs:capacity-provider", TaggingApiScanner::nameOf)
                        .physicalId("ecs:task-definition", TaggingApiScanner::familyOf)
                        .physicalId("codedeploy:application", TaggingApiScanner::nameOf)
                        .physicalId("codedeploy:deploymentgroup", TaggingApiScanner::nameOf)
                        .physicalId("codepipeline:pipeline", TaggingApiScanner::nameOf),
                new AutoScalingScanner(clients),
                new Route53OwnershipScanner(clients),
                // The tagging API does not list IAM: roles and profiles are found under the stack's path.
                new IamScanner(clients)));
    }

    /** Decorator that turns raw SDK service exceptions into {@link AwsCallException}. */
    private static final class AwsErrorTranslating implements ResourceHandler {
        private final ResourceHandler delegate;

        AwsErrorTranslating(ResourceHandler delegate) {
            this.delegate = delegate;
        }

        @Override
        public ResourceKind kind() {
            return delegate.kind();
        }

        @Override
        public Found find(HandlerContext ctx, ResolvedSpec spec) {
            return translate(() -> delegate.find(ctx, spec));
        }

        @Override
        public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
            try {
                return translate(() -> delegate.create(ctx, spec, clientToken));
            } catch (AwsCallException e) {
                // A resource created moments ago (the VPC a subnet goes into) may not be visible
                // to the next call yet. The failed create made nothing, so retrying it is safe.
                if (e.awsCode().endsWith("NotFound")) {
                    throw new RetryableException(e.awsCode(),
                            "waiting for a resource " + spec.address() + " needs to become visible (eventual consistency): "
                                    + e.getMessage(), e);
                }
                throw e;
            }
        }

        @Override
        public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
            return translate(() -> delegate.awaitReady(ctx, spec, resource));
        }

        @Override
        public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
            return translate(() -> delegate.read(ctx, record));
        }

        @Override
        public Poll update(HandlerContext ctx, ResolvedSpec spec, ResourceRecord current, Set<String> changed) {
            return translate(() -> delegate.update(ctx, spec, current, changed));
        }

        @Override
        public Poll delete(HandlerContext ctx, ResourceRecord record) {
            return translate(() -> delegate.delete(ctx, record));
        }

        @Override
        public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
            return translate(() -> delegate.awaitGone(ctx, record));
        }

        private static <T> T translate(Supplier<T> call) {
            try {
                return call.get();
            } catch (AwsServiceException e) {
                if (e.statusCode() >= 500) {
                    // The service failed after it got the call: whether it acted is unknown.
                    AwsCallException answer = new AwsCallException(e);
                    throw new OutcomeUnknownException("AWS answered " + e.statusCode() + ": " + answer.getMessage(), answer);
                }
                throw new AwsCallException(e);
            } catch (SdkClientException e) {
                // A timeout or a lost connection: the call may have reached AWS and taken effect.
                throw new OutcomeUnknownException("no answer from AWS: " + e.getMessage(), e);
            }
        }

        @Override
        public String toString() {
            return delegate.getClass().getSimpleName();
        }
    }
}
