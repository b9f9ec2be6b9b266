package dev.cairn.aws;

import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Poll;
import java.util.Optional;

/**
 * A create whose answer is final: the resource the call returned is already as the spec asks
 * (IAM, CloudWatch Logs, CodeBuild… answer a create with the finished resource, and every further
 * call of the create succeeded), so its {@code awaitReady} needs no call to confirm it.
 *
 * <p>The mark is the {@link LiveResource#awsState()} of the create's answer, which the engine
 * passes to {@code awaitReady} as it is and never journals. So only the process that made the
 * create and every call after it sees the mark: a resource adopted by {@code find}, or resumed
 * from the journal after a crash (the engine hands {@code awaitReady} a resource with an empty
 * state), is read and converged as before — crash safety does not rest on the mark.
 */
public final class Settled {

    /** The state word of a create's answer that needs no ready poll; never one AWS uses. */
    public static final String STATE = "cairn:settled";

    private Settled() {}

    /** The create's answer, marked final. */
    public static LiveResource mark(LiveResource resource) {
        return new LiveResource(resource.physicalId(), resource.attributes(), STATE);
    }

    /** Whether {@code resource} is a create's final answer. */
    public static boolean is(LiveResource resource) {
        return resource != null && STATE.equals(resource.awsState());
    }

    /** DONE with the resource as the create answered it, when that answer is final; empty otherwise. */
    public static Optional<Poll> done(LiveResource resource) {
        return is(resource) ? Optional.of(Poll.done(resource)) : Optional.empty();
    }
}
