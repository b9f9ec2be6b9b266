package dev.cairn.engine;

import dev.cairn.model.ResourceKind;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.ResourceBundle;
import java.util.function.Function;

/**
 * Something the engine or a handler says about a resource, as a bundle key and arguments, so
 * each face words it in its own language: the CLI and the logs in English
 * ({@link #english()}), the GUI in the user's. The English patterns are in
 * {@code dev/cairn/engine/messages.properties} (the Korean ones beside it).
 *
 * <p>Arguments are strings or numbers (shown as they are: IDs, AWS's state words and messages),
 * {@link ResourceKind}s (shown by their display name) or nested messages.
 *
 * @param key the bundle key ({@code engine.waitingGone}); {@link #RAW} for text that has no key
 *     (AWS's own messages), shown as is in every language
 */
public record Message(String key, List<Object> args) {

    /** The key of a message that is only its one argument: AWS's words, or text with no key yet. */
    public static final String RAW = "raw";
    /** The message of an event that says nothing. */
    public static final Message NONE = new Message(RAW, List.of(""));

    private static final String BUNDLE = "dev.cairn.engine.messages";

    public Message {
        Objects.requireNonNull(key, "key");
        for (Object a : args) {
            if (!(a instanceof String || a instanceof Number || a instanceof ResourceKind || a instanceof Message)) {
                throw new IllegalArgumentException("a message argument is a string, number, kind or message, not "
                        + (a == null ? "null" : a.getClass().getSimpleName()));
            }
        }
        args = List.copyOf(args);
    }

    public static Message of(String key, Object... args) {
        List<Object> list = new ArrayList<>();
        for (Object a : args) {
            list.add(a == null ? "" : a);
        }
        return new Message(key, list);
    }

    /** Text with no key: shown as it is, in every language. */
    public static Message raw(String text) {
        return new Message(RAW, List.of(text == null ? "" : text));
    }

    public boolean isEmpty() {
        return key.equals(RAW) && args.get(0).toString().isEmpty();
    }

    /** The message in English, as the CLI and the logs show it. */
    public String english() {
        ResourceBundle english = ResourceBundle.getBundle(BUNDLE, Locale.ROOT);
        return format(key -> english.containsKey(key) ? english.getString(key) : null, ResourceKind::label);
    }

    /**
     * The message worded by a face.
     *
     * @param patterns the pattern of a key in the face's language, or null when it has none (the
     *     key itself is then shown, so a missing translation is visible, never silent)
     * @param kinds a kind's name in the face's language
     */
    public String format(Function<String, String> patterns, Function<ResourceKind, String> kinds) {
        if (key.equals(RAW)) {
            return args.isEmpty() ? "" : args.get(0).toString();
        }
        Object[] formatted = new Object[args.size()];
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            formatted[i] = a instanceof Message m ? m.format(patterns, kinds)
                    : a instanceof ResourceKind k ? kinds.apply(k)
                    : a.toString();
        }
        String pattern = patterns.apply(key);
        if (pattern == null) {
            return key + (formatted.length == 0 ? "" : " " + String.join(" ", java.util.Arrays.stream(formatted)
                    .map(Object::toString).toList()));
        }
        return new MessageFormat(pattern, Locale.ROOT).format(formatted);
    }

    @Override
    public String toString() {
        return english();
    }
}
