package dev.cairn.gui;

import dev.cairn.model.FieldError;
import dev.cairn.model.ItemStatus;
import dev.cairn.step.network.NatMode;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Translated text for one locale. Every user-visible string goes through {@link #i18n}; keys are
 * dotted ({@code wizard.network.title}). A missing key throws: the bundle test keeps them whole.
 */
public final class Messages {

    /** The languages the app ships, in the order the language menu shows them. */
    public static final java.util.List<Locale> SUPPORTED = java.util.List.of(Locale.ENGLISH, Locale.KOREAN);

    private final ResourceBundle bundle;
    private final Locale locale;

    public Messages(Locale locale) {
        this.locale = supported(locale);
        this.bundle = Resources.bundle(this.locale);
    }

    /** The supported language closest to {@code locale} (English unless it is Korean). */
    public static Locale supported(Locale locale) {
        return Locale.KOREAN.getLanguage().equals(locale.getLanguage()) ? Locale.KOREAN : Locale.ENGLISH;
    }

    public Locale locale() {
        return locale;
    }

    public ResourceBundle bundle() {
        return bundle;
    }

    /** The text of {@code key}, with {@code args} put in by {@link MessageFormat} when given. */
    public String i18n(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            throw new MissingResourceException("no text for key '" + key + "' in " + locale, Resources.BUNDLE, key);
        }
        if (args.length == 0) {
            return pattern;
        }
        return new MessageFormat(pattern, locale).format(args);
    }

    public String status(ItemStatus status) {
        return i18n(statusKey(status));
    }

    public static String statusKey(ItemStatus status) {
        return "status." + status.name().toLowerCase(Locale.ROOT);
    }

    public String nat(NatMode mode) {
        return i18n(natKey(mode));
    }

    public static String natKey(NatMode mode) {
        return "nat." + mode.name().toLowerCase(Locale.ROOT);
    }

    public static String ruleKey(String rule) {
        return "rule." + rule;
    }

    /** A validation problem in words, translated by its rule with its args. */
    public String error(FieldError error) {
        String key = ruleKey(error.rule());
        if (!bundle.containsKey(key)) {
            // A rule newer than the bundles: the validator's English sentence is still exact.
            return error.message();
        }
        return i18n(key, error.args().toArray());
    }

    public String problem(Problem problem) {
        return i18n(problem.key(), problem.args().toArray());
    }
}
