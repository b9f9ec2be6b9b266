package dev.cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.model.Blueprint;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.StackState;
import dev.cairn.plan.Action;
import dev.cairn.plan.Plan;
import dev.cairn.plan.Planner;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.BlueprintYaml;
import dev.cairn.step.storage.BucketNames;
import dev.cairn.step.storage.KeyType;
import dev.cairn.step.storage.StorageResources;
import dev.cairn.step.storage.StorageSection;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The plan's word on data: a table whose key changes is replaced and its items go with it; a
 * bucket leaving the blueprint is deleted with its objects and versions, counted; what changes
 * in place (versioning, public read, point-in-time recovery) puts nothing at risk.
 */
class DataAtRiskTest {

    private static final String ACCOUNT = "123456789012";

    private static Blueprint storage(StorageSection s) {
        return BucketNames.resolve(BlueprintYaml.withDefaults(BlueprintExample.networkOnly().with(StorageSection.KEY, s)), ACCOUNT);
    }

    /** The state after applying {@code bp}: every spec recorded READY under its physical name. */
    private static StackState applied(Blueprint bp) {
        Map<dev.cairn.model.Address, ResourceRecord> records = new LinkedHashMap<>();
        for (ResourceSpec spec : Planner.specs(bp)) {
            String id = spec.property("name") != null ? spec.property("name") : spec.address().value() + "-id";
            records.put(spec.address(), new ResourceRecord(spec, id, Map.of(), ItemStatus.READY, Instant.EPOCH));
        }
        return new StackState(bp.name(), records, Map.of());
    }

    @Test
    void of_whenTableKeyChanges_saysTheReplacementLosesItsItems() {
        StorageSection s = BlueprintExample.storage();
        StackState state = applied(storage(s));
        StorageSection rekeyed = new StorageSection(true, s.bucket(), new StorageSection.Table(true, "demo-table",
                new StorageSection.Key("pk", KeyType.N), null, true, false), null);
        Plan plan = Planner.plan(storage(rekeyed), state);
        assertThat(plan.action(StorageResources.TABLE).orElseThrow().action()).isEqualTo(Action.REPLACE);
        List<DataAtRisk.Note> notes = DataAtRisk.of(plan, DataAtRisk.BucketCounter.NONE);
        assertThat(notes).singleElement().satisfies(n -> {
            assertThat(n.address()).isEqualTo(StorageResources.TABLE);
            assertThat(n.action()).isEqualTo(Action.REPLACE);
            assertThat(n.line()).startsWith("storage.table: replacing it: the table's items are deleted with it");
        });
    }

    @Test
    void of_whenSettingsChangeInPlace_putsNothingAtRisk() {
        StorageSection s = BlueprintExample.storage();
        StackState state = applied(storage(s));
        StorageSection changed = new StorageSection(true, new StorageSection.Bucket("auto", false, true, 7),
                new StorageSection.Table(true, "demo-table", s.table().partitionKey(), null, false, false), null);
        Plan plan = Planner.plan(storage(changed), state);
        assertThat(plan.action(StorageResources.BUCKET).orElseThrow().action()).isEqualTo(Action.UPDATE);
        assertThat(plan.action(StorageResources.BUCKET_POLICY).orElseThrow().action()).isEqualTo(Action.UPDATE);
        assertThat(plan.action(StorageResources.TABLE).orElseThrow().action()).isEqualTo(Action.UPDATE);
        assertThat(DataAtRisk.of(plan, (b, r) -> Optional.of(new DataAtRisk.Counts(1, 1, 0)))).isEmpty();
        assertThat(DataAtRisk.countsBuckets(plan)).isFalse();
    }

    @Test
    void of_whenTeardown_countsEachBucketAndNamesTheTable() {
        StorageSection s = BlueprintExample.storage().withStateBucket(new StorageSection.StateBucket(true, "auto"));
        Blueprint bp = storage(s);
        Plan teardown = Planner.teardown(applied(bp));
        assertThat(DataAtRisk.countsBuckets(teardown)).isTrue();
        Map<String, DataAtRisk.Counts> contents = Map.of(
                "demo-123456789012-ap-northeast-2", new DataAtRisk.Counts(2500, 5000, 1),
                "demo-123456789012-ap-northeast-2-state", new DataAtRisk.Counts(1, 1, 0));
        List<DataAtRisk.Note> notes = DataAtRisk.of(teardown, (bucket, region) -> {
            assertThat(region).isEqualTo("ap-northeast-2");
            return Optional.ofNullable(contents.get(bucket));
        });
        assertThat(notes).extracting(DataAtRisk.Note::address).containsExactlyInAnyOrder(StorageResources.BUCKET,
                StorageResources.STATE_BUCKET, StorageResources.TABLE);
        DataAtRisk.Note data = notes.stream().filter(n -> n.address().equals(StorageResources.BUCKET)).findFirst().orElseThrow();
        assertThat(data.counts()).contains(new DataAtRisk.Counts(2500, 5000, 1));
        assertThat(data.line()).contains("deleting it", "2500 objects in 5000 versions and 1 delete marker,");
        DataAtRisk.Note state = notes.stream().filter(n -> n.address().equals(StorageResources.STATE_BUCKET)).findFirst().orElseThrow();
        assertThat(state.line()).contains("1 object in 1 version and 0 delete markers");
    }

    @Test
    void of_whenProtectedTableIsDeleted_saysToTurnProtectionOffFirst() {
        StorageSection s = BlueprintExample.storage();
        StorageSection protectedTable = new StorageSection(true, s.bucket(), new StorageSection.Table(true, "demo-table",
                s.table().partitionKey(), null, true, true), null);
        List<DataAtRisk.Note> notes = DataAtRisk.of(Planner.teardown(applied(storage(protectedTable))),
                DataAtRisk.BucketCounter.NONE);
        assertThat(notes).filteredOn(n -> n.address().equals(StorageResources.TABLE)).singleElement()
                .satisfies(n -> assertThat(n.text()).contains("deletion protection is on",
                        "storage.table.deletionProtection to false and apply first"));
    }
    @Test
    void of_whenRepositoryIsDeleted_countsItsImages() {
        ResourceSpec repo = new ResourceSpec(dev.cairn.model.Address.parse("pipeline.repository"),
                dev.cairn.model.kinds.EcrKinds.REPOSITORY, "ap-northeast-2", Map.of("name", "frontend"), Map.of(), java.util.Set.of());
        StackState state = new StackState("demo", Map.of(repo.address(),
                new ResourceRecord(repo, "frontend", Map.of(), ItemStatus.READY, Instant.EPOCH)), Map.of());
        Plan teardown = Planner.teardown(state);
        assertThat(DataAtRisk.countsBuckets(teardown)).isTrue();

        DataAtRisk.BucketCounter counting = new DataAtRisk.BucketCounter() {
            @Override
            public Optional<DataAtRisk.Counts> count(String bucket, String region) {
                throw new AssertionError("a repository is no bucket");
            }

            @Override
            public Optional<Integer> images(String repository, String region) {
                assertThat(region).isEqualTo("ap-northeast-2");
                return Optional.of(repository.equals("frontend") ? 12 : 0);
            }
        };
        assertThat(DataAtRisk.of(teardown, counting)).singleElement().satisfies(n -> {
            assertThat(n.action()).isEqualTo(Action.DELETE);
            assertThat(n.line()).isEqualTo("pipeline.repository: deleting it: the repository's images are deleted with it"
                    + " — frontend holds 12 images");
        });
        // Without a counter the note still says what is lost, never a wrong number.
        assertThat(DataAtRisk.of(teardown, DataAtRisk.BucketCounter.NONE)).singleElement()
                .satisfies(n -> assertThat(n.line()).endsWith("the repository's images are deleted with it"));
    }
}
