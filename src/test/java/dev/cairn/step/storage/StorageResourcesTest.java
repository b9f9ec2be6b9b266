package dev.cairn.step.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.model.Blueprint;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.kinds.DynamoDbKinds;
import dev.cairn.model.kinds.S3Kinds;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.BlueprintYaml;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Storage step's resources: the props and refs each kind's javadoc names, for the example and its variants. */
class StorageResourcesTest {

    private static final String ACCOUNT = "123456789012";
    private static final String NAME = "demo-123456789012-ap-northeast-2";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<ResourceSpec> specs(StorageSection storage) {
        Blueprint bp = BlueprintYaml.withDefaults(BlueprintExample.guide().with(StorageSection.KEY, storage));
        return StorageStep.MODULE.resources(BucketNames.resolve(bp, ACCOUNT));
    }

    private static ResourceSpec at(List<ResourceSpec> specs, dev.cairn.model.Address address) {
        return specs.stream().filter(s -> s.address().equals(address)).findFirst().orElseThrow();
    }

    @Test
    void specs_whenGuide_planTheLockedDownBucketItsPolicyAndTheTable() {
        List<ResourceSpec> specs = specs(BlueprintExample.storage());
        assertThat(specs).extracting(ResourceSpec::address).containsExactly(StorageResources.BUCKET,
                StorageResources.BUCKET_POLICY, StorageResources.TABLE);
        ResourceSpec bucket = at(specs, StorageResources.BUCKET);
        assertThat(bucket.kind()).isEqualTo(S3Kinds.BUCKET);
        assertThat(bucket.region()).isEqualTo("ap-northeast-2");
        assertThat(bucket.properties()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("name", NAME), Map.entry("versioning", "Enabled"), Map.entry("encryption", "AES256"),
                Map.entry("objectOwnership", "BucketOwnerEnforced"), Map.entry("blockPublicAcls", "true"),
                Map.entry("ignorePublicAcls", "true"), Map.entry("blockPublicPolicy", "true"),
                Map.entry("restrictPublicBuckets", "true"), Map.entry("noncurrentExpirationDays", "30"),
                Map.entry("role", "data")));
        // Every prop is one the kind knows, so a change is planned as its kind says (in place or replace).
        bucket.properties().keySet().forEach(p -> assertThat(S3Kinds.BUCKET.property(p)).as(p).isNotNull());

        ResourceSpec policy = at(specs, StorageResources.BUCKET_POLICY);
        assertThat(policy.kind()).isEqualTo(S3Kinds.BUCKET_POLICY);
        assertThat(policy.refs()).containsExactly(Map.entry("bucket", StorageResources.BUCKET));
        assertThat(policy.properties()).containsOnlyKeys("policy");

        ResourceSpec table = at(specs, StorageResources.TABLE);
        assertThat(table.kind()).isEqualTo(DynamoDbKinds.TABLE);
        assertThat(table.properties()).containsExactlyInAnyOrderEntriesOf(Map.of("name", "demo-table",
                "partitionKeyName", "id", "partitionKeyType", "S", "sortKeyName", "", "sortKeyType", "",
                "billingMode", "PAY_PER_REQUEST", "pointInTimeRecovery", "true", "deletionProtection", "false"));
        table.properties().keySet().forEach(p -> assertThat(DynamoDbKinds.TABLE.property(p)).as(p).isNotNull());
    }

    @Test
    void policy_always_deniesEveryRequestWithoutTls() throws Exception {
        JsonNode doc = JSON.readTree(at(specs(BlueprintExample.storage()), StorageResources.BUCKET_POLICY).property("policy"));
        assertThat(doc.path("Version").asText()).isEqualTo("2012-10-17");
        assertThat(doc.path("Statement")).hasSize(1);
        JsonNode deny = doc.path("Statement").get(0);
        assertThat(deny.path("Effect").asText()).isEqualTo("Deny");
        assertThat(deny.path("Principal").asText()).isEqualTo("*");
        assertThat(deny.path("Action").asText()).isEqualTo("s3:*");
        assertThat(deny.path("Resource").toString()).contains("arn:aws:s3:::" + NAME + "\"", "arn:aws:s3:::" + NAME + "/*");
        assertThat(deny.path("Condition").path("Bool").path("aws:SecureTransport").asText()).isEqualTo("false");
    }

    @Test
    void specs_whenPublicRead_allowGetObjectToEveryoneAndTurnOffOnlyThePolicyBlocks() throws Exception {
        StorageSection s = BlueprintExample.storage();
        List<ResourceSpec> specs = specs(s.withBucket(new StorageSection.Bucket("auto", true, true, null)));
        ResourceSpec bucket = at(specs, StorageResources.BUCKET);
        assertThat(bucket.properties()).containsEntry("blockPublicPolicy", "false").containsEntry("restrictPublicBuckets", "false")
                .containsEntry("blockPublicAcls", "true").containsEntry("ignorePublicAcls", "true")
                .containsEntry("noncurrentExpirationDays", "");
        JsonNode statements = JSON.readTree(at(specs, StorageResources.BUCKET_POLICY).property("policy")).path("Statement");
        assertThat(statements).hasSize(2);
        JsonNode read = statements.get(1);
        assertThat(read.path("Effect").asText()).isEqualTo("Allow");
        assertThat(read.path("Principal").asText()).isEqualTo("*");
        assertThat(read.path("Action").asText()).isEqualTo("s3:GetObject");
        assertThat(read.path("Resource").asText()).isEqualTo("arn:aws:s3:::" + NAME + "/*");
    }

    @Test
    void specs_whenVersioningOff_suspendIt() {
        List<ResourceSpec> specs = specs(BlueprintExample.storage().withBucket(new StorageSection.Bucket("auto", false, false, null)));
        assertThat(at(specs, StorageResources.BUCKET).property("versioning")).isEqualTo("Suspended");
    }

    @Test
    void specs_whenStateBucketOn_planASecondPrivateVersionedBucketWithRoleState() {
        List<ResourceSpec> specs = specs(BlueprintExample.storage().withStateBucket(new StorageSection.StateBucket(true, "auto")));
        ResourceSpec state = at(specs, StorageResources.STATE_BUCKET);
        assertThat(state.kind()).isEqualTo(S3Kinds.BUCKET);
        assertThat(state.properties()).containsEntry("name", NAME + "-state").containsEntry("role", "state")
                .containsEntry("versioning", "Enabled").containsEntry("encryption", "AES256")
                .containsEntry("blockPublicPolicy", "true").containsEntry("restrictPublicBuckets", "true");
        ResourceSpec policy = at(specs, StorageResources.STATE_BUCKET_POLICY);
        assertThat(policy.refs()).containsExactly(Map.entry("bucket", StorageResources.STATE_BUCKET));
        assertThat(policy.property("policy")).contains("aws:SecureTransport").doesNotContain("s3:GetObject");
    }

    @Test
    void specs_whenSortKeyAndNoTable_writeTheKeyOrLeaveTheTableOut() {
        StorageSection s = BlueprintExample.storage();
        List<ResourceSpec> sorted = specs(new StorageSection(true, s.bucket(), new StorageSection.Table(true, "notes",
                new StorageSection.Key("pk", KeyType.B), new StorageSection.Key("at", KeyType.N), false, true), null));
        assertThat(at(sorted, StorageResources.TABLE).properties()).containsEntry("partitionKeyType", "B")
                .containsEntry("sortKeyName", "at").containsEntry("sortKeyType", "N")
                .containsEntry("pointInTimeRecovery", "false").containsEntry("deletionProtection", "true");
        assertThat(specs(new StorageSection(true, s.bucket(), null, null))).extracting(ResourceSpec::address)
                .doesNotContain(StorageResources.TABLE);
        assertThat(specs(new StorageSection(false, s.bucket(), s.table(), null))).isEmpty();
    }

    @Test
    void specs_whenNameStillAuto_refuseToPlan() {
        Blueprint bp = BlueprintYaml.withDefaults(BlueprintExample.guide());
        assertThatThrownBy(() -> StorageStep.MODULE.resources(bp)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("storage.bucket.name");
    }
}
