package dev.cairn.gui;

import java.net.URI;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Opens a web link (the connection's console page, a build's log) in the user's browser: the
 * application's {@code HostServices::showDocument} once the app has started; before that (and in
 * tests) a link does nothing. Only {@code http(s)} links are opened: the URLs come from AWS
 * answers and the state, so nothing read there may start another program.
 */
public final class Links {

    private static volatile Consumer<String> opener = url -> {};

    private Links() {}

    /** Set once by the application at start. */
    public static void use(Consumer<String> open) {
        opener = Objects.requireNonNull(open, "open");
    }

    /** Opens {@code url} when it is an http(s) link; returns whether it was handed to the browser. */
    public static boolean open(String url) {
        if (!isWeb(url)) {
            return false;
        }
        opener.accept(url);
        return true;
    }

    /** Whether {@code url} is an absolute http or https link. */
    public static boolean isWeb(String url) {
        if (url == null || url.isBlank()) {
            return false;
        }
        try {
            URI u = URI.create(url);
            return u.getHost() != null && ("https".equalsIgnoreCase(u.getScheme()) || "http".equalsIgnoreCase(u.getScheme()));
        } catch (IllegalArgumentException notAUri) {
            return false;
        }
    }
}
