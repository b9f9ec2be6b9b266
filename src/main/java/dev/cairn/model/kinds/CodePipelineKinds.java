package dev.cairn.model.kinds;

import dev.cairn.model.AwsService;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceKind.Cost;
import dev.cairn.model.ResourceKind.Naming;
import dev.cairn.model.ResourceKind.Shape;
import java.util.List;

/** AWS CodePipeline: the V2 pipeline Source → Build → Deploy. Scan word {@code codepipeline:pipeline}. */
public final class CodePipelineKinds {

    /** Pipeline names: 1–100 characters of letters, digits, {@code .@_-}. */
    public static final Naming NAME = new Naming(100, "a-zA-Z0-9.@_-", Naming.Scope.REGION);

    private CodePipelineKinds() {}

    /**
     * A V2 pipeline (trigger: a push to {@code branch}). Its stages: {@code Source}
     * (CodeStarSourceConnection: {@code repository} {@code owner/name}, {@code branch}, through the
     * connection), {@code Build} (the CodeBuild project; output {@code BuildArtifact} holding
     * {@code imageDetail.json}), {@code Deploy} (CodeDeployToECS: {@code taskdef.json} and
     * {@code appspec.yaml} from the source, {@code <IMAGE1_NAME>} from the build's
     * {@code imageDetail.json}). props: {@code name} (replace); in place: {@code repository},
     * {@code branch}, {@code executionMode} ({@code QUEUED}). refs: {@code role} (an
     * {@link IamKinds#ROLE}), {@code connection}, {@code buildProject}, {@code application},
     * {@code deploymentGroup}, {@code artifactBucket} (an {@link S3Kinds#BUCKET} with role
     * {@code artifacts}). Physical ID its name; attributes {@code arn}, {@code version},
     * {@code lastExecution} ({@code <id>:<status>}, empty before the first).
     * Cost: a V2 pipeline bills action minutes ({@code usage.CODEPIPELINE_PIPELINE.<region>}).
     */
    public static final ResourceKind PIPELINE = ResourceKind.define("CODEPIPELINE_PIPELINE").service(AwsService.CODEPIPELINE)
            .label("Pipeline").cloudFormation("AWS::CodePipeline::Pipeline")
            .named(NAME, "codepipeline:pipeline")
            .replaceOn("name")
            .updateOn("repository", "branch", "executionMode")
            .ref("role", IamKinds.ROLE)
            .ref("connection", CodeConnectionsKinds.CONNECTION)
            .ref("buildProject", CodeBuildKinds.PROJECT)
            .ref("application", CodeDeployKinds.APPLICATION)
            .ref("deploymentGroup", CodeDeployKinds.DEPLOYMENT_GROUP)
            .ref("artifactBucket", S3Kinds.BUCKET)
            .timeouts(Ec2Kinds.DEFAULT_CREATE, Ec2Kinds.DEFAULT_UPDATE, Ec2Kinds.DEFAULT_DELETE)
            // "CodePipeline is not authorized to perform AssumeRole on role …" while a new role propagates.
            .retry("InvalidStructureException", IamKinds.PROPAGATION_WINDOW)
            .cost(Cost.FREE.withUsage("action execution minutes", "action minute"))
            // Its own lane outside the VPC: the pipeline with its connection, build and deploy beside it.
            .shape(Shape.LANE)
            .icon("CP", "#9333ea")
            .console("https://{region}.console.aws.amazon.com/codesuite/codepipeline/pipelines/{id}/view?region={region}")
            .build();

    public static final List<ResourceKind> ALL = List.of(PIPELINE);
}
