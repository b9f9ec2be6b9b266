package dev.cairn.gui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileLocation;

/** The AWS profiles named in {@code ~/.aws/config} and {@code ~/.aws/credentials}, read with the SDK's parser. */
public final class AwsProfiles {

    /**
     * One named profile.
     *
     * @param sso whether it signs in through IAM Identity Center ({@code sso_session} or {@code sso_start_url})
     * @param region the profile's {@code region}, if set
     */
    public record AwsProfile(String name, boolean sso, Optional<String> region) {}

    /**
     * What the app needs to choose a target: the profiles, and whether the SDK's default chain
     * finds credentials (asked only when there are profiles: without one the choice is the Sandbox).
     */
    public record Found(List<AwsProfile> profiles, boolean credentialsFound) {}

    private AwsProfiles() {}

    /**
     * Reads the default files and asks the default credential chain: the SDK's profile parser and
     * credential providers, class loading of several hundred classes, and so run after the window
     * is shown, on a background thread (see {@code CairnApp}). Unreadable files count as none.
     */
    public static Found lookUp() {
        List<AwsProfile> profiles;
        try {
            profiles = readDefault();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(AwsProfiles.class).warn("cannot read the AWS profiles: {}", e.getMessage());
            profiles = List.of();
        }
        return new Found(profiles, !profiles.isEmpty() && dev.cairn.aws.AwsClients.credentialsAvailable(Optional.empty()));
    }

    /** The profiles of the default files (honouring {@code AWS_CONFIG_FILE} / {@code AWS_SHARED_CREDENTIALS_FILE}). */
    public static List<AwsProfile> readDefault() {
        return read(ProfileFileLocation.configurationFileLocation(), ProfileFileLocation.credentialsFileLocation());
    }

    /** The profiles of the given files, either of which may be absent; sorted by name. */
    public static List<AwsProfile> read(Optional<Path> config, Optional<Path> credentials) {
        Map<String, Profile> merged = new TreeMap<>();
        credentials.filter(Files::isRegularFile).ifPresent(p -> merged.putAll(
                ProfileFile.builder().content(p).type(ProfileFile.Type.CREDENTIALS).build().profiles()));
        // config wins for SSO and region settings; a profile named in both is one profile.
        config.filter(Files::isRegularFile).ifPresent(p -> ProfileFile.builder().content(p)
                .type(ProfileFile.Type.CONFIGURATION).build().profiles().forEach(merged::put));
        List<AwsProfile> out = new ArrayList<>();
        merged.forEach((name, profile) -> out.add(new AwsProfile(name,
                profile.property("sso_session").isPresent() || profile.property("sso_start_url").isPresent(),
                profile.property("region"))));
        return out;
    }
}
