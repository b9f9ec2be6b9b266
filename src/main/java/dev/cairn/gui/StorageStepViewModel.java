package dev.cairn.gui;

import dev.cairn.model.Blueprint;
import dev.cairn.model.FieldError;
import dev.cairn.app.DataAtRisk;
import dev.cairn.app.StorageStatus;
import dev.cairn.model.Address;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.StackState;
import dev.cairn.plan.CostEstimate;
import dev.cairn.plan.Planner;
import dev.cairn.step.BlueprintValidator;
import dev.cairn.step.storage.BucketNames;
import dev.cairn.step.storage.KeyType;
import dev.cairn.step.storage.StorageResources;
import dev.cairn.step.storage.StorageSection;
import dev.cairn.step.storage.StorageStep;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Storage page: the data bucket (its name, {@code auto} shown as the name it becomes, versioning,
 * the expiry of old versions, the public-read consent), an optional DynamoDB table (name, keys,
 * point-in-time recovery, deletion protection) and an optional bucket for the team's state. It
 * edits only the blueprint's {@code storage} section ({@link StepPageViewModel}); each
 * {@code storage.*} error is kept at its field path. With the step left out, the blueprint has no
 * storage section.
 *
 * <p>A bucket named {@code auto} gets its name from the stack, the account and the region, so the
 * page needs the account: the workspace {@linkplain #accountProperty() gives it} once the target is
 * checked. Until then previews (cost, diagram, review) derive the name with
 * {@link BucketNames#PLACEHOLDER_ACCOUNT}, which has the same length, so every naming rule answers
 * the same; applies resolve it for real through {@code StackRunner}.
 */
public final class StorageStepViewModel extends StepPageViewModel<StorageSection> {

    public static final String STORAGE = "storage";
    public static final String BUCKET = "storage.bucket";
    public static final String BUCKET_NAME = "storage.bucket.name";
    public static final String VERSIONING = "storage.bucket.versioning";
    public static final String PUBLIC_READ = "storage.bucket.allowPublicRead";
    public static final String NONCURRENT_DAYS = "storage.bucket.noncurrentVersionExpirationDays";
    public static final String TABLE_NAME = "storage.table.name";
    public static final String PARTITION_KEY = "storage.table.partitionKey";
    public static final String PARTITION_KEY_NAME = "storage.table.partitionKey.name";
    public static final String SORT_KEY_NAME = "storage.table.sortKey.name";
    public static final String DELETION_PROTECTION = "storage.table.deletionProtection";
    public static final String STATE_BUCKET_NAME = "storage.stateBucket.name";
    private static final List<String> FIELDS = List.of(STORAGE, BUCKET, BUCKET_NAME, VERSIONING, PUBLIC_READ,
            NONCURRENT_DAYS, TABLE_NAME, PARTITION_KEY, PARTITION_KEY_NAME, SORT_KEY_NAME, DELETION_PROTECTION,
            STATE_BUCKET_NAME);

    /** The expiry a new page proposes for old versions once the user turns it on: a month. */
    public static final int DEFAULT_NONCURRENT_DAYS = 30;
    /** The sort key a new page proposes once the user turns one on. */
    public static final String DEFAULT_SORT_KEY = "sk";

    private final BooleanProperty included = new SimpleBooleanProperty(false);
    private final BooleanProperty bucketAuto = new SimpleBooleanProperty(true);
    private final StringProperty bucketName = new SimpleStringProperty("");
    private final BooleanProperty versioning = new SimpleBooleanProperty(true);
    private final BooleanProperty expireNoncurrent = new SimpleBooleanProperty(false);
    private final ObjectProperty<Integer> noncurrentDays = new SimpleObjectProperty<>(DEFAULT_NONCURRENT_DAYS);
    private final BooleanProperty allowPublicRead = new SimpleBooleanProperty(false);
    private final BooleanProperty tableOn = new SimpleBooleanProperty(false);
    private final StringProperty tableName = new SimpleStringProperty("");
    private final StringProperty partitionKeyName = new SimpleStringProperty(StorageStep.DEFAULT_PARTITION_KEY);
    private final ObjectProperty<KeyType> partitionKeyType = new SimpleObjectProperty<>(KeyType.S);
    private final BooleanProperty sortKeyOn = new SimpleBooleanProperty(false);
    private final StringProperty sortKeyName = new SimpleStringProperty(DEFAULT_SORT_KEY);
    private final ObjectProperty<KeyType> sortKeyType = new SimpleObjectProperty<>(KeyType.S);
    private final BooleanProperty pointInTimeRecovery = new SimpleBooleanProperty(true);
    private final BooleanProperty deletionProtection = new SimpleBooleanProperty(false);
    private final BooleanProperty stateBucketOn = new SimpleBooleanProperty(false);
    private final BooleanProperty stateAuto = new SimpleBooleanProperty(true);
    private final StringProperty stateName = new SimpleStringProperty("");
    /** The target's account, once checked; null before (and for a target not checked yet). */
    private final StringProperty account = new SimpleStringProperty();

    private final ReadOnlyStringWrapper autoBucketName = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper autoStateName = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper accountKnown = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyObjectWrapper<FieldError> publicReadWarning = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<FieldError> deletionProtectionWarning = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Built> built = new ReadOnlyObjectWrapper<>(Built.NONE);
    private final ObservableList<CostEstimate> costs = FXCollections.observableArrayList();
    private final ObservableList<CostEstimate> readOnlyCosts = FXCollections.unmodifiableObservableList(costs);

    /** @param blueprint the workspace's blueprint, whose {@code storage} section this page edits */
    public StorageStepViewModel(ObjectProperty<Blueprint> blueprint) {
        super(StorageStep.MODULE, blueprint, FIELDS);
        List<ObservableValue<?>> inputs = List.of(included, bucketAuto, bucketName, versioning, expireNoncurrent,
                noncurrentDays, allowPublicRead, tableOn, tableName, partitionKeyName, partitionKeyType, sortKeyOn,
                sortKeyName, sortKeyType, pointInTimeRecovery, deletionProtection, stateBucketOn, stateAuto, stateName);
        inputs.forEach(p -> p.addListener((o, a, b) -> revalidate()));
        account.addListener((o, a, b) -> {
            deriveNames(blueprint());
            // The previews name the buckets with it: the page's own cost and warning follow.
            revalidate();
        });
        // A table turned on without a name gets the stack's, as the blueprint's default would.
        tableOn.addListener((o, a, b) -> {
            if (b && !loading() && (tableName.get() == null || tableName.get().isBlank()) && blueprint() != null) {
                tableName.set(blueprint().name() + StorageStep.DEFAULT_TABLE_SUFFIX);
            }
        });
    }

    /** Fills the form from a stack just opened; a stack without the step gets the guide's defaults, left out. */
    @Override
    protected void fill(StorageSection s, Blueprint bp) {
        StorageSection d = StorageStep.MODULE.withDefaults(s == null ? new StorageSection(null, null, null, null) : s, bp);
        included.set(s != null && s.on());
        StorageSection.Bucket b = d.bucket();
        bucketAuto.set(BucketNames.isAuto(b.name()));
        bucketName.set(BucketNames.isAuto(b.name()) ? "" : b.name());
        versioning.set(!Boolean.FALSE.equals(b.versioning()));
        expireNoncurrent.set(b.noncurrentVersionExpirationDays() != null);
        noncurrentDays.set(b.noncurrentVersionExpirationDays() == null ? DEFAULT_NONCURRENT_DAYS
                : b.noncurrentVersionExpirationDays());
        allowPublicRead.set(Boolean.TRUE.equals(b.allowPublicRead()));
        StorageSection.Table t = d.table();
        tableOn.set(t != null && t.on());
        tableName.set(t == null || t.name() == null ? bp.name() + StorageStep.DEFAULT_TABLE_SUFFIX : t.name());
        partitionKeyName.set(t == null || t.partitionKey() == null || t.partitionKey().name() == null
                ? StorageStep.DEFAULT_PARTITION_KEY : t.partitionKey().name());
        partitionKeyType.set(t == null || t.partitionKey() == null || t.partitionKey().type() == null
                ? KeyType.S : t.partitionKey().type());
        sortKeyOn.set(t != null && t.sortKey() != null);
        sortKeyName.set(t == null || t.sortKey() == null || t.sortKey().name() == null ? DEFAULT_SORT_KEY : t.sortKey().name());
        sortKeyType.set(t == null || t.sortKey() == null || t.sortKey().type() == null ? KeyType.S : t.sortKey().type());
        pointInTimeRecovery.set(t == null || !Boolean.FALSE.equals(t.pointInTimeRecovery()));
        deletionProtection.set(t != null && Boolean.TRUE.equals(t.deletionProtection()));
        StorageSection.StateBucket sb = d.stateBucket();
        stateBucketOn.set(sb != null && sb.on());
        stateAuto.set(sb == null || BucketNames.isAuto(sb.name()));
        stateName.set(sb == null || BucketNames.isAuto(sb.name()) ? "" : sb.name());
        deriveNames(bp);
    }

    /** The section the form describes, or null when the step is left out. */
    @Override
    protected StorageSection formSection() {
        if (!included.get()) {
            return null;
        }
        StorageSection.Bucket bucket = new StorageSection.Bucket(
                bucketAuto.get() ? StorageSection.NAME_AUTO : trim(bucketName.get()), versioning.get(),
                allowPublicRead.get() ? Boolean.TRUE : null, expireNoncurrent.get() ? noncurrentDays.get() : null);
        StorageSection.Table table = tableOn.get()
                ? new StorageSection.Table(true, trim(tableName.get()),
                        new StorageSection.Key(trim(partitionKeyName.get()), partitionKeyType.get()),
                        sortKeyOn.get() ? new StorageSection.Key(trim(sortKeyName.get()), sortKeyType.get()) : null,
                        pointInTimeRecovery.get(), deletionProtection.get())
                : null;
        StorageSection.StateBucket state = stateBucketOn.get()
                ? new StorageSection.StateBucket(true, stateAuto.get() ? StorageSection.NAME_AUTO : trim(stateName.get()))
                : null;
        return new StorageSection(true, bucket, table, state);
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }

    /** The stack's name or region changed: so do the names {@code auto} gives. */
    @Override
    protected void restChanged(Blueprint now) {
        deriveNames(now);
    }

    private void deriveNames(Blueprint bp) {
        String acct = account.get();
        accountKnown.set(acct != null && !acct.isEmpty());
        if (bp == null || bp.name() == null || bp.region() == null) {
            autoBucketName.set("");
            autoStateName.set("");
            return;
        }
        String a = accountKnown.get() ? acct : BucketNames.PLACEHOLDER_ACCOUNT;
        autoBucketName.set(BucketNames.derive(bp.name(), a, bp.region(), ""));
        autoStateName.set(BucketNames.derive(bp.name(), a, bp.region(), BucketNames.STATE_SUFFIX));
    }

    /** A field's errors shown at its place: a missing key shows at its name. */
    @Override
    protected boolean showsAt(String field, FieldError error) {
        if (field.equals(PARTITION_KEY_NAME) && error.field().equals(PARTITION_KEY)) {
            return true;
        }
        return super.showsAt(field, error);
    }

    @Override
    protected void validated(Blueprint candidate, List<FieldError> own, List<FieldError> all) {
        List<FieldError> warnings = BlueprintValidator.warnings(preview(candidate)).stream().filter(this::isMine).toList();
        publicReadWarning.set(warnings.stream().filter(w -> w.field().equals(PUBLIC_READ)).findFirst().orElse(null));
        deletionProtectionWarning.set(warnings.stream().filter(w -> w.field().equals(DELETION_PROTECTION))
                .findFirst().orElse(null));
        if (all.isEmpty()) {
            costs.setAll(CostEstimate.perRegion(Planner.specs(preview(candidate))));
        }
    }

    /**
     * Previews plan without a network call: each {@code auto} bucket name becomes the name it will
     * be in the checked account, or with the placeholder account before a check.
     */
    @Override
    public Blueprint plannable(Blueprint bp) {
        String acct = account.get();
        return BucketNames.resolve(bp, acct == null || acct.isEmpty() ? BucketNames.PLACEHOLDER_ACCOUNT : acct);
    }

    /**
     * What the stack has built of the step, as the page shows it after an apply: the data bucket
     * with its URL and, when everyone may read it, the URL of its objects; how many objects and
     * versions (and delete markers) it holds; the table; the team's state bucket and the command that moves a stack's
     * state into it. Names come from the state at once; URL and counts once the target is read
     * (null until then, or when the read failed).
     *
     * @param bucket the data bucket's name, or null while there is none
     * @param url the bucket's URL (virtual-hosted in AWS, path-style at the Sandbox), or null until read
     * @param objectUrl with public read, where anyone reads an object ({@code URL/KEY}); else null
     * @param table the table's name, or null while there is none
     * @param tableStatus DynamoDB's status of the table, or null until read
     * @param stateBucket the state bucket's name, or null while there is none
     * @param migrate the command that moves this stack's state into the state bucket, or null
     */
    public record Built(String bucket, String url, String objectUrl, Long objects, Long versions, Long deleteMarkers,
            String table, String tableStatus, String stateBucket, String migrate) {

        public static final Built NONE = new Built(null, null, null, null, null, null, null, null, null, null);

        public boolean any() {
            return bucket != null || stateBucket != null || table != null;
        }
    }

    /**
     * The stack's state changed: what exists of the step is shown by name at once (no call); the
     * URLs and counts follow when the workspace has read the target ({@link #showStatus}).
     */
    @Override
    public void stateChanged(StackState state) {
        if (state == null) {
            built.set(Built.NONE);
            return;
        }
        String bucket = readyName(state, StorageResources.BUCKET);
        String table = readyName(state, StorageResources.TABLE);
        String stateBucket = readyName(state, StorageResources.STATE_BUCKET);
        Built old = built.get();
        boolean sameBucket = bucket != null && bucket.equals(old.bucket());
        boolean sameTable = table != null && table.equals(old.table());
        built.set(new Built(bucket, sameBucket ? old.url() : null, sameBucket ? old.objectUrl() : null,
                sameBucket ? old.objects() : null, sameBucket ? old.versions() : null,
                sameBucket ? old.deleteMarkers() : null, table,
                sameTable ? old.tableStatus() : null, stateBucket,
                stateBucket == null ? null : StorageStatus.migrateCommand(state.stack(), stateBucket)));
    }

    /** The step as the target reports it ({@link StorageStatus#read}), for the stack {@code state} records. */
    public void showStatus(StorageStatus status, StackState state) {
        stateChanged(state);
        Built b = built.get();
        StorageStatus.Bucket bucket = status.bucket().filter(x -> x.name().equals(b.bucket())).orElse(null);
        StorageStatus.Table table = status.table().filter(x -> x.name().equals(b.table())).orElse(null);
        built.set(new Built(b.bucket(), bucket == null ? b.url() : bucket.url(),
                bucket == null ? b.objectUrl() : bucket.objectUrlPattern().orElse(null),
                bucket == null ? b.objects() : bucket.contents().map(DataAtRisk.Counts::objects).orElse(null),
                bucket == null ? b.versions() : bucket.contents().map(DataAtRisk.Counts::versions).orElse(null),
                bucket == null ? b.deleteMarkers() : bucket.contents().map(DataAtRisk.Counts::deleteMarkers).orElse(null),
                b.table(), table == null ? b.tableStatus() : table.status(), b.stateBucket(), b.migrate()));
    }

    private static String readyName(StackState state, Address a) {
        ResourceRecord r = state.resources().get(a);
        return r == null || r.status() != ItemStatus.READY || r.physicalId() == null || r.physicalId().isEmpty()
                ? null : r.physicalId();
    }

    /** What the stack has of the step now. */
    public ReadOnlyObjectProperty<Built> builtProperty() {
        return built.getReadOnlyProperty();
    }

    public BooleanProperty includedProperty() {
        return included;
    }

    public BooleanProperty bucketAutoProperty() {
        return bucketAuto;
    }

    public StringProperty bucketNameProperty() {
        return bucketName;
    }

    public BooleanProperty versioningProperty() {
        return versioning;
    }

    public BooleanProperty expireNoncurrentProperty() {
        return expireNoncurrent;
    }

    public ObjectProperty<Integer> noncurrentDaysProperty() {
        return noncurrentDays;
    }

    public BooleanProperty allowPublicReadProperty() {
        return allowPublicRead;
    }

    public BooleanProperty tableOnProperty() {
        return tableOn;
    }

    public StringProperty tableNameProperty() {
        return tableName;
    }

    public StringProperty partitionKeyNameProperty() {
        return partitionKeyName;
    }

    public ObjectProperty<KeyType> partitionKeyTypeProperty() {
        return partitionKeyType;
    }

    public BooleanProperty sortKeyOnProperty() {
        return sortKeyOn;
    }

    public StringProperty sortKeyNameProperty() {
        return sortKeyName;
    }

    public ObjectProperty<KeyType> sortKeyTypeProperty() {
        return sortKeyType;
    }

    public BooleanProperty pointInTimeRecoveryProperty() {
        return pointInTimeRecovery;
    }

    public BooleanProperty deletionProtectionProperty() {
        return deletionProtection;
    }

    public BooleanProperty stateBucketOnProperty() {
        return stateBucketOn;
    }

    public BooleanProperty stateAutoProperty() {
        return stateAuto;
    }

    public StringProperty stateNameProperty() {
        return stateName;
    }

    /** The checked target's account ID (null until checked): what {@code auto} names carry. */
    public StringProperty accountProperty() {
        return account;
    }

    /** The data bucket's name as {@code auto} gives it (with the placeholder account until checked). */
    public ReadOnlyStringProperty autoBucketNameProperty() {
        return autoBucketName.getReadOnlyProperty();
    }

    /** The state bucket's name as {@code auto} gives it. */
    public ReadOnlyStringProperty autoStateNameProperty() {
        return autoStateName.getReadOnlyProperty();
    }

    /** Whether the {@code auto} names carry the real account (else the placeholder). */
    public ReadOnlyBooleanProperty accountKnownProperty() {
        return accountKnown.getReadOnlyProperty();
    }

    /** The public-read warning (everyone can read every object, at the URL it names), or null. */
    public ReadOnlyObjectProperty<FieldError> publicReadWarningProperty() {
        return publicReadWarning.getReadOnlyProperty();
    }

    /** The deletion-protection warning (destroy cannot delete the table), or null. */
    public ReadOnlyObjectProperty<FieldError> deletionProtectionWarningProperty() {
        return deletionProtectionWarning.getReadOnlyProperty();
    }

    /** The cost of the last valid whole blueprint, one estimate per region. */
    public ObservableList<CostEstimate> costs() {
        return readOnlyCosts;
    }
}
