package dev.cairn.engine;

/**
 * Receives the engine's events. Called from engine worker threads, possibly concurrently:
 * implementations must be thread-safe and quick (a GUI listener hands off to the FX thread).
 */
@FunctionalInterface
public interface EngineListener {
    void onEvent(ResourceEvent event);

    EngineListener NONE = event -> {};
}
