package dev.cairn.sandbox.acm;

import dev.cairn.sandbox.core.StoreSpec;
import dev.cairn.sandbox.core.TaggedResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * ACM's store: per account, then per region, the certificates and the idempotency tokens of
 * recent requests. Saved as {@code acm.json}; schema 1. The rules live in {@link Certificates}.
 */
final class AcmStore {
    static final StoreSpec<AcmStore> SPEC = StoreSpec.of("acm.json", AcmStore.class, AcmStore::new);

    /**
     * A public certificate ACM issues: {@link TaggedResource#id} is its ARN. Its status is computed
     * from the timestamps ({@link Certificates#status}), so it resumes right after a restart.
     */
    static final class Certificate extends TaggedResource {
        public String domainName;
        /** The domain name first, then the other names asked for, without duplicates. */
        public List<String> subjectAlternativeNames = new ArrayList<>();
        /** {@code DNS} or {@code EMAIL}. */
        public String validationMethod;
        public String keyAlgorithm;
        public String serial;
        public String transparencyLogging;
        /**
         * When ACM first saw every validation CNAME in a hosted zone (null until then): the
         * certificate is issued a validation delay later.
         */
        public Long validationSeenAt;
    }

    /** A RequestCertificate's idempotency token: the same token and domain within an hour get the same ARN. */
    static final class Token {
        public String domainName;
        public String arn;
        public long expiresAt;
    }

    /** One region's ACM. */
    static final class RegionState {
        public LinkedHashMap<String, Certificate> certificates = new LinkedHashMap<>();
        public LinkedHashMap<String, Token> tokens = new LinkedHashMap<>();
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
