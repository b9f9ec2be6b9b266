package dev.cairn.model.kinds;

import dev.cairn.model.AwsService;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceKind.Cost;
import dev.cairn.model.ResourceKind.Naming;
import dev.cairn.model.ResourceKind.Shape;
import java.util.List;

/** AWS CodeBuild: the project that builds the image and pushes it to ECR. Scan word {@code codebuild:project}. */
public final class CodeBuildKinds {

    /** Project names: 2–150 characters of letters, digits, {@code _} and {@code -}, beginning with a letter or digit. */
    public static final Naming PROJECT_NAME = new Naming(150, "a-zA-Z0-9_-", Naming.Scope.REGION);

    private CodeBuildKinds() {}

    /**
     * A build project driven by the pipeline (source and artifacts {@code CODEPIPELINE}, the
     * buildspec from the repository's {@code buildspec.yml}). props: {@code name} (replace); in
     * place: {@code image} ({@code aws/codebuild/amazonlinux2-x86_64-standard:5.0}),
     * {@code computeType} ({@code BUILD_GENERAL1_SMALL}, …), {@code privileged}
     * ({@code true}: Docker builds), {@code environment} (plain-text variables the buildspec
     * reads, {@code KEY=VALUE} joined by {@code ;} — never secrets), {@code timeoutMinutes}; refs:
     * {@code serviceRole} (an {@link IamKinds#ROLE}), {@code logGroup} (a {@link LogsKinds#LOG_GROUP}:
     * the builds' logs go there, not to a group CodeBuild would make), {@code repository} (the
     * {@link EcrKinds#REPOSITORY} it pushes to). Physical ID its name; attributes {@code arn}.
     * Cost: build minutes of the compute type ({@code usage.CODEBUILD_PROJECT.<region>}).
     */
    public static final ResourceKind PROJECT = ResourceKind.define("CODEBUILD_PROJECT").service(AwsService.CODEBUILD)
            .label("Build project").cloudFormation("AWS::CodeBuild::Project")
            .named(PROJECT_NAME, "codebuild:project")
            .replaceOn("name")
            .updateOn("image", "computeType", "privileged", "environment", "timeoutMinutes")
            .ref("serviceRole", IamKinds.ROLE)
            .ref("logGroup", LogsKinds.LOG_GROUP)
            .ref("repository", EcrKinds.REPOSITORY)
            .timeouts(Ec2Kinds.DEFAULT_CREATE, Ec2Kinds.DEFAULT_UPDATE, Ec2Kinds.DEFAULT_DELETE)
            // CodeBuild's first role may not be assumable yet: "CodeBuild is not authorized to perform: sts:AssumeRole".
            .retry("InvalidInputException", IamKinds.PROPAGATION_WINDOW)
            .cost(Cost.FREE.withUsage("build minutes", "build minute"))
            .shape(Shape.SERVICE)
            .icon("CB", "#0891b2")
            .console("https://{region}.console.aws.amazon.com/codesuite/codebuild/projects/{id}?region={region}")
            .build();

    public static final List<ResourceKind> ALL = List.of(PROJECT);
}
