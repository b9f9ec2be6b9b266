package dev.cairn.gui;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value made on first use and kept: for what a start rarely needs but costs to make (a
 * locale's date patterns, say). Confined to one thread (the FX thread, where the views use it):
 * no locking.
 */
final class Lazy<T> implements Supplier<T> {

    private Supplier<? extends T> make;
    private T value;

    private Lazy(Supplier<? extends T> make) {
        this.make = make;
    }

    static <T> Lazy<T> of(Supplier<? extends T> make) {
        return new Lazy<>(Objects.requireNonNull(make));
    }

    @Override
    public T get() {
        if (make != null) {
            value = make.get();
            make = null;
        }
        return value;
    }
}
