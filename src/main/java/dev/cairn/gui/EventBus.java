package dev.cairn.gui;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A small typed event bus: subscribers register for an event class (after AtlantaFX's bus). */
public final class EventBus {

    private final Map<Class<?>, List<Consumer<Object>>> subscribers = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    public <E extends AppEvent> void subscribe(Class<E> type, Consumer<? super E> subscriber) {
        subscribers.computeIfAbsent(type, t -> new CopyOnWriteArrayList<>()).add(e -> subscriber.accept((E) e));
    }

    /** Delivers on the caller's thread (the FX thread in the app). */
    public void publish(AppEvent event) {
        subscribers.getOrDefault(event.getClass(), List.of()).forEach(s -> s.accept(event));
    }
}
