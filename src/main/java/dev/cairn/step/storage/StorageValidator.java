package dev.cairn.step.storage;

import dev.cairn.model.Blueprint;
import dev.cairn.model.FieldError;
import dev.cairn.step.BlueprintValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Storage step's rules, called by {@link StorageStep}; every one is checked before any AWS
 * call. Rule keys: {@code field.required}; AWS's bucket-naming rules, one key each —
 * {@code bucket.nameLength}, {@code bucket.nameChars}, {@code bucket.nameEnds},
 * {@code bucket.nameDots}, {@code bucket.nameIp}, {@code bucket.namePrefix},
 * {@code bucket.nameSuffix} ({@link #bucketNameError}); {@code bucket.sameName},
 * {@code bucket.noncurrentDays}, {@code table.name}, {@code table.keyName}, {@code table.sameKey};
 * the warnings {@code bucket.publicRead} and {@code table.deletionProtection}. A name left
 * {@code auto} is checked as derived with a placeholder account (every account ID is 12 digits,
 * so the rules give the same answer as for the real one): a stack named {@code sthree} is refused
 * here, not by CreateBucket.
 */
public final class StorageValidator {

    /** S3 lifecycle: NoncurrentDays is a positive integer; 100 years is beyond any use. */
    public static final int MAX_NONCURRENT_DAYS = 36_500;
    /** DynamoDB: a key attribute's name is 1–255 characters. */
    public static final int MAX_KEY_NAME = 255;
    /** DynamoDB: a table's name is 3–255 characters. */
    public static final int MIN_TABLE_NAME = 3;

    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]+");
    private static final Pattern BUCKET_CHARS = Pattern.compile("[a-z0-9.-]+");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private StorageValidator() {}

    public static List<FieldError> validate(StorageSection storage, Blueprint bp) {
        if (!storage.on()) {
            return List.of();
        }
        List<FieldError> errors = new ArrayList<>();
        StorageSection.Bucket bucket = storage.bucket();
        String dataName = null;
        if (bucket == null) {
            errors.add(FieldError.of("storage.bucket", "field.required", "storage.bucket is required"));
        } else {
            dataName = bucketName("storage.bucket.name", bucket.name(), bp, "", errors);
            if (bucket.versioning() == null) {
                errors.add(FieldError.of("storage.bucket.versioning", "field.required", "storage.bucket.versioning is required"));
            }
            Integer days = bucket.noncurrentVersionExpirationDays();
            if (days != null && (days < 1 || days > MAX_NONCURRENT_DAYS)) {
                String f = "storage.bucket.noncurrentVersionExpirationDays";
                errors.add(FieldError.of(f, "bucket.noncurrentDays", f + " " + days + " must be a whole number of days from 1 to "
                        + MAX_NONCURRENT_DAYS, String.valueOf(days)));
            }
        }
        if (storage.stateBucketOn()) {
            String stateName = bucketName("storage.stateBucket.name", storage.stateBucket().name(), bp,
                    BucketNames.STATE_SUFFIX, errors);
            if (stateName != null && stateName.equals(dataName)) {
                errors.add(FieldError.of("storage.stateBucket.name", "bucket.sameName", "storage.stateBucket.name "
                        + BlueprintValidator.quote(stateName) + " is the data bucket's name; the state bucket needs a name of its own",
                        stateName));
            }
        }
        if (storage.tableOn()) {
            validateTable(storage.table(), errors);
        }
        return List.copyOf(errors);
    }

    /**
     * What is allowed but risky: a bucket everyone can read (rule {@code bucket.publicRead}, like
     * SSH from anywhere), and a table a teardown cannot delete ({@code table.deletionProtection}).
     */
    public static List<FieldError> warnings(StorageSection storage, Blueprint bp) {
        if (!storage.on()) {
            return List.of();
        }
        List<FieldError> warnings = new ArrayList<>();
        if (storage.publicRead()) {
            String name = storage.bucket().name();
            String url = BucketNames.isAuto(name) ? "the bucket's URL" : BucketNames.awsUrl(name, bp.region());
            warnings.add(FieldError.of("storage.bucket.allowPublicRead", "bucket.publicRead", "storage.bucket.allowPublicRead"
                    + " is true: anyone on the internet can read every object at " + url + "/KEY, and Block Public Access"
                    + " no longer blocks public policies", url));
        }
        if (storage.tableOn() && Boolean.TRUE.equals(storage.table().deletionProtection())) {
            warnings.add(FieldError.of("storage.table.deletionProtection", "table.deletionProtection", "storage.table"
                    + ".deletionProtection is true: destroy cannot delete the table until you set it to false and apply"));
        }
        return List.copyOf(warnings);
    }

    /**
     * Checks a bucket name, or the one {@code auto} derives with the placeholder account.
     *
     * @return the name as checked (for the two buckets' comparison), or null when it is missing
     */
    private static String bucketName(String f, String name, Blueprint bp, String suffix, List<FieldError> errors) {
        if (name == null || name.isEmpty()) {
            errors.add(FieldError.of(f, "field.required", f + " is required (\"auto\" or a bucket name)"));
            return null;
        }
        boolean auto = BucketNames.isAuto(name);
        if (auto && (bp.name() == null || bp.name().isEmpty() || bp.region() == null)) {
            return null; // the blueprint's own rules say so
        }
        String checked = auto ? BucketNames.derive(bp.name(), BucketNames.PLACEHOLDER_ACCOUNT, bp.region(), suffix) : name;
        String shown = f + " " + (auto ? "auto (derived from stack " + bp.name() + ": " + BlueprintValidator.quote(checked) + ")"
                : BlueprintValidator.quote(name));
        bucketNameError(f, shown, checked).ifPresent(errors::add);
        return checked;
    }

    /**
     * The first of AWS's general-purpose bucket-naming rules {@code name} breaks, as an error at
     * {@code f} whose args are the name and the offending detail: 3–63 characters; lower-case
     * letters, digits, dots and hyphens; a letter or digit first and last; no two adjacent dots;
     * not an IP address; none of {@link BucketNames#RESERVED_PREFIXES} first, none of
     * {@link BucketNames#RESERVED_SUFFIXES} last.
     *
     * @param shown how the message names the value ({@code storage.bucket.name "My_Bucket"})
     */
    public static Optional<FieldError> bucketNameError(String f, String shown, String name) {
        if (name.length() < BucketNames.MIN_LENGTH || name.length() > BucketNames.MAX_LENGTH) {
            return Optional.of(FieldError.of(f, "bucket.nameLength", shown + " must be " + BucketNames.MIN_LENGTH + " to "
                    + BucketNames.MAX_LENGTH + " characters long (it has " + name.length() + ")", name,
                    String.valueOf(name.length())));
        }
        if (!BUCKET_CHARS.matcher(name).matches()) {
            return Optional.of(FieldError.of(f, "bucket.nameChars", shown
                    + " may hold only lower-case letters, digits, dots and hyphens", name));
        }
        if (!letterOrDigit(name.charAt(0)) || !letterOrDigit(name.charAt(name.length() - 1))) {
            return Optional.of(FieldError.of(f, "bucket.nameEnds", shown + " must begin and end with a letter or a digit", name));
        }
        if (name.contains("..")) {
            return Optional.of(FieldError.of(f, "bucket.nameDots", shown + " must not hold two adjacent dots", name));
        }
        if (IPV4.matcher(name).matches()) {
            return Optional.of(FieldError.of(f, "bucket.nameIp", shown + " must not be formatted as an IP address", name));
        }
        for (String prefix : BucketNames.RESERVED_PREFIXES) {
            if (name.startsWith(prefix)) {
                return Optional.of(FieldError.of(f, "bucket.namePrefix", shown + " must not start with " + prefix
                        + ", which AWS reserves", name, prefix));
            }
        }
        for (String suffix : BucketNames.RESERVED_SUFFIXES) {
            if (name.endsWith(suffix)) {
                return Optional.of(FieldError.of(f, "bucket.nameSuffix", shown + " must not end with " + suffix
                        + ", which AWS reserves", name, suffix));
            }
        }
        return Optional.empty();
    }

    private static boolean letterOrDigit(char c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
    }

    private static void validateTable(StorageSection.Table table, List<FieldError> errors) {
        String f = "storage.table.name";
        String name = table.name();
        if (name == null || name.isEmpty()) {
            errors.add(FieldError.of(f, "field.required", f + " is required"));
        } else if (name.length() < MIN_TABLE_NAME || name.length() > dev.cairn.model.kinds.DynamoDbKinds.TABLE_NAME.maxLength()
                || !TABLE_NAME.matcher(name).matches()) {
            errors.add(FieldError.of(f, "table.name", f + " " + BlueprintValidator.quote(name) + " must be " + MIN_TABLE_NAME
                    + " to " + dev.cairn.model.kinds.DynamoDbKinds.TABLE_NAME.maxLength()
                    + " characters of letters, digits, underscores, hyphens and dots", name));
        }
        keyName("storage.table.partitionKey", table.partitionKey(), true, errors);
        if (table.sortKey() != null) {
            keyName("storage.table.sortKey", table.sortKey(), false, errors);
            if (table.partitionKey() != null && table.sortKey().name() != null
                    && table.sortKey().name().equals(table.partitionKey().name())) {
                errors.add(FieldError.of("storage.table.sortKey.name", "table.sameKey", "storage.table.sortKey.name "
                        + BlueprintValidator.quote(table.sortKey().name()) + " is the partition key's name; a sort key is"
                        + " another attribute", table.sortKey().name()));
            }
        }
        if (table.pointInTimeRecovery() == null) {
            errors.add(FieldError.of("storage.table.pointInTimeRecovery", "field.required",
                    "storage.table.pointInTimeRecovery is required"));
        }
        if (table.deletionProtection() == null) {
            errors.add(FieldError.of("storage.table.deletionProtection", "field.required",
                    "storage.table.deletionProtection is required"));
        }
    }

    private static void keyName(String f, StorageSection.Key key, boolean required, List<FieldError> errors) {
        if (key == null) {
            if (required) {
                errors.add(FieldError.of(f, "field.required", f + " is required"));
            }
            return;
        }
        String name = key.name();
        if (name == null || name.isEmpty()) {
            errors.add(FieldError.of(f + ".name", "field.required", f + ".name is required"));
        } else if (name.length() > MAX_KEY_NAME) {
            errors.add(FieldError.of(f + ".name", "table.keyName", f + ".name must be 1 to " + MAX_KEY_NAME
                    + " characters (it has " + name.length() + ")", String.valueOf(name.length())));
        }
        if (key.type() == null) {
            errors.add(FieldError.of(f + ".type", "field.required", f + ".type is required (S, N or B)"));
        }
    }
}
