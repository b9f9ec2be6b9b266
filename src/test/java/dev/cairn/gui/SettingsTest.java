package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @TempDir
    Path tmp;

    @Test
    void save_whenHomeIsNew_makesHomeAndFileOwnerOnlyAndLoadsBack() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "owner-only modes are POSIX");
        Path home = tmp.resolve(".cairn");
        Settings settings = Settings.defaults().withLanguage("ko").withLastStack("shop");

        settings.save(home);

        assertThat(StackCatalogTest.mode(home)).isEqualTo("rwx------");
        assertThat(StackCatalogTest.mode(home.resolve(Settings.FILE))).isEqualTo("rw-------");
        assertThat(Settings.load(home)).isEqualTo(settings);
    }
}
