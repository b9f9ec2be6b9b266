package dev.cairn.model.kinds;

import dev.cairn.model.AwsService;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceKind.Cost;
import dev.cairn.model.ResourceKind.Naming;
import dev.cairn.model.ResourceKind.Shape;
import java.util.List;

/**
 * CloudWatch Logs: the log groups the build and the tasks write to. Created by Cairn, with a
 * retention, rather than left to the services (which would create them without one and leave them
 * behind after a teardown). Scan word {@code logs:log-group} (Resource Groups Tagging API).
 */
public final class LogsKinds {

    /** Log group names: 512 characters of letters, digits and {@code _-/.#}. */
    public static final Naming GROUP_NAME = new Naming(512, "a-zA-Z0-9_./#-", Naming.Scope.REGION);

    private LogsKinds() {}

    /**
     * A log group. props: {@code name} (replace, such as {@code /cairn/<stack>/build}); in place:
     * {@code retentionDays} (one of the values Logs accepts: 1, 3, 5, 7, 14, 30, …). Physical ID
     * its name; attributes {@code arn} (without the trailing {@code :*}). The delete takes its
     * streams and events with it.
     */
    public static final ResourceKind LOG_GROUP = ResourceKind.define("LOG_GROUP").service(AwsService.LOGS)
            .label("Log group").cloudFormation("AWS::Logs::LogGroup")
            .named(GROUP_NAME, "logs:log-group")
            .replaceOn("name")
            .updateOn("retentionDays")
            .timeouts(Ec2Kinds.DEFAULT_CREATE, Ec2Kinds.DEFAULT_UPDATE, Ec2Kinds.DEFAULT_DELETE)
            .cost(Cost.FREE.withUsage("ingestion", "GB ingested").withUsage("storage", "GB-month"))
            .shape(Shape.SERVICE)
            .icon("LOG", "#ca8a04")
            .console("https://{region}.console.aws.amazon.com/cloudwatch/home?region={region}#logsV2:log-groups/log-group/{id}")
            .build();

    public static final List<ResourceKind> ALL = List.of(LOG_GROUP);
}
