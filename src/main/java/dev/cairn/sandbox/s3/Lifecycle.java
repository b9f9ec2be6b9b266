package dev.cairn.sandbox.s3;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Call;
import dev.cairn.sandbox.core.XmlElements;
import dev.cairn.sandbox.s3.S3Store.Bucket;
import dev.cairn.sandbox.s3.S3Store.LifecycleRule;
import dev.cairn.sandbox.s3.S3Store.ObjectVersion;
import dev.cairn.sandbox.s3.S3Store.Upload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.w3c.dom.Element;

/**
 * Lifecycle rules: parsed and checked as PutBucketLifecycleConfiguration does, and applied on the
 * Sandbox's clock before every request (a settler): current versions expire after
 * {@code Expiration/Days}, noncurrent ones {@code NoncurrentDays} after they were superseded
 * (keeping {@code NewerNoncurrentVersions}), lone delete markers go with
 * {@code ExpiredObjectDeleteMarker}, and uploads are aborted {@code DaysAfterInitiation} after
 * they began. AWS runs the rules about once a day (rounded to the next midnight UTC); the
 * Sandbox applies them when the time has come. Days are real days: timeScale does not shorten them.
 * Transitions to other storage classes are not modelled (refused as not implemented).
 */
final class Lifecycle {
    static final long DAY_MILLIS = Duration.ofDays(1).toMillis();
    /** AWS's limit of rules per configuration. */
    static final int MAX_RULES = 1000;

    private Lifecycle() {
    }

    static List<LifecycleRule> parse(String body) {
        Element root = S3Xml.parse(body, "LifecycleConfiguration").root();
        List<Element> rules = XmlElements.children(root, "Rule");
        if (rules.isEmpty() || rules.size() > MAX_RULES) {
            throw S3Xml.malformed();
        }
        List<LifecycleRule> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Element e : rules) {
            LifecycleRule r = new LifecycleRule();
            r.id = XmlElements.text(e, "ID") == null ? UUID.randomUUID().toString() : XmlElements.text(e, "ID");
            if (!ids.add(r.id)) {
                throw new AwsException("InvalidArgument", "Rule ID must be unique. Found same ID for more than one rule");
            }
            r.status = XmlElements.text(e, "Status");
            if (!"Enabled".equals(r.status) && !"Disabled".equals(r.status)) {
                throw S3Xml.malformed();
            }
            Element filter = XmlElements.child(e, "Filter");
            if (filter != null) {
                if (XmlElements.child(filter, "And") != null || XmlElements.child(filter, "Tag") != null
                        || XmlElements.child(filter, "ObjectSizeGreaterThan") != null
                        || XmlElements.child(filter, "ObjectSizeLessThan") != null) {
                    throw notModelled("lifecycle filters on tags or object sizes");
                }
                r.prefix = XmlElements.text(filter, "Prefix") == null ? "" : XmlElements.text(filter, "Prefix");
            } else {
                r.filterElement = false;
                r.prefix = XmlElements.text(e, "Prefix") == null ? "" : XmlElements.text(e, "Prefix");
            }
            if (XmlElements.child(e, "Transition") != null || XmlElements.child(e, "NoncurrentVersionTransition") != null) {
                throw notModelled("lifecycle transitions to other storage classes");
            }
            Element expiration = XmlElements.child(e, "Expiration");
            if (expiration != null) {
                if (XmlElements.child(expiration, "Date") != null) {
                    throw notModelled("lifecycle expiration on a date");
                }
                r.expirationDays = positive(XmlElements.text(expiration, "Days"), "'Days' for Expiration action");
                String marker = XmlElements.text(expiration, "ExpiredObjectDeleteMarker");
                r.expiredObjectDeleteMarker = marker == null ? null : Boolean.valueOf(marker.trim());
                if (r.expirationDays != null && Boolean.TRUE.equals(r.expiredObjectDeleteMarker)) {
                    throw new AwsException("InvalidArgument", "ExpiredObjectDeleteMarker cannot be specified with "
                            + "Days or Date in a Lifecycle Expiration Policy.");
                }
            }
            Element noncurrent = XmlElements.child(e, "NoncurrentVersionExpiration");
            if (noncurrent != null) {
                r.noncurrentDays = positive(XmlElements.text(noncurrent, "NoncurrentDays"),
                        "'NoncurrentDays' for NoncurrentVersionExpiration action");
                if (r.noncurrentDays == null) {
                    throw S3Xml.malformed();
                }
                r.newerNoncurrentVersions = positive(XmlElements.text(noncurrent, "NewerNoncurrentVersions"),
                        "'NewerNoncurrentVersions' for NoncurrentVersionExpiration action");
            }
            Element abort = XmlElements.child(e, "AbortIncompleteMultipartUpload");
            if (abort != null) {
                r.abortIncompleteDays = positive(XmlElements.text(abort, "DaysAfterInitiation"),
                        "'DaysAfterInitiation' for AbortIncompleteMultipartUpload action");
            }
            if (r.expirationDays == null && r.expiredObjectDeleteMarker == null && r.noncurrentDays == null
                    && r.abortIncompleteDays == null) {
                throw new AwsException("InvalidRequest", "At least one action needs to be specified in a rule");
            }
            out.add(r);
        }
        return out;
    }

    private static AwsException notModelled(String what) {
        return new AwsException("NotImplemented", "The Sandbox does not model " + what + ".", 501);
    }

    private static Integer positive(String text, String what) {
        if (text == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new AwsException("InvalidArgument", what + " must be a positive integer");
    }

    /**
     * Applies every bucket's enabled rules up to the call's clock. Reads the store without
     * marking it touched, and touches it only when a rule acts, so requests that find nothing
     * to do cause no save.
     */
    static void settle(Call call) {
        S3Store store = call.world().store(S3Store.class);
        for (Bucket b : store.buckets.values()) {
            if (b.lifecycle != null && due(b, call.now())) {
                call.state(S3Store.class);
                applyDue(b, new S3Objects(b, call.world().random(), call.now(), S3Service.discard(call.world())),
                        call.now());
            }
        }
    }

    private static boolean due(Bucket b, long now) {
        for (LifecycleRule r : b.lifecycle) {
            if (!"Enabled".equals(r.status)) {
                continue;
            }
            for (Upload u : b.uploads.values()) {
                if (r.abortIncompleteDays != null && u.key.startsWith(r.prefix)
                        && u.initiated + r.abortIncompleteDays * DAY_MILLIS <= now) {
                    return true;
                }
            }
            for (Map.Entry<String, List<ObjectVersion>> e : b.objects.subMap(r.prefix, r.prefix + Character.MAX_VALUE)
                    .entrySet()) {
                if (!actions(r, e.getValue(), now).isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Applies a bucket's enabled rules at {@code now}; whether any rule acted. */
    static boolean applyDue(Bucket b, S3Objects objects, long now) {
        if (b.lifecycle == null || !due(b, now)) {
            return false;
        }
        for (LifecycleRule r : b.lifecycle) {
            if (!"Enabled".equals(r.status)) {
                continue;
            }
            for (Iterator<Upload> it = b.uploads.values().iterator(); it.hasNext(); ) {
                Upload u = it.next();
                if (r.abortIncompleteDays != null && u.key.startsWith(r.prefix)
                        && u.initiated + r.abortIncompleteDays * DAY_MILLIS <= now) {
                    it.remove();
                    u.parts.values().forEach(p -> objects.discard(p.blob));
                }
            }
            List<String> keys = new ArrayList<>(b.objects.subMap(r.prefix, r.prefix + Character.MAX_VALUE).keySet());
            for (String key : keys) {
                List<ObjectVersion> versions = b.objects.get(key);
                for (String action : actions(r, versions, now)) {
                    if (action.equals("expire")) {
                        objects.delete(key, null);
                    } else {
                        objects.delete(key, action);
                    }
                }
            }
        }
        return true;
    }

    /**
     * What a rule does to one key now: {@code expire} (the current version), or the version IDs
     * to remove for good (noncurrent versions past their days, or a lone expired delete marker).
     */
    private static List<String> actions(LifecycleRule r, List<ObjectVersion> versions, long now) {
        List<String> out = new ArrayList<>();
        if (versions.isEmpty()) {
            return out;
        }
        ObjectVersion current = versions.get(0);
        if (r.expirationDays != null && !current.deleteMarker && current.lastModified + r.expirationDays * DAY_MILLIS
                <= now) {
            out.add("expire");
        }
        if (r.noncurrentDays != null) {
            int kept = 0;
            for (int i = 1; i < versions.size(); i++) {
                ObjectVersion v = versions.get(i);
                boolean old = v.noncurrentSince > 0 && v.noncurrentSince + r.noncurrentDays * DAY_MILLIS <= now;
                if (old && (r.newerNoncurrentVersions == null || kept >= r.newerNoncurrentVersions)) {
                    out.add(v.versionId);
                } else {
                    kept++;
                }
            }
        }
        if (Boolean.TRUE.equals(r.expiredObjectDeleteMarker) && current.deleteMarker && versions.size() == 1) {
            out.add(current.versionId);
        }
        return out;
    }
}
