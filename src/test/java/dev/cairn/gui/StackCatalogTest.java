package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.model.Blueprint;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.access.AccessSection;
import dev.cairn.step.network.NetworkSection;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackCatalogTest {

    @TempDir
    Path home;

    @Test
    void rename_whenStackHasAccessSection_keepsEverySection() {
        StackCatalog catalog = new StackCatalog(home);
        Blueprint created = catalog.create("shop", "ap-northeast-2");
        catalog.save(created.with(AccessSection.KEY, BlueprintExample.access()));
        Blueprint saved = catalog.load("shop").orElseThrow();

        Blueprint renamed = catalog.rename("shop", "shop-two");

        Blueprint loaded = catalog.load("shop-two").orElseThrow();
        assertThat(saved.section(AccessSection.KEY)).as("the access section the stack had").isNotNull();
        assertThat(renamed.section(AccessSection.KEY)).isEqualTo(saved.section(AccessSection.KEY));
        assertThat(loaded.section(AccessSection.KEY)).isEqualTo(saved.section(AccessSection.KEY));
        assertThat(loaded.section(NetworkSection.KEY)).isEqualTo(saved.section(NetworkSection.KEY));
        assertThat(loaded.tags()).isEqualTo(saved.tags());
        assertThat(loaded.name()).isEqualTo("shop-two");
    }

    @Test
    void create_whenHomeIsNew_makesHomeStacksFolderAndBlueprintOwnerOnly() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "owner-only modes are POSIX");
        Path cairnHome = home.resolve(".cairn");
        new StackCatalog(cairnHome).create("my-network", "ap-northeast-2");

        assertThat(mode(cairnHome)).isEqualTo("rwx------");
        assertThat(mode(cairnHome.resolve("stacks"))).isEqualTo("rwx------");
        assertThat(mode(cairnHome.resolve("stacks/my-network"))).isEqualTo("rwx------");
        assertThat(mode(cairnHome.resolve("stacks/my-network").resolve(StackCatalog.BLUEPRINT_FILE))).isEqualTo("rw-------");
    }

    @Test
    void save_whenStacksFolderWasWorldReadable_makesItOwnerOnly() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "owner-only modes are POSIX");
        StackCatalog catalog = new StackCatalog(home);
        // What an older version left behind: every folder 755.
        Files.createDirectories(catalog.dir("shop"));
        Files.setPosixFilePermissions(catalog.stacksDir(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(catalog.dir("shop"), PosixFilePermissions.fromString("rwxr-xr-x"));

        catalog.save(StackCatalog.defaultBlueprint("shop", "ap-northeast-2"));

        assertThat(mode(catalog.stacksDir())).isEqualTo("rwx------");
        assertThat(mode(catalog.dir("shop"))).isEqualTo("rwx------");
    }

    static String mode(Path path) throws java.io.IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
