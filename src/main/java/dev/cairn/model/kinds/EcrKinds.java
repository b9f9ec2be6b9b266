package dev.cairn.model.kinds;

import dev.cairn.model.AwsService;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceKind.Cost;
import dev.cairn.model.ResourceKind.Naming;
import dev.cairn.model.ResourceKind.Shape;
import java.time.Duration;
import java.util.List;

/** Amazon ECR: the repository the build pushes the service's image to. Scan word {@code ecr:repository}. */
public final class EcrKinds {

    /** Repository names: 2–256 characters, lower-case letters, digits and {@code ._/-}. */
    public static final Naming REPOSITORY_NAME = new Naming(256, "a-z0-9._/-", Naming.Scope.REGION);
    /** Deleting a repository with its images (force) may take a moment for a large one. */
    public static final Duration REPOSITORY_DELETE = Duration.ofMinutes(10);

    private EcrKinds() {}

    /**
     * A private repository. props: {@code name} (replace); in place: {@code scanOnPush}
     * ({@code true}/{@code false}), {@code tagMutability} ({@code MUTABLE} or {@code IMMUTABLE}),
     * {@code keepImages} (a lifecycle rule expiring all but the newest N images; empty for none).
     * Physical ID its name; attributes {@code arn}, {@code uri}
     * ({@code <account>.dkr.ecr.<region>.amazonaws.com/<name>}), {@code images} (how many it holds,
     * as last read). The delete removes its images with it ({@code force}), saying how many.
     */
    public static final ResourceKind REPOSITORY = ResourceKind.define("ECR_REPOSITORY").service(AwsService.ECR)
            .label("ECR repository").cloudFormation("AWS::ECR::Repository")
            .named(REPOSITORY_NAME, "ecr:repository")
            .replaceOn("name")
            .updateOn("scanOnPush", "tagMutability", "keepImages")
            .timeouts(Ec2Kinds.DEFAULT_CREATE, Ec2Kinds.DEFAULT_UPDATE, REPOSITORY_DELETE)
            .cost(Cost.FREE.withUsage("storage", "GB-month"))
            .shape(Shape.SERVICE)
            .icon("ECR", "#ea580c")
            .console("https://{region}.console.aws.amazon.com/ecr/private-registry/repositories?region={region}&search={id}")
            .build();

    public static final List<ResourceKind> ALL = List.of(REPOSITORY);
}
