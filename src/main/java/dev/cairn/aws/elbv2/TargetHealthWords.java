package dev.cairn.aws.elbv2;

import dev.cairn.engine.Message;
import java.util.Map;

/**
 * Why a target is not healthy, in words a person can act on, from AWS's reason code
 * ({@code TargetHealth.Reason}, ELBv2 API reference). The bare codes say little:
 * {@code Target.Timeout} nearly always means the instance's security group does not admit the
 * load balancer's on the health-check port, and that is what the words say. A code Cairn does
 * not know is shown with AWS's own description.
 */
public final class TargetHealthWords {

    /** AWS's reason codes that have words of their own in the engine's bundles. */
    private static final Map<String, Message> WORDS = Map.ofEntries(
            Map.entry("Elb.RegistrationInProgress", Message.of("target.reason.Elb.RegistrationInProgress")),
            Map.entry("Elb.InitialHealthChecking", Message.of("target.reason.Elb.InitialHealthChecking")),
            Map.entry("Elb.InternalError", Message.of("target.reason.Elb.InternalError")),
            Map.entry("Target.ResponseCodeMismatch", Message.of("target.reason.Target.ResponseCodeMismatch")),
            Map.entry("Target.Timeout", Message.of("target.reason.Target.Timeout")),
            Map.entry("Target.FailedHealthChecks", Message.of("target.reason.Target.FailedHealthChecks")),
            Map.entry("Target.NotRegistered", Message.of("target.reason.Target.NotRegistered")),
            Map.entry("Target.NotInUse", Message.of("target.reason.Target.NotInUse")),
            Map.entry("Target.DeregistrationInProgress", Message.of("target.reason.Target.DeregistrationInProgress")),
            Map.entry("Target.InvalidState", Message.of("target.reason.Target.InvalidState")),
            Map.entry("Target.IpUnusable", Message.of("target.reason.Target.IpUnusable")),
            Map.entry("Target.HealthCheckDisabled", Message.of("target.reason.Target.HealthCheckDisabled")));

    private TargetHealthWords() {}

    /**
     * The reason in words.
     *
     * @param reason AWS's reason code, or null/empty when AWS gave none
     * @param description AWS's description, shown for a code Cairn has no words for
     */
    public static Message reason(String reason, String description) {
        Message words = reason == null ? null : WORDS.get(reason);
        if (words != null) {
            return words;
        }
        String said = description == null || description.isBlank() ? "" : description;
        if (reason == null || reason.isBlank()) {
            return Message.raw(said);
        }
        return Message.raw(said.isEmpty() ? reason : reason + ": " + said);
    }
}
