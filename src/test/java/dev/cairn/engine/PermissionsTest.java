package dev.cairn.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PermissionsTest {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "durably: {0}")
    @ValueSource(booleans = {false, true})
    void writeOwnerOnly_whenFileExistsWorldReadable_replacesItOwnerOnlyAndLeavesNoTemporaryFile(boolean durably)
            throws Exception {
        assumeTrue(Permissions.posix(), "owner-only modes are POSIX");
        Path file = tmp.resolve("state.json");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        if (durably) {
            Permissions.writeOwnerOnlyDurably(file, "new".getBytes(StandardCharsets.UTF_8));
        } else {
            Permissions.writeOwnerOnly(file, "new".getBytes(StandardCharsets.UTF_8));
        }

        assertThat(file).hasContent("new");
        assertThat(mode(file)).isEqualTo("rw-------");
        try (var files = Files.list(tmp)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void createOwnerOnlyDirectories_createsEveryMissingFolderOwnerOnlyAndTightensAnExistingOne() throws Exception {
        assumeTrue(Permissions.posix(), "owner-only modes are POSIX");
        Path old = Files.createDirectory(tmp.resolve("old"));
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rwxr-xr-x"));

        Permissions.createOwnerOnlyDirectories(tmp.resolve("home/stacks/demo"));
        Permissions.createOwnerOnlyDirectories(old);

        assertThat(mode(tmp.resolve("home"))).isEqualTo("rwx------");
        assertThat(mode(tmp.resolve("home/stacks"))).isEqualTo("rwx------");
        assertThat(mode(tmp.resolve("home/stacks/demo"))).isEqualTo("rwx------");
        assertThat(mode(old)).isEqualTo("rwx------");
    }

    static String mode(Path path) throws java.io.IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
