package dev.cairn.app;

import dev.cairn.aws.ecr.RepositoryHandler;
import dev.cairn.aws.s3.BucketContents;
import dev.cairn.model.Address;
import dev.cairn.model.ResourceRecord;
import dev.cairn.plan.Action;
import dev.cairn.plan.Plan;
import dev.cairn.plan.PlannedAction;
import dev.cairn.step.storage.StorageResources;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What a plan or a teardown deletes along with a resource that holds data: a bucket's objects and
 * versions (counted live when a counter is given), a table's items, an ECR repository's images
 * (counted live too). The CLI prints these as
 * warnings beside the plan and before a destroy's confirmation; the GUI can show the same lines.
 * Only resources that exist (recorded with a physical ID) are counted: a bucket not yet created
 * holds nothing.
 */
public final class DataAtRisk {

    private DataAtRisk() {}

    /**
     * What a bucket holds ({@link BucketContents.Counts}): current objects, every stored version
     * (current and noncurrent), and delete markers.
     */
    public record Counts(long objects, long versions, long deleteMarkers) {}

    /**
     * Counts a bucket's contents; empty when it cannot say (the bucket is gone, or the call failed).
     * Counts an ECR repository's images too, where it can ({@link #images}).
     */
    @FunctionalInterface
    public interface BucketCounter {
        Optional<Counts> count(String bucket, String region);

        /** How many images an ECR repository holds; empty when it cannot say. */
        default Optional<Integer> images(String repository, String region) {
            return Optional.empty();
        }

        /** A counter that never counts: plans made without a target. */
        BucketCounter NONE = (bucket, region) -> Optional.empty();
    }

    /**
     * One warning: the address, whether it is replaced or deleted, and the sentence.
     *
     * @param counts the bucket's contents when counted
     */
    public record Note(Address address, Action action, String text, Optional<Counts> counts) {

        /** The line the CLI prints: {@code storage.table: replacing it — the table's items …}. */
        public String line() {
            return address.value() + ": " + text;
        }
    }

    /**
     * Whether {@code plan} replaces or deletes an existing bucket or ECR repository, whose contents
     * a counter would count.
     */
    public static boolean countsBuckets(Plan plan) {
        return plan.actions().stream().anyMatch(a -> (a.action() == Action.REPLACE || a.action() == Action.DELETE)
                && a.current() != null && a.current().physicalId() != null
                && (StorageResources.isBucket(a.current().spec()) || RepositoryHandler.holdsImages(a.current().spec())));
    }

    /**
     * The counter that asks {@code target} ({@link BucketContents#countIfExists}: every version
     * and delete marker listed, 1000 a page). A bucket that is already gone, or a call that
     * fails, counts nothing: the note then says only what is lost, never a wrong number.
     */
    public static BucketCounter counter(Target target) {
        return new BucketCounter() {
            @Override
            public Optional<Counts> count(String bucket, String region) {
                try {
                    return BucketContents.countIfExists(target.clients().s3(region), bucket)
                            .map(c -> new Counts(c.objects(), c.versions(), c.deleteMarkers()));
                } catch (SdkException e) {
                    return Optional.empty();
                }
            }

            /** DescribeImages, 1000 a page ({@link RepositoryHandler#countImages}); nothing said when it fails. */
            @Override
            public Optional<Integer> images(String repository, String region) {
                try {
                    return RepositoryHandler.countImages(target.clients().ecr(region), repository);
                } catch (SdkException e) {
                    return Optional.empty();
                }
            }
        };
    }

    /** The notes for every replace and delete in {@code plan} of a resource that holds data. */
    public static List<Note> of(Plan plan, BucketCounter counter) {
        List<Note> notes = new ArrayList<>();
        for (PlannedAction a : plan.actions()) {
            if (a.action() != Action.REPLACE && a.action() != Action.DELETE) {
                continue;
            }
            ResourceRecord current = a.current();
            if (current == null || current.physicalId() == null) {
                continue;
            }
            String verb = a.action() == Action.REPLACE ? "replacing it" : "deleting it";
            if (RepositoryHandler.holdsImages(current.spec())) {
                // The delete is forced: ECR would refuse a repository that holds images otherwise.
                StringBuilder text = new StringBuilder(verb).append(": the repository's images are deleted with it");
                counter.images(current.physicalId(), current.spec().region()).ifPresent(n -> text.append(String.format(Locale.ROOT,
                        " — %s holds %d image%s", current.physicalId(), n, n == 1 ? "" : "s")));
                notes.add(new Note(a.address(), a.action(), text.toString(), Optional.empty()));
                continue;
            }
            Optional<String> lost = StorageResources.dataLost(current.spec());
            if (lost.isEmpty()) {
                continue;
            }
            StringBuilder text = new StringBuilder(verb).append(": ").append(lost.get());
            Optional<Counts> counts = Optional.empty();
            if (StorageResources.isBucket(current.spec())) {
                counts = counter.count(current.physicalId(), current.spec().region());
                counts.ifPresent(c -> text.append(String.format(Locale.ROOT, " — %s holds %d object%s in %d version%s"
                        + " and %d delete marker%s, all deleted first", current.physicalId(), c.objects(),
                        c.objects() == 1 ? "" : "s", c.versions(), c.versions() == 1 ? "" : "s", c.deleteMarkers(),
                        c.deleteMarkers() == 1 ? "" : "s")));
            }
            notes.add(new Note(a.address(), a.action(), text.toString(), counts));
        }
        return List.copyOf(notes);
    }
}
