package dev.cairn.gui;

import dev.cairn.gui.AwsProfiles.AwsProfile;
import java.util.Optional;

/** Where the user wants actions to go: the Sandbox, or an AWS profile. */
public record TargetChoice(String profile, boolean sso) {

    public static final TargetChoice SANDBOX = new TargetChoice(null, false);
    private static final String PROFILE_PREFIX = "profile:";

    public static TargetChoice of(AwsProfile p) {
        return new TargetChoice(p.name(), p.sso());
    }

    public boolean isSandbox() {
        return profile == null;
    }

    public Optional<String> profileName() {
        return Optional.ofNullable(profile);
    }

    /** How settings remember it: {@code sandbox} or {@code profile:<name>}. */
    public String key() {
        return isSandbox() ? "sandbox" : PROFILE_PREFIX + profile;
    }

    public static Optional<String> profileOfKey(String key) {
        return key != null && key.startsWith(PROFILE_PREFIX) ? Optional.of(key.substring(PROFILE_PREFIX.length())) : Optional.empty();
    }
}
