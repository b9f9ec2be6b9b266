package dev.cairn.sandbox.acm;

import java.util.Optional;

/**
 * What ACM tells other services about the caller's certificates in the caller's region: a load
 * balancer's HTTPS listener needs an issued certificate ({@code CertificateNotFound} otherwise).
 * Exported by the {@code acm} service; bound to the caller's account, region and clock.
 */
public interface AcmCertificates {

    /** A certificate as another service needs to know it. */
    record Certificate(String arn, String domainName, String status) {
        public boolean issued() {
            return "ISSUED".equals(status);
        }
    }

    /** The certificate of that ARN in the caller's account and region, or empty. */
    Optional<Certificate> certificate(String arn);
}
