package dev.cairn.model;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a team keeps its stacks' journals and state: an S3 bucket and optional key prefix
 * ({@code s3://BUCKET/PREFIX}), or a folder on this machine. Either holds one stack per
 * sub-folder or sub-prefix named after the stack: {@code s3://team-state/cairn} keeps stack
 * {@code demo} under {@code cairn/demo/}, the folder {@code ~/.cairn/stacks} under
 * {@code ~/.cairn/stacks/demo/} (Cairn's default, {@link #defaultLocal}). {@link #toString()}
 * gives back what {@link #parse} reads.
 *
 * <p>Bucket names are checked against AWS's naming rules for general purpose buckets before any
 * call, so a typo is a field error, not an {@code InvalidBucketName} halfway through a run.
 */
public final class StateLocation {

    public static final String S3_SCHEME = "s3://";
    public static final int MIN_BUCKET = 3;
    public static final int MAX_BUCKET = 63;
    /** S3 keys are at most 1024 bytes; the prefix leaves room for {@code <stack>/journal/<seq>.json}. */
    public static final int MAX_PREFIX = 512;

    private static final Pattern BUCKET_CHARS = Pattern.compile("[a-z0-9.-]+");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    /** Prefixes and suffixes AWS reserves for its own bucket kinds (access points, directory buckets, …). */
    private static final String[] RESERVED_PREFIXES = {"xn--", "sthree-", "amzn-s3-demo-"};
    private static final String[] RESERVED_SUFFIXES = {"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"};

    private final String bucket;
    private final String prefix;
    private final Path folder;

    private StateLocation(String bucket, String prefix, Path folder) {
        this.bucket = bucket;
        this.prefix = prefix;
        this.folder = folder;
    }

    /** An S3 location; {@code prefix} may be empty (the bucket's top). */
    public static StateLocation s3(String bucket, String prefix) {
        bucketProblem(bucket).ifPresent(p -> {
            throw new InvalidStateLocationException("bucket name \"" + bucket + "\" " + p);
        });
        String normalized = normalizePrefix(prefix == null ? "" : prefix);
        return new StateLocation(bucket, normalized, null);
    }

    /** A folder holding one sub-folder per stack. */
    public static StateLocation folder(Path folder) {
        return new StateLocation(null, null, Objects.requireNonNull(folder, "folder").toAbsolutePath().normalize());
    }

    /** Cairn's own folder of stacks on this machine: {@code ~/.cairn/stacks}, or under {@code -Dcairn.home}. */
    public static StateLocation defaultLocal() {
        String home = System.getProperty("cairn.home");
        Path base = home != null ? Path.of(home) : UserHome.dir().resolve(".cairn");
        return folder(base.resolve("stacks"));
    }

    /**
     * Reads {@code s3://BUCKET}, {@code s3://BUCKET/PREFIX} or a folder ({@code ~/} expanded;
     * relative to the working folder).
     *
     * @throws InvalidStateLocationException with a sentence saying what is wrong
     */
    public static StateLocation parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidStateLocationException("is empty; give s3://BUCKET/PREFIX or a folder");
        }
        String t = text.strip();
        int scheme = t.indexOf("://");
        if (scheme > 0) {
            if (!t.substring(0, scheme).toLowerCase(Locale.ROOT).equals("s3")) {
                throw new InvalidStateLocationException("\"" + t + "\" is neither s3://BUCKET/PREFIX nor a folder");
            }
            String rest = t.substring(scheme + 3);
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String prefix = slash < 0 ? "" : rest.substring(slash + 1);
            return s3(bucket, prefix);
        }
        if (t.toLowerCase(Locale.ROOT).startsWith("s3:")) {
            throw new InvalidStateLocationException("\"" + t + "\" is not an S3 URL; write s3://BUCKET/PREFIX");
        }
        return folder(UserHome.expand(t));
    }

    /** Like {@link #parse}, empty for a null or blank text, and a problem as a sentence instead of an exception. */
    public static Optional<String> problem(String text) {
        try {
            parse(text);
            return Optional.empty();
        } catch (InvalidStateLocationException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * What is wrong with a general purpose bucket's name by AWS's rules, or empty: 3–63
     * characters; lower-case letters, digits, dots and hyphens; a letter or digit at each end; no
     * two dots in a row; not an IP address; none of the prefixes and suffixes AWS reserves.
     */
    public static Optional<String> bucketProblem(String bucket) {
        if (bucket == null || bucket.isEmpty()) {
            return Optional.of("is missing (s3://BUCKET/PREFIX)");
        }
        if (bucket.length() < MIN_BUCKET || bucket.length() > MAX_BUCKET) {
            return Optional.of("must be " + MIN_BUCKET + " to " + MAX_BUCKET + " characters long");
        }
        if (!BUCKET_CHARS.matcher(bucket).matches()) {
            return Optional.of("may hold only lowercase letters, digits, dots and hyphens");
        }
        if (!Character.isLetterOrDigit(bucket.charAt(0)) || !Character.isLetterOrDigit(bucket.charAt(bucket.length() - 1))) {
            return Optional.of("must begin and end with a letter or digit");
        }
        if (bucket.contains("..")) {
            return Optional.of("must not contain two dots in a row");
        }
        if (IP_ADDRESS.matcher(bucket).matches()) {
            return Optional.of("must not look like an IP address");
        }
        for (String p : RESERVED_PREFIXES) {
            if (bucket.startsWith(p)) {
                return Optional.of("must not start with \"" + p + "\" (AWS reserves it)");
            }
        }
        for (String s : RESERVED_SUFFIXES) {
            if (bucket.endsWith(s)) {
                return Optional.of("must not end with \"" + s + "\" (AWS reserves it)");
            }
        }
        return Optional.empty();
    }

    // "a//b/" → "a/b": every segment non-empty, no "." or "..", no leading or trailing slash.
    private static String normalizePrefix(String prefix) {
        StringBuilder out = new StringBuilder();
        for (String segment : prefix.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw new InvalidStateLocationException("prefix \"" + prefix + "\" must not contain \".\" or \"..\"");
            }
            for (int i = 0; i < segment.length(); i++) {
                if (Character.isISOControl(segment.charAt(i))) {
                    throw new InvalidStateLocationException("prefix \"" + prefix + "\" must not contain control characters");
                }
            }
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(segment);
        }
        if (out.length() > MAX_PREFIX) {
            throw new InvalidStateLocationException("prefix is longer than " + MAX_PREFIX + " characters");
        }
        return out.toString();
    }

    public boolean isS3() {
        return bucket != null;
    }

    /** The bucket; only for an S3 location. */
    public String bucket() {
        requireS3();
        return bucket;
    }

    /** The key prefix without slashes at either end, {@code ""} for the bucket's top; only for S3. */
    public String prefix() {
        requireS3();
        return prefix;
    }

    /** The folder of stacks; only for a folder location. */
    public Path folder() {
        if (folder == null) {
            throw new IllegalStateException(this + " is not a folder");
        }
        return folder;
    }

    /** The key prefix of one stack's objects, ending in a slash: {@code PREFIX/<stack>/}. */
    public String stackPrefix(String stack) {
        requireS3();
        return (prefix.isEmpty() ? "" : prefix + "/") + stack + "/";
    }

    /** The folder of one stack: {@code <folder>/<stack>}. */
    public Path stackFolder(String stack) {
        return folder().resolve(stack);
    }

    /** Where one stack's store is, as a person reads it: {@code s3://bucket/prefix/demo/} or a folder. */
    public String describeStack(String stack) {
        return isS3() ? S3_SCHEME + bucket + "/" + stackPrefix(stack) : stackFolder(stack).toString();
    }

    private void requireS3() {
        if (bucket == null) {
            throw new IllegalStateException(this + " is not an S3 location");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StateLocation other && Objects.equals(bucket, other.bucket)
                && Objects.equals(prefix, other.prefix) && Objects.equals(folder, other.folder);
    }

    @Override
    public int hashCode() {
        return Objects.hash(bucket, prefix, folder);
    }

    /** {@code s3://bucket}, {@code s3://bucket/prefix}, or the absolute folder: what {@link #parse} reads back. */
    @Override
    public String toString() {
        if (bucket != null) {
            return S3_SCHEME + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
        }
        return folder.toString();
    }

    /** A location that cannot be: the message says why, naming the offending part. */
    public static final class InvalidStateLocationException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public InvalidStateLocationException(String message) {
            super(message);
        }
    }
}
