package dev.cairn.model.kinds;

import dev.cairn.model.AwsService;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceKind.Cost;
import dev.cairn.model.ResourceKind.Naming;
import dev.cairn.model.ResourceKind.Shape;
import java.util.List;

/**
 * AWS CodeConnections: the pipeline's link to GitHub. Scan word {@code codeconnections:connection}.
 */
public final class CodeConnectionsKinds {

    /** Connection names: 1–32 characters (Cairn keeps to letters, digits and hyphens). */
    public static final Naming CONNECTION_NAME = new Naming(32, "a-zA-Z0-9-", Naming.Scope.REGION);

    private CodeConnectionsKinds() {}

    /**
     * A connection to a provider. props: {@code name}, {@code providerType} ({@code GitHub}) — both
     * replace. Physical ID its ARN ({@code arn:aws:codeconnections:<region>:<account>:connection/<uuid>});
     * attributes {@code name}, {@code status} ({@code PENDING}, {@code AVAILABLE}, {@code ERROR}),
     * {@code consoleUrl} (where a person completes the handshake). Ready as soon as it exists,
     * even {@code PENDING}: only a person in the console can make it {@code AVAILABLE} (no API
     * can), so the apply goes on and the pipeline's first run waits for it. Found by name
     * ({@code ListConnections}), ownership by its tags.
     */
    public static final ResourceKind CONNECTION = ResourceKind.define("CODECONNECTIONS_CONNECTION")
            .service(AwsService.CODECONNECTIONS)
            .label("GitHub connection").cloudFormation("AWS::CodeConnections::Connection")
            .named(CONNECTION_NAME, "codeconnections:connection")
            .replaceOn("name", "providerType")
            .timeouts(Ec2Kinds.DEFAULT_CREATE, Ec2Kinds.DEFAULT_UPDATE, Ec2Kinds.DEFAULT_DELETE)
            .cost(Cost.FREE)
            .shape(Shape.SERVICE)
            .icon("GH", "#111827")
            .console("https://{region}.console.aws.amazon.com/codesuite/settings/connections?region={region}&connection={idTail}")
            .build();

    public static final List<ResourceKind> ALL = List.of(CONNECTION);
}
