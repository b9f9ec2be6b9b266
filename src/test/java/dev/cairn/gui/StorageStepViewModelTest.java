package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.DataAtRisk;
import dev.cairn.app.StorageStatus;
import dev.cairn.model.Blueprint;
import dev.cairn.model.FieldError;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.StackState;
import dev.cairn.plan.Planner;
import dev.cairn.step.storage.BucketNames;
import dev.cairn.step.storage.KeyType;
import dev.cairn.step.storage.StorageResources;
import dev.cairn.step.storage.StorageSection;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Storage page's model: the form writes the storage section, each rule shows at its field in
 * both languages, {@code auto} names are shown as what they become, the public-read consent
 * brings its warning and its policy, and what was built is read from the state.
 */
class StorageStepViewModelTest {

    @TempDir
    Path home;

    private TargetHolder targets;
    private WorkspaceViewModel workspace;
    private StorageStepViewModel vm;

    @BeforeEach
    void open() {
        targets = GuiFixtures.sandbox(home);
        workspace = GuiFixtures.model(home, new CurrentThreadTaskExecutor(), targets).workspace();
        workspace.openInitial(null);
        vm = workspace.storage();
    }

    @AfterEach
    void close() {
        targets.close();
    }

    private StorageSection section() {
        return workspace.blueprintProperty().get().section(StorageSection.KEY);
    }

    private Blueprint blueprint() {
        return workspace.blueprintProperty().get();
    }

    private static String rule(FieldError e) {
        return e == null ? null : e.rule();
    }

    @Test
    void include_writesTheSafeDefaultsAndPricesTheStack() {
        assertThat(section()).isNull();

        vm.includedProperty().set(true);

        assertThat(vm.errors()).isEmpty();
        StorageSection s = section();
        assertThat(s.bucket().name()).isEqualTo(StorageSection.NAME_AUTO);
        assertThat(s.bucket().versioning()).isTrue();
        assertThat(s.publicRead()).isFalse();
        assertThat(s.bucket().noncurrentVersionExpirationDays()).isNull();
        assertThat(s.table()).isNull();
        assertThat(s.stateBucket()).isNull();
        assertThat(vm.costs()).isNotEmpty();
        assertThat(vm.publicReadWarningProperty().get()).isNull();
        assertThat(workspace.statusProperty(WizardStep.STORAGE).get()).isEqualTo(StepStatus.VALID);
    }

    @Test
    void autoName_whenTargetChecked_isTheNameTheBucketWillHave() {
        vm.includedProperty().set(true);
        vm.stateBucketOnProperty().set(true);

        String account = vm.accountProperty().get();
        assertThat(account).as("the Sandbox target is checked on its own").matches("\\d{12}");
        assertThat(vm.accountKnownProperty().get()).isTrue();
        Blueprint bp = blueprint();
        assertThat(vm.autoBucketNameProperty().get()).isEqualTo(BucketNames.derive(bp.name(), account, bp.region(), ""))
                .contains(bp.name()).contains(account).contains(bp.region());
        assertThat(vm.autoStateNameProperty().get()).isEqualTo(vm.autoBucketNameProperty().get() + BucketNames.STATE_SUFFIX);
        // The diagram and the review plan the same names.
        List<ResourceSpec> specs = Planner.specs(vm.plannable(bp));
        assertThat(specs).filteredOn(r -> r.address().equals(StorageResources.BUCKET)).singleElement()
                .extracting(r -> r.property("name")).isEqualTo(vm.autoBucketNameProperty().get());

        vm.accountProperty().set(null);
        assertThat(vm.accountKnownProperty().get()).isFalse();
        assertThat(vm.autoBucketNameProperty().get()).contains(BucketNames.PLACEHOLDER_ACCOUNT);
    }

    @Test
    void bucketName_whenAwsRefusesIt_errorAtTheNameInBothLanguagesAndTheLastValidSectionKept() {
        vm.includedProperty().set(true);
        vm.bucketAutoProperty().set(false);
        vm.bucketNameProperty().set("My_Bucket");

        FieldError e = vm.errorAt(StorageStepViewModel.BUCKET_NAME).get();
        assertThat(rule(e)).isEqualTo("bucket.nameChars");
        assertThat(new Messages(Locale.ENGLISH).error(e)).contains("My_Bucket").contains("lower-case letters");
        assertThat(new Messages(Locale.KOREAN).error(e)).contains("My_Bucket").contains("버킷 이름");
        assertThat(vm.validProperty().get()).isFalse();
        assertThat(workspace.canApplyBinding().get()).isFalse();
        assertThat(section().bucket().name()).as("the blueprint keeps the last valid section").isEqualTo("auto");

        vm.bucketNameProperty().set("xn--demo-bucket");
        assertThat(rule(vm.errorAt(StorageStepViewModel.BUCKET_NAME).get())).isEqualTo("bucket.namePrefix");
        vm.bucketNameProperty().set("192.168.5.4");
        assertThat(rule(vm.errorAt(StorageStepViewModel.BUCKET_NAME).get())).isEqualTo("bucket.nameIp");

        vm.bucketNameProperty().set("demo-team-bucket");
        assertThat(vm.errors()).isEmpty();
        assertThat(section().bucket().name()).isEqualTo("demo-team-bucket");

        vm.bucketAutoProperty().set(true);
        assertThat(section().bucket().name()).as("auto again, whatever the field holds").isEqualTo("auto");
    }

    @Test
    void publicRead_whenConsented_warnsWithTheObjectUrlAndOpensThePolicy() {
        vm.includedProperty().set(true);

        vm.allowPublicReadProperty().set(true);

        assertThat(section().publicRead()).isTrue();
        FieldError w = vm.publicReadWarningProperty().get();
        assertThat(rule(w)).isEqualTo("bucket.publicRead");
        String url = BucketNames.awsUrl(vm.autoBucketNameProperty().get(), blueprint().region());
        assertThat(new Messages(Locale.ENGLISH).error(w)).contains(url + "/KEY").contains("Anyone on the internet");
        assertThat(new Messages(Locale.KOREAN).error(w)).contains(url + "/KEY").contains("누구나");
        ResourceSpec bucket = Planner.specs(vm.plannable(blueprint())).stream()
                .filter(r -> r.address().equals(StorageResources.BUCKET)).findFirst().orElseThrow();
        assertThat(bucket.property("blockPublicPolicy")).isEqualTo("false");
        assertThat(bucket.property("restrictPublicBuckets")).isEqualTo("false");
        assertThat(bucket.property("blockPublicAcls")).as("ACLs stay blocked").isEqualTo("true");
        assertThat(vm.validProperty().get()).as("a warning, not an error").isTrue();

        vm.allowPublicReadProperty().set(false);
        assertThat(vm.publicReadWarningProperty().get()).isNull();
        assertThat(section().publicRead()).isFalse();
    }

    @Test
    void noncurrentExpiry_outOfRange_errorAtTheDays() {
        vm.includedProperty().set(true);
        vm.expireNoncurrentProperty().set(true);
        assertThat(section().bucket().noncurrentVersionExpirationDays()).isEqualTo(StorageStepViewModel.DEFAULT_NONCURRENT_DAYS);

        vm.noncurrentDaysProperty().set(0);
        assertThat(rule(vm.errorAt(StorageStepViewModel.NONCURRENT_DAYS).get())).isEqualTo("bucket.noncurrentDays");

        vm.expireNoncurrentProperty().set(false);
        assertThat(vm.errors()).isEmpty();
        assertThat(section().bucket().noncurrentVersionExpirationDays()).isNull();
    }

    @Test
    void table_whenAdded_isNamedForTheStackAndItsKeysAreChecked() {
        vm.includedProperty().set(true);

        vm.tableOnProperty().set(true);

        StorageSection.Table t = section().table();
        assertThat(t.name()).isEqualTo(blueprint().name() + "-table");
        assertThat(t.partitionKey()).isEqualTo(new StorageSection.Key("id", KeyType.S));
        assertThat(t.sortKey()).isNull();
        assertThat(t.pointInTimeRecovery()).isTrue();
        assertThat(t.deletionProtection()).isFalse();

        vm.sortKeyOnProperty().set(true);
        vm.sortKeyNameProperty().set("id");
        assertThat(rule(vm.errorAt(StorageStepViewModel.SORT_KEY_NAME).get())).isEqualTo("table.sameKey");
        vm.sortKeyNameProperty().set("createdAt");
        vm.sortKeyTypeProperty().set(KeyType.N);
        assertThat(vm.errors()).isEmpty();
        assertThat(section().table().sortKey()).isEqualTo(new StorageSection.Key("createdAt", KeyType.N));

        vm.partitionKeyNameProperty().set("");
        assertThat(rule(vm.errorAt(StorageStepViewModel.PARTITION_KEY_NAME).get())).isEqualTo("field.required");
        vm.partitionKeyNameProperty().set("id");

        vm.tableNameProperty().set("no spaces allowed");
        assertThat(rule(vm.errorAt(StorageStepViewModel.TABLE_NAME).get())).isEqualTo("table.name");
        vm.tableNameProperty().set("demo-items");

        vm.deletionProtectionProperty().set(true);
        assertThat(rule(vm.deletionProtectionWarningProperty().get())).isEqualTo("table.deletionProtection");
        assertThat(section().table().deletionProtection()).isTrue();
    }

    @Test
    void stateBucket_withTheDataBucketsName_errorAtItsName() {
        vm.includedProperty().set(true);
        vm.bucketAutoProperty().set(false);
        vm.bucketNameProperty().set("demo-shared-bucket");
        vm.stateBucketOnProperty().set(true);
        assertThat(section().stateBucket()).isEqualTo(new StorageSection.StateBucket(true, "auto"));

        vm.stateAutoProperty().set(false);
        vm.stateNameProperty().set("demo-shared-bucket");

        assertThat(rule(vm.errorAt(StorageStepViewModel.STATE_BUCKET_NAME).get())).isEqualTo("bucket.sameName");
        vm.stateNameProperty().set("demo-shared-state");
        assertThat(vm.errors()).isEmpty();
        assertThat(section().stateBucket().name()).isEqualTo("demo-shared-state");
    }

    @Test
    void otherPages_whenStorageNamesAreAuto_stillPriceTheWholeStack() {
        vm.includedProperty().set(true);
        workspace.web().includedProperty().set(true);

        assertThat(workspace.web().errors()).isEmpty();
        assertThat(workspace.web().costs()).as("the Web page previews the stack with the bucket named").isNotEmpty();
        assertThat(workspace.web().costRangeProperty().get()).isNotNull();
        assertThat(workspace.access().costs()).isNotNull();
    }

    @Test
    void load_whenStackHasTheSection_fillsTheForm() {
        Blueprint bp = blueprint().with(StorageSection.KEY, new StorageSection(true,
                new StorageSection.Bucket("demo-loaded-bucket", false, true, 14),
                new StorageSection.Table(true, "items", new StorageSection.Key("pk", KeyType.B),
                        new StorageSection.Key("sk", KeyType.N), false, true),
                new StorageSection.StateBucket(true, "demo-loaded-state")));

        vm.load(bp);

        assertThat(vm.includedProperty().get()).isTrue();
        assertThat(vm.bucketAutoProperty().get()).isFalse();
        assertThat(vm.bucketNameProperty().get()).isEqualTo("demo-loaded-bucket");
        assertThat(vm.versioningProperty().get()).isFalse();
        assertThat(vm.allowPublicReadProperty().get()).isTrue();
        assertThat(vm.expireNoncurrentProperty().get()).isTrue();
        assertThat(vm.noncurrentDaysProperty().get()).isEqualTo(14);
        assertThat(vm.tableNameProperty().get()).isEqualTo("items");
        assertThat(vm.partitionKeyTypeProperty().get()).isEqualTo(KeyType.B);
        assertThat(vm.sortKeyOnProperty().get()).isTrue();
        assertThat(vm.sortKeyTypeProperty().get()).isEqualTo(KeyType.N);
        assertThat(vm.pointInTimeRecoveryProperty().get()).isFalse();
        assertThat(vm.deletionProtectionProperty().get()).isTrue();
        assertThat(vm.stateAutoProperty().get()).isFalse();
        assertThat(vm.stateNameProperty().get()).isEqualTo("demo-loaded-state");
    }

    @Test
    void stateAndStatus_whenBucketsExist_showTheirNamesAtOnceAndUrlsAndCountsOnceRead() {
        vm.includedProperty().set(true);
        vm.allowPublicReadProperty().set(true);
        vm.tableOnProperty().set(true);
        vm.stateBucketOnProperty().set(true);
        Blueprint bp = vm.plannable(blueprint());
        Map<dev.cairn.model.Address, ResourceRecord> records = new LinkedHashMap<>();
        for (ResourceSpec s : Planner.specs(bp)) {
            if (s.address().step().equals("storage")) {
                String id = s.property("name") != null ? s.property("name") : "";
                records.put(s.address(), new ResourceRecord(s, id, Map.of(), ItemStatus.READY, Instant.EPOCH));
            }
        }
        StackState state = new StackState(bp.name(), records, Map.of());
        String bucket = vm.autoBucketNameProperty().get();
        String stateBucket = vm.autoStateNameProperty().get();

        vm.stateChanged(state);

        StorageStepViewModel.Built b = vm.builtProperty().get();
        assertThat(b.bucket()).isEqualTo(bucket);
        assertThat(b.url()).as("not read yet").isNull();
        assertThat(b.objects()).isNull();
        assertThat(b.table()).isEqualTo(bp.name() + "-table");
        assertThat(b.stateBucket()).isEqualTo(stateBucket);
        assertThat(b.migrate()).isEqualTo("cairn state migrate --stack " + bp.name() + " --to s3://" + stateBucket + "/cairn");

        String url = "http://127.0.0.1:4566/" + bucket;
        vm.showStatus(new StorageStatus(Optional.of(new StorageStatus.Bucket(bucket, url,
                Optional.of(new DataAtRisk.Counts(3, 5, 1)), Optional.of(url + "/KEY"))),
                Optional.of(new StorageStatus.Table(b.table(), "ACTIVE", Optional.of(0L))), Optional.of(stateBucket)), state);

        b = vm.builtProperty().get();
        assertThat(b.url()).isEqualTo(url);
        assertThat(b.objectUrl()).isEqualTo(url + "/KEY");
        assertThat(b.objects()).isEqualTo(3L);
        assertThat(b.versions()).isEqualTo(5L);
        assertThat(b.deleteMarkers()).isEqualTo(1L);
        assertThat(b.tableStatus()).isEqualTo("ACTIVE");

        vm.stateChanged(state);
        assertThat(vm.builtProperty().get().objects()).as("the same bucket keeps what was read").isEqualTo(3L);

        vm.stateChanged(StackState.empty(bp.name()));
        assertThat(vm.builtProperty().get().any()).isFalse();
    }

    @Test
    void status_whenReadFromTheSandbox_givesThePathStyleUrl() {
        vm.includedProperty().set(true);
        Blueprint bp = vm.plannable(blueprint());
        ResourceSpec spec = Planner.specs(bp).stream().filter(r -> r.address().equals(StorageResources.BUCKET))
                .findFirst().orElseThrow();
        StackState state = new StackState(bp.name(), Map.of(spec.address(), new ResourceRecord(spec, spec.property("name"),
                Map.of(), ItemStatus.READY, Instant.EPOCH)), Map.of());
        dev.cairn.app.Target target = targets.open(TargetChoice.SANDBOX);

        StorageStatus status = StorageStatus.read(target, state, (name, region) -> Optional.of(new DataAtRisk.Counts(0, 0, 0)));
        vm.showStatus(status, state);

        String endpoint = target.endpointUrl().orElseThrow().toString();
        assertThat(vm.builtProperty().get().url()).startsWith(endpoint.replaceAll("/$", "")).endsWith("/" + spec.property("name"));
        assertThat(vm.builtProperty().get().objectUrl()).as("not public").isNull();
        assertThat(vm.builtProperty().get().objects()).isZero();
    }
}
