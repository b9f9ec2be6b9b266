package dev.cairn.gui;

import dev.cairn.sandbox.SandboxConfig;
import java.util.Locale;

/**
 * How fast the embedded Sandbox's resources move through their states: at once, or AWS's own
 * durations (a NAT gateway about 100 s, an instance about 20 s) scaled down, so a learner can watch
 * a step being built. The same knob as {@code cairn sandbox serve --latency realistic --time-scale F}.
 */
public enum SandboxPace {
    INSTANT(0),
    /** AWS's durations divided by ten. */
    TENTH(0.1),
    /** AWS's durations divided by four. */
    QUARTER(0.25),
    /** AWS's own durations. */
    AWS(1.0);

    private final double timeScale;

    SandboxPace(double timeScale) {
        this.timeScale = timeScale;
    }

    /** The Sandbox configuration of this pace (the rest as {@link SandboxConfig#instant()}). */
    public SandboxConfig config() {
        return this == INSTANT ? SandboxConfig.instant() : SandboxConfig.realistic(timeScale);
    }

    /** How settings remember it: {@code instant}, {@code tenth}, {@code quarter}, {@code aws}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The pace a remembered key names; instant for none or an unknown one. */
    public static SandboxPace ofKey(String key) {
        for (SandboxPace p : values()) {
            if (p.key().equals(key)) {
                return p;
            }
        }
        return INSTANT;
    }

    /** Its name in the menu: {@code account.pace.<key>}; its line of explanation: {@code account.pace.<key>.hint}. */
    public String messageKey() {
        return "account.pace." + key();
    }
}
