package dev.cairn.sandbox.route53;

import java.util.Optional;

/**
 * What Route 53 tells other services about the caller's records: ACM issues a DNS-validated
 * certificate once the CNAME it asked for exists in a public hosted zone the Sandbox holds for
 * the account. Exported by the {@code route53} service (global: one store per account).
 */
public interface Route53Records {

    /**
     * The value of the CNAME record of that name (fully qualified, with or without the final dot)
     * in any of the caller's public hosted zones, once its change is {@code INSYNC}; else empty.
     */
    Optional<String> cname(String recordName);
}
