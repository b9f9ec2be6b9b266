package dev.cairn.testing;

import java.net.URI;

/** An AWS-compatible endpoint the AWS tests run against (the Sandbox, moto). */
public interface AwsBackend {

    /** Shown in the parameterized test's name. */
    String name();

    /** The endpoint every client is pointed at; starts the backend on first use. */
    URI endpoint();

    /** Wipes all state, so a test starts from an empty account. */
    void reset();

    /**
     * Whether the backend refuses what AWS refuses (deleting a subnet that holds a NAT gateway's
     * ENI, releasing an Elastic IP a NAT gateway holds, …) and moves resources through their
     * real states. Assertions that only hold on real AWS are guarded by this.
     */
    boolean followsAwsDependencyRules();

    /**
     * Whether the backend serves the service of that SigV4 signing name ({@code elasticloadbalancing},
     * {@code autoscaling}, {@code acm}, {@code route53}); a test of a service it lacks is skipped
     * with {@code assumeTrue}, saying so.
     */
    boolean serves(String signingName);
}
