package dev.cairn.app;

import dev.cairn.model.Address;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.StackState;
import dev.cairn.step.storage.BucketNames;
import dev.cairn.step.storage.StorageResources;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * How the Storage step stands now, for {@code cairn status} and the GUI: the bucket's URL and
 * contents (counted live), the table's status, the team's state bucket. The state gives the
 * names; the calls give what changes without Cairn (objects put by the user).
 *
 * @param bucket the data bucket, once the state records it
 * @param table the table, once the state records it
 * @param stateBucket the team's state bucket's name, once the state records it
 */
public record StorageStatus(Optional<Bucket> bucket, Optional<Table> table, Optional<String> stateBucket) {

    /**
     * @param name the bucket's name
     * @param url in AWS {@code https://NAME.s3.REGION.amazonaws.com}; at an endpoint (the Sandbox,
     *     moto) its path-style URL {@code ENDPOINT/NAME}
     * @param contents objects and versions, when they could be counted
     * @param objectUrlPattern with public read, where anyone reads an object: {@code URL/KEY}
     */
    public record Bucket(String name, String url, Optional<DataAtRisk.Counts> contents, Optional<String> objectUrlPattern) {}

    /**
     * @param name the table's name
     * @param status DynamoDB's {@code TableStatus} ({@code ACTIVE}, {@code UPDATING}, …)
     * @param items DynamoDB's {@code ItemCount}: free to read, but AWS refreshes it only about
     *     every six hours, so it is an approximation
     */
    public record Table(String name, String status, Optional<Long> items) {}

    public static final StorageStatus NONE = new StorageStatus(Optional.empty(), Optional.empty(), Optional.empty());

    /** Whether the state holds a bucket or a table to ask about. */
    public static boolean built(StackState state) {
        return ready(state, StorageResources.BUCKET).isPresent() || ready(state, StorageResources.TABLE).isPresent()
                || ready(state, StorageResources.STATE_BUCKET).isPresent();
    }

    /** Reads the Storage step as {@code state} records it, through {@code target}, counting with {@code counter}. */
    public static StorageStatus read(Target target, StackState state, DataAtRisk.BucketCounter counter) {
        Optional<Bucket> bucket = ready(state, StorageResources.BUCKET).map(r -> {
            String region = r.spec().region();
            String url = url(target, r.physicalId(), region);
            boolean publicRead = "false".equals(r.spec().property("blockPublicPolicy"));
            return new Bucket(r.physicalId(), url, counter.count(r.physicalId(), region),
                    publicRead ? Optional.of(url + "/KEY") : Optional.empty());
        });
        Optional<Table> table = ready(state, StorageResources.TABLE).map(r -> {
            try {
                TableDescription d = target.clients().dynamoDb(r.spec().region())
                        .describeTable(b -> b.tableName(r.physicalId())).table();
                return new Table(r.physicalId(), d.tableStatusAsString(), Optional.ofNullable(d.itemCount()));
            } catch (SdkException e) {
                // Gone behind Cairn's back, or unreachable: the status says so instead of failing.
                return new Table(r.physicalId(), "UNKNOWN (" + e.getMessage() + ")", Optional.empty());
            }
        });
        Optional<String> stateBucket = ready(state, StorageResources.STATE_BUCKET).map(ResourceRecord::physicalId);
        return new StorageStatus(bucket, table, stateBucket);
    }

    /**
     * A bucket's URL as a person or a tool reaches it: virtual-hosted in AWS, path-style at a
     * local endpoint (a bucket name is no host name there).
     */
    public static String url(Target target, String bucket, String region) {
        if (target.kind() == Target.Kind.AWS) {
            return BucketNames.awsUrl(bucket, region);
        }
        String endpoint = target.endpointUrl().map(Object::toString).orElse("");
        return (endpoint.endsWith("/") ? endpoint : endpoint + "/") + bucket;
    }

    /** The command that moves {@code stack}'s journal and state into the team's state bucket. */
    public static String migrateCommand(String stack, String stateBucket) {
        return "cairn state migrate --stack " + stack + " --to s3://" + stateBucket + "/cairn";
    }

    private static Optional<ResourceRecord> ready(StackState state, Address address) {
        return state.get(address).filter(r -> r.status() == ItemStatus.READY && r.physicalId() != null);
    }
}
