package dev.cairn.engine;

import java.util.function.Consumer;

/**
 * What a handler gets with each call besides the resource: the stack, and a way to say in words
 * what it is doing or waiting for (shown in the activity list and the CLI). The region of a
 * resource is on its spec.
 */
public record HandlerContext(String stack, Consumer<String> progress) {
    public void say(String message) {
        progress.accept(message);
    }
}
