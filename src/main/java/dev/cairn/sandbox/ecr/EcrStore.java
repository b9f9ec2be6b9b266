package dev.cairn.sandbox.ecr;

import dev.cairn.sandbox.core.StoreSpec;
import dev.cairn.sandbox.core.TaggedResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * ECR's store: per account, then per region, the repositories and their images. Saved as
 * {@code ecr.json}; schema 1. An image's files (the sample app's {@code Dockerfile} and
 * {@code index.html}: a few kilobytes) are kept base64 in the store itself, so they are saved and
 * restored with the repository that holds them and go when it goes; no blob can be orphaned.
 */
final class EcrStore {
    static final StoreSpec<EcrStore> SPEC = StoreSpec.of("ecr.json", EcrStore.class, EcrStore::new);

    /** A private repository: {@link TaggedResource#id} is its name. */
    static final class Repository extends TaggedResource {
        /** {@code MUTABLE} or {@code IMMUTABLE}. */
        public String imageTagMutability = "MUTABLE";
        public boolean scanOnPush;
        /** The lifecycle policy's JSON text, or null. */
        public String lifecyclePolicy;
        /** When the lifecycle policy was last applied (epoch ms), or 0. */
        public long lifecycleEvaluatedAt;
        /** Images by digest, in push order. */
        public LinkedHashMap<String, Image> images = new LinkedHashMap<>();
    }

    /** One image: a manifest, the tags pointing at it, and (for pushed builds) its files. */
    static final class Image {
        public String digest;
        public List<String> tags = new ArrayList<>();
        public long pushedAt;
        public long sizeInBytes;
        public String manifest;
        public String manifestMediaType;
        /** File path → base64 content; empty for an image put by manifest only. */
        public LinkedHashMap<String, String> files = new LinkedHashMap<>();
    }

    /** One region's ECR registry. */
    static final class RegionState {
        public LinkedHashMap<String, Repository> repositories = new LinkedHashMap<>();
    }

    /** account → region → state. */
    public LinkedHashMap<String, LinkedHashMap<String, RegionState>> accounts = new LinkedHashMap<>();

    RegionState region(String account, String region) {
        return accounts.computeIfAbsent(account, a -> new LinkedHashMap<>())
                .computeIfAbsent(region, r -> new RegionState());
    }

    /** A region's state if it exists, without creating it (reads must not change the store). */
    RegionState existing(String account, String region) {
        LinkedHashMap<String, RegionState> regions = accounts.get(account);
        return regions == null ? null : regions.get(region);
    }
}
