package dev.cairn.testing;

import java.util.stream.Stream;

/**
 * The one place that lists the backends AWS tests run against; use as
 * {@code @MethodSource("dev.cairn.testing.Backends#all")}.
 */
public final class Backends {
    private Backends() {}

    /** The Sandbox first, then moto (skipped with a visible reason where moto is absent). */
    public static Stream<AwsBackend> all() {
        return Stream.of(SandboxBackend.instance(), MotoBackend.instance());
    }
}
