package dev.cairn.sandbox.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.sandbox.s3.S3Store.Bucket;
import dev.cairn.sandbox.s3.S3Store.ObjectVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Lifecycle rules applied on the Sandbox's clock (the settler's work), driven here with explicit
 * times since a real noncurrent-days rule takes days.
 */
class LifecycleTest {
    private static final long T0 = 1_800_000_000_000L;
    private static final long DAY = Lifecycle.DAY_MILLIS;

    private static Bucket bucket(String rules) {
        Bucket b = new Bucket();
        b.id = "lifecycle";
        b.account = "000000000000";
        b.region = "ap-northeast-2";
        b.versioning = "Enabled";
        b.lifecycle = Lifecycle.parse(rules);
        return b;
    }

    private static ObjectVersion object(String blob) {
        ObjectVersion v = new ObjectVersion();
        v.blob = blob;
        v.etag = "\"e\"";
        return v;
    }

    @Test
    void noncurrentVersions_expireTheirDaysAfterBeingSuperseded_andTheirBlobsAreDiscarded() {
        Bucket b = bucket("<LifecycleConfiguration><Rule><ID>old</ID><Filter><Prefix>state/</Prefix></Filter>"
                + "<Status>Enabled</Status><NoncurrentVersionExpiration><NoncurrentDays>30</NoncurrentDays>"
                + "</NoncurrentVersionExpiration></Rule></LifecycleConfiguration>");
        List<String> discarded = new ArrayList<>();
        new S3Objects(b, new Random(1), T0, discarded::add).install("state/a.json", object("blob-1"));
        new S3Objects(b, new Random(2), T0 + DAY, discarded::add).install("state/a.json", object("blob-2"));
        new S3Objects(b, new Random(3), T0, discarded::add).install("logs/x", object("blob-3"));
        new S3Objects(b, new Random(4), T0 + DAY, discarded::add).install("logs/x", object("blob-4"));

        assertThat(Lifecycle.applyDue(b, new S3Objects(b, new Random(5), T0 + 30 * DAY, discarded::add), T0 + 30 * DAY))
                .isFalse();
        assertThat(b.objects.get("state/a.json")).hasSize(2);

        long later = T0 + 31 * DAY;
        assertThat(Lifecycle.applyDue(b, new S3Objects(b, new Random(6), later, discarded::add), later)).isTrue();
        assertThat(b.objects.get("state/a.json")).extracting(v -> v.blob).containsExactly("blob-2");
        assertThat(discarded).containsExactly("blob-1");
        // Outside the rule's prefix nothing goes.
        assertThat(b.objects.get("logs/x")).hasSize(2);
    }

    @Test
    void disabledRule_doesNothing_andNewerNoncurrentVersionsAreKept() {
        Bucket b = bucket("<LifecycleConfiguration><Rule><ID>keep2</ID><Filter><Prefix></Prefix></Filter>"
                + "<Status>Enabled</Status><NoncurrentVersionExpiration><NoncurrentDays>1</NoncurrentDays>"
                + "<NewerNoncurrentVersions>2</NewerNoncurrentVersions></NoncurrentVersionExpiration></Rule>"
                + "<Rule><ID>off</ID><Filter><Prefix></Prefix></Filter><Status>Disabled</Status>"
                + "<Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration>");
        List<String> discarded = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            new S3Objects(b, new Random(i), T0 + i, discarded::add).install("k", object("blob-" + i));
        }
        long later = T0 + 10 * DAY;
        Lifecycle.applyDue(b, new S3Objects(b, new Random(9), later, discarded::add), later);
        assertThat(b.objects.get("k")).extracting(v -> v.blob).containsExactly("blob-4", "blob-3", "blob-2");
        assertThat(discarded).containsExactlyInAnyOrder("blob-0", "blob-1");
    }
}
