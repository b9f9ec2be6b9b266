package dev.cairn.model.kinds;

import dev.cairn.model.AwsService;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceKind.Cost;
import dev.cairn.model.ResourceKind.Naming;
import dev.cairn.model.ResourceKind.Shape;
import java.time.Duration;
import java.util.List;

/** The Storage step's Amazon DynamoDB table, named by Cairn and found by name (ownership by tags). */
public final class DynamoDbKinds {

    /** An on-demand table is {@code ACTIVE} within seconds to a minute. */
    public static final Duration TABLE_CREATE = Duration.ofMinutes(10);
    /** A table is {@code DELETING} for seconds to minutes before DescribeTable says it is gone. */
    public static final Duration TABLE_DELETE = Duration.ofMinutes(10);
    /** Table names: 3–255 characters, letters, digits, {@code _ - .}. */
    public static final Naming TABLE_NAME = new Naming(255, "a-zA-Z0-9_.-", Naming.Scope.REGION);
    /** A table that is still {@code CREATING} or {@code UPDATING} refuses changes with {@code ResourceInUseException}. */
    public static final Duration IN_USE_WINDOW = Duration.ofMinutes(10);

    private DynamoDbKinds() {}

    /**
     * An on-demand table. props: {@code name}, {@code partitionKeyName}, {@code partitionKeyType}
     * ({@code S}, {@code N} or {@code B}), {@code sortKeyName} and {@code sortKeyType} (empty for
     * none) — all replace, and a replacement loses the table's items — and {@code billingMode}
     * ({@code PAY_PER_REQUEST}); in place: {@code pointInTimeRecovery} and
     * {@code deletionProtection} ({@code true}/{@code false}). Physical ID the table's name;
     * attributes {@code arn}, {@code status}. Ready when {@code ACTIVE}; gone when DescribeTable
     * answers {@code ResourceNotFoundException}.
     */
    /**
     * An on-demand table's typical {@code CREATING → ACTIVE} in AWS: about 5–20 seconds without
     * indexes (the first ready poll waits the low end, scaled by the target), and a small table's
     * delete a few seconds.
     */
    public static final Duration TABLE_TYPICAL_READY = Duration.ofSeconds(5);
    public static final Duration TABLE_TYPICAL_GONE = Duration.ofSeconds(3);

    public static final ResourceKind TABLE = ResourceKind.define("DYNAMODB_TABLE").service(AwsService.DYNAMODB)
            .label("DynamoDB table").cloudFormation("AWS::DynamoDB::Table")
            .named(TABLE_NAME, "dynamodb:table")
            .replaceOn("name", "partitionKeyName", "partitionKeyType", "sortKeyName", "sortKeyType", "billingMode")
            .updateOn("pointInTimeRecovery", "deletionProtection")
            .timeouts(TABLE_CREATE, Ec2Kinds.DEFAULT_UPDATE, TABLE_DELETE)
            .typical(TABLE_TYPICAL_READY, TABLE_TYPICAL_GONE)
            .retry("ResourceInUseException", IN_USE_WINDOW)
            // On demand: writes and reads priced apart (a write unit costs five read units), and storage.
            .cost(Cost.FREE.withUsage("on-demand writes", "million write request units")
                    .withUsage("on-demand reads", "million read request units")
                    .withUsage("storage", "GB-month"))
            .shape(Shape.SERVICE)
            .icon("DDB", "#2563eb")
            .console("https://{region}.console.aws.amazon.com/dynamodbv2/home?region={region}#table?name={id}")
            .build();

    public static final List<ResourceKind> ALL = List.of(TABLE);
}
