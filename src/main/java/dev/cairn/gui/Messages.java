package dev.cairn.gui;

import dev.cairn.engine.Message;
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

    /** The engine's words ({@link Message}), beside the engine's classes. */
    static final String ENGINE_BUNDLE = "dev.cairn.engine.messages";

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

    /**
     * What the engine or a handler said, in this language: the engine bundle's pattern for its
     * key, kinds by their display names. A key the bundle lacks shows as the key (the bundle test
     * keeps that from happening).
     */
    public String engine(Message message) {
        ResourceBundle words = ResourceBundle.getBundle(ENGINE_BUNDLE, locale);
        return message.format(key -> words.containsKey(key) ? words.getString(key) : null,
                kind -> bundle.containsKey(kind.displayKey()) ? bundle.getString(kind.displayKey()) : kind.label());
    }

    /** A region's name in this language ({@code Asia Pacific (Seoul)}), or the catalog's, or its code. */
    public String regionName(String code) {
        String key = "region." + code;
        return bundle.containsKey(key) ? i18n(key)
                : dev.cairn.model.Regions.find(code).map(dev.cairn.model.Regions.Region::displayName).orElse(code);
    }

    public String problem(Problem problem) {
        return i18n(problem.key(), problem.args().toArray());
    }
}
