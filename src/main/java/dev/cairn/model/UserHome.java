package dev.cairn.model;

import java.nio.file.Path;

/**
 * The user's home folder as the AWS CLI, the AWS SDK and ssh find it: {@code $HOME} when it is
 * set, else Java's {@code user.home}. Java alone would not do: {@code user.home} comes from the
 * password database and ignores {@code $HOME}, so a run with another {@code HOME} would read the
 * credentials of one home and write keys and stacks into another. Everything Cairn keeps in the
 * user's home ({@code ~/.cairn}, {@code ~/.ssh}, a {@code ~/} in a blueprint) starts here.
 */
public final class UserHome {
    private UserHome() {}

    /** {@code $HOME}, or {@code user.home} when {@code $HOME} is unset or empty. */
    public static Path dir() {
        return dir(System.getenv("HOME"), System.getProperty("user.home"));
    }

    static Path dir(String homeVariable, String userHomeProperty) {
        return homeVariable != null && !homeVariable.isBlank() ? Path.of(homeVariable) : Path.of(userHomeProperty);
    }

    /** {@code ~} and {@code ~/x} → {@link #dir()} and {@code dir()/x}; any other path as it is. */
    public static Path expand(String file) {
        if (file.equals("~") || file.startsWith("~/")) {
            return dir().resolve(file.equals("~") ? "" : file.substring(2));
        }
        return Path.of(file);
    }
}
