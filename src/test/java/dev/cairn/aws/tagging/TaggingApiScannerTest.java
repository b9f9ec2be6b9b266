package dev.cairn.aws.tagging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.aws.AwsHandlers;
import dev.cairn.aws.elbv2.WebFixture;
import dev.cairn.engine.TagScanner;
import dev.cairn.engine.TagScanner.TaggedResource;
import dev.cairn.model.AwsService;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.kinds.Elbv2Kinds;
import dev.cairn.testing.AwsBackend;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Resource Groups Tagging API scan, on each backend, and its ARN bookkeeping. */
class TaggingApiScannerTest {

    private static final String REGION = "us-east-1";

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cairn.testing.Backends#all")
    void scan_findsTheStacksLoadBalancerAndTargetGroupWithTheirKinds_andNothingOnceTheyAreGone(AwsBackend backend) throws Exception {
        assumeTrue(backend.serves("elasticloadbalancing"), backend + " does not serve Elastic Load Balancing (v2)");
        try (WebFixture f = WebFixture.on(backend, REGION)) {
            f.network();
            ResourceRecord lb = f.apply(f.loadBalancerSpec(f.stack + "-alb"));
            ResourceRecord tg = f.apply(f.targetGroupSpec(f.stack + "-tg", Map.of()));
            TagScanner scanner = AwsHandlers.scanner(f.clients);
            // Another stack's load balancer is not this stack's.
            f.clients.elbv2(REGION).createLoadBalancer(r -> r.name("other-alb")
                    .subnets(f.subnets.get("public-a"), f.subnets.get("public-b"))
                    .tags(t -> t.key("cairn:stack").value("other")));

            assertThat(scanner.scan(f.stack, Set.of(REGION)))
                    .filteredOn(r -> r.resourceType().startsWith("elasticloadbalancing:"))
                    .containsExactlyInAnyOrder(
                            new TaggedResource(REGION, "elasticloadbalancing:loadbalancer", Elbv2Kinds.LOAD_BALANCER,
                                    lb.physicalId(), "web.load-balancer", "active"),
                            new TaggedResource(REGION, "elasticloadbalancing:targetgroup", Elbv2Kinds.TARGET_GROUP,
                                    tg.physicalId(), "web.target-group", ""));

            f.destroy(tg);
            f.destroy(lb);

            assertThat(scanner.scan(f.stack, Set.of(REGION))).filteredOn(r -> r.resourceType().startsWith("elasticloadbalancing:"))
                    .isEmpty();
        }
    }

    /** What the tagging API still lists a moment after a delete is dropped when the service says it is gone. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cairn.testing.Backends#all")
    void scan_whenTheCheckSaysGone_dropsWhatTheTaggingApiStillLists(AwsBackend backend) throws Exception {
        assumeTrue(backend.serves("elasticloadbalancing"), backend + " does not serve Elastic Load Balancing (v2)");
        try (WebFixture f = WebFixture.on(backend, REGION)) {
            f.network();
            f.apply(f.targetGroupSpec(f.stack + "-tg", Map.of()));
            TaggingApiScanner plain = new TaggingApiScanner(f.clients, Set.of(AwsService.ELBV2));

            assertThat(plain.scan(f.stack, Set.of(REGION))).hasSize(1);
            assertThat(plain.check("elasticloadbalancing:targetgroup", (region, arn) -> Optional.empty())
                    .scan(f.stack, Set.of(REGION))).isEmpty();
            assertThat(plain.check("elasticloadbalancing:targetgroup", (region, arn) -> Optional.of("seen"))
                    .scan(f.stack, Set.of(REGION))).extracting(TaggedResource::awsState).containsExactly("seen");
        }
    }

    @Test
    void resourceTypes_areTheScanWordsOfTheServicesKinds() {
        try (var clients = dev.cairn.aws.AwsClients.sandbox(java.net.URI.create("http://127.0.0.1:9"))) {
            assertThat(new TaggingApiScanner(clients, Set.of(AwsService.ELBV2, AwsService.ACM)).resourceTypes())
                    .containsExactly("acm:certificate", "elasticloadbalancing:loadbalancer", "elasticloadbalancing:targetgroup");
            assertThatThrownBy(() -> new TaggingApiScanner(clients, Set.of(AwsService.ELBV2)).check("acm:certificate", (r, a) -> Optional.empty()))
                    .hasMessageContaining("acm:certificate");
        }
    }

    @Test
    void typeWord_isTheArnsServiceAndTheFirstWordOfItsResource() {
        assertThat(TaggingApiScanner.typeWord("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188"))
                .isEqualTo("elasticloadbalancing:loadbalancer");
        assertThat(TaggingApiScanner.typeWord("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/73e2d6bc24d8a067"))
                .isEqualTo("elasticloadbalancing:targetgroup");
        assertThat(TaggingApiScanner.typeWord("arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012"))
                .isEqualTo("acm:certificate");
        assertThat(TaggingApiScanner.typeWord("arn:aws-cn:sns:cn-north-1:123456789012:topic-name")).isEqualTo("sns:topic-name");
    }

    @Test
    void typeWord_ofStorageArns_isTheKindsScanWord() {
        // A bucket's ARN has no region, account or type: the word is the kind's all the same.
        assertThat(TaggingApiScanner.typeWord("arn:aws:s3:::my-bucket.example")).isEqualTo("s3:bucket");
        assertThat(TaggingApiScanner.typeWord("arn:aws:dynamodb:ap-northeast-2:123456789012:table/items")).isEqualTo("dynamodb:table");
        assertThat(dev.cairn.aws.s3.BucketHandler.nameOfArn("arn:aws:s3:::my-bucket.example")).isEqualTo("my-bucket.example");
        assertThat(dev.cairn.aws.dynamodb.TableHandler.nameOfArn("arn:aws:dynamodb:ap-northeast-2:123456789012:table/items"))
                .isEqualTo("items");
        try (var clients = dev.cairn.aws.AwsClients.sandbox(java.net.URI.create("http://127.0.0.1:9"))) {
            assertThat(new TaggingApiScanner(clients, Set.of(AwsService.S3, AwsService.DYNAMODB)).resourceTypes())
                    .containsExactly("dynamodb:table", "s3:bucket");
        }
    }

    @Test
    void typeWordAndName_ofThePipelineStepsArns_areTheKindsScanWordsAndTheIdsStateKeeps() {
        Map<String, String[]> arns = new java.util.LinkedHashMap<>();
        arns.put("arn:aws:logs:ap-northeast-2:123456789012:log-group:/cairn/web/build", new String[] {"logs:log-group", "/cairn/web/build"});
        arns.put("arn:aws:ecr:ap-northeast-2:123456789012:repository/frontend", new String[] {"ecr:repository", "frontend"});
        arns.put("arn:aws:codebuild:ap-northeast-2:123456789012:project/web-build", new String[] {"codebuild:project", "web-build"});
        arns.put("arn:aws:codeconnections:ap-northeast-2:123456789012:connection/0f1e2d3c-aaaa-bbbb-cccc-000000000000",
                new String[] {"codeconnections:connection", "0f1e2d3c-aaaa-bbbb-cccc-000000000000"});
        arns.put("arn:aws:ecs:ap-northeast-2:123456789012:cluster/web", new String[] {"ecs:cluster", "web"});
        arns.put("arn:aws:ecs:ap-northeast-2:123456789012:capacity-provider/web-ec2", new String[] {"ecs:capacity-provider", "web-ec2"});
        arns.put("arn:aws:ecs:ap-northeast-2:123456789012:service/web/frontend", new String[] {"ecs:service", "web/frontend"});
        arns.put("arn:aws:ecs:ap-northeast-2:123456789012:task-definition/web-frontend:3",
                new String[] {"ecs:task-definition", "web-frontend:3"});
        arns.put("arn:aws:codedeploy:ap-northeast-2:123456789012:application:web-app", new String[] {"codedeploy:application", "web-app"});
        arns.put("arn:aws:codedeploy:ap-northeast-2:123456789012:deploymentgroup:web-app/web-bluegreen",
                new String[] {"codedeploy:deploymentgroup", "web-app/web-bluegreen"});
        // A pipeline's ARN names no type.
        arns.put("arn:aws:codepipeline:ap-northeast-2:123456789012:web-pipeline", new String[] {"codepipeline:pipeline", "web-pipeline"});
        arns.put("arn:aws:codepipeline:ap-northeast-2:123456789012:webhook:web-hook", new String[] {"codepipeline:webhook", "web-hook"});
        arns.forEach((arn, expected) -> {
            assertThat(TaggingApiScanner.typeWord(arn)).as(arn).isEqualTo(expected[0]);
            assertThat(TaggingApiScanner.nameOf(arn)).as(arn).isEqualTo(expected[1]);
        });
        assertThat(TaggingApiScanner.familyOf("arn:aws:ecs:ap-northeast-2:123456789012:task-definition/web-frontend:3"))
                .isEqualTo("web-frontend");
        assertThat(dev.cairn.aws.logs.LogGroupHandler.nameOfArn("arn:aws:logs:ap-northeast-2:123456789012:log-group:/cairn/web/build:*"))
                .isEqualTo("/cairn/web/build");
        try (var clients = dev.cairn.aws.AwsClients.sandbox(java.net.URI.create("http://127.0.0.1:9"))) {
            assertThat(new TaggingApiScanner(clients, Set.of(AwsService.LOGS, AwsService.ECR, AwsService.CODEBUILD,
                    AwsService.CODECONNECTIONS, AwsService.ECS, AwsService.CODEDEPLOY, AwsService.CODEPIPELINE)).resourceTypes())
                    .containsExactly("codebuild:project", "codeconnections:connection", "codedeploy:application",
                            "codedeploy:deploymentgroup", "codepipeline:pipeline", "ecr:repository", "ecs:capacity-provider",
                            "ecs:cluster", "ecs:service", "ecs:task-definition", "logs:log-group");
        }
    }
}
