package dev.cairn.sandbox.elbv2;

/**
 * What Elastic Load Balancing tells ACM: whether a listener still uses a certificate, so
 * DeleteCertificate answers {@code ResourceInUseException} as AWS does. Exported by the
 * {@code elbv2} service; bound to the caller's account, region and clock.
 */
public interface ElbCertificateUsers {

    /** Whether any listener of the caller's load balancers in the region uses the certificate. */
    boolean inUse(String certificateArn);
}
