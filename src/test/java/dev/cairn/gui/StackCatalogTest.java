package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.model.Blueprint;
import dev.cairn.model.BlueprintExample;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackCatalogTest {

    @TempDir
    Path home;

    @Test
    void rename_whenStackHasAccessSection_keepsEverySection() {
        StackCatalog catalog = new StackCatalog(home);
        Blueprint created = catalog.create("shop", "ap-northeast-2");
        catalog.save(created.withAccess(BlueprintExample.access()));
        Blueprint saved = catalog.load("shop").orElseThrow();

        Blueprint renamed = catalog.rename("shop", "shop-two");

        Blueprint loaded = catalog.load("shop-two").orElseThrow();
        assertThat(saved.access()).as("the access section the stack had").isNotNull();
        assertThat(renamed.access()).isEqualTo(saved.access());
        assertThat(loaded.access()).isEqualTo(saved.access());
        assertThat(loaded.network()).isEqualTo(saved.network());
        assertThat(loaded.tags()).isEqualTo(saved.tags());
        assertThat(loaded.name()).isEqualTo("shop-two");
    }
}
