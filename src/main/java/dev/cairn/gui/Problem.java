package dev.cairn.gui;

import java.util.List;

/** A message for people as a bundle key and its arguments, so view models stay language-free. */
public record Problem(String key, List<String> args) {

    public Problem {
        args = List.copyOf(args);
    }

    public static Problem of(String key, String... args) {
        return new Problem(key, List.of(args));
    }
}
