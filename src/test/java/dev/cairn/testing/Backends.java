package dev.cairn.testing;

import java.util.stream.Stream;

/**
 * The one place that lists the backends AWS tests run against; use as
 * {@code @MethodSource("dev.cairn.testing.Backends#all")}.
 */
public final class Backends {
    private Backends() {}

    public static Stream<AwsBackend> all() {
        return Stream.of(MotoBackend.instance());
    }
}
