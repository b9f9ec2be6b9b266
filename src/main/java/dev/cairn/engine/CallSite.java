package dev.cairn.engine;

import dev.cairn.model.ResourceKind;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Which node's operation the current thread is working for, so that an API-call counter below
 * the handlers (the SDK's interceptor in {@code aws}; the engine knows no SDK) can attribute each
 * call to a kind and a phase. The engine sets it around every handler call; a handler's calls run
 * on the thread that called it (synchronous clients), so the attribution follows them.
 */
public final class CallSite {

    /** What a handler call is doing for its node. */
    public enum Phase {
        FIND, CREATE, READY, UPDATE, READ, DELETE, GONE, SCAN;

        /** Lower case, as reports print it. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The attribution of calls made outside any handler call (account checks, plans). */
    public static final String OTHER = "other";

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private CallSite() {}

    /** {@code "<WIRE_NAME> <phase>"} ({@code "NAT_GATEWAY ready"}), or {@link #OTHER}. */
    public static String current() {
        String c = CURRENT.get();
        return c == null ? OTHER : c;
    }

    /** The key a kind's phase is counted under. */
    public static String key(ResourceKind kind, Phase phase) {
        return key(kind.wireName(), phase);
    }

    static String key(String what, Phase phase) {
        return what + " " + phase.word();
    }

    /** Runs {@code call} attributed to {@code kind}'s {@code phase}; restores the previous attribution. */
    public static <T> T during(ResourceKind kind, Phase phase, Supplier<T> call) {
        return during(key(kind, phase), call);
    }

    static <T> T during(String key, Supplier<T> call) {
        String previous = CURRENT.get();
        CURRENT.set(key);
        try {
            return call.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }
}
