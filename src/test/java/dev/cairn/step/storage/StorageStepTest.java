package dev.cairn.step.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.model.Blueprint;
import dev.cairn.model.FieldError;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.BlueprintYaml;
import dev.cairn.step.Steps;
import org.junit.jupiter.api.Test;

/** The storage section's YAML shape, its defaults and the example that `cairn blueprint example` prints. */
class StorageStepTest {

    @Test
    void steps_registerStorageAfterTheWebTier() {
        assertThat(Steps.ALL.get(Steps.ALL.indexOf(StorageStep.MODULE) - 1)).isSameAs(dev.cairn.step.web.WebStep.MODULE);
        assertThat(Steps.find("storage")).containsSame(StorageStep.MODULE);
    }

    @Test
    void write_whenGuide_roundTripsTheStorageSection() {
        BlueprintYaml.Result result = BlueprintYaml.read(BlueprintYaml.write(BlueprintExample.guide()));
        assertThat(result.errors()).isEmpty();
        assertThat(result.blueprint().section(StorageSection.KEY)).isEqualTo(BlueprintExample.storage());
    }

    @Test
    void write_whenEveryOptionGiven_roundTripsThem() {
        StorageSection s = new StorageSection(true, new StorageSection.Bucket("my-bucket.example", false, true, 7),
                new StorageSection.Table(true, "notes", new StorageSection.Key("pk", KeyType.N),
                        new StorageSection.Key("sk", KeyType.B), false, true),
                new StorageSection.StateBucket(true, "team-state-bucket"));
        Blueprint bp = BlueprintExample.guide().with(StorageSection.KEY, s);
        BlueprintYaml.Result result = BlueprintYaml.read(BlueprintYaml.write(bp));
        assertThat(result.errors()).isEmpty();
        assertThat(result.blueprint().section(StorageSection.KEY)).isEqualTo(s);
    }

    @Test
    void read_whenOnlyTheKeyIsWritten_fillsEveryDefault() {
        String yaml = BlueprintYaml.write(BlueprintExample.networkOnly()) + "\nstorage:\n  table:\n    name: notes\n  stateBucket: {}\n";
        BlueprintYaml.Result result = BlueprintYaml.read(yaml);
        assertThat(result.errors()).isEmpty();
        StorageSection s = result.blueprint().section(StorageSection.KEY);
        assertThat(s.on()).isTrue();
        assertThat(s.bucket()).isEqualTo(new StorageSection.Bucket("auto", true, false, null));
        assertThat(s.table()).isEqualTo(new StorageSection.Table(true, "notes", new StorageSection.Key("id", KeyType.S), null,
                true, false));
        assertThat(s.stateBucket()).isEqualTo(new StorageSection.StateBucket(true, "auto"));
    }

    @Test
    void read_whenKeyTypeUnknown_listsTheThreeTypes() {
        String yaml = BlueprintYaml.write(BlueprintExample.networkOnly())
                + "\nstorage:\n  table:\n    partitionKey:\n      name: id\n      type: X\n";
        assertThat(BlueprintYaml.read(yaml).errors()).singleElement().satisfies(e -> {
            assertThat(e.rule()).isEqualTo("enum.value");
            assertThat(e.field()).isEqualTo("storage.table.partitionKey.type");
            assertThat(e.message()).contains("S", "N", "B");
        });
    }

    @Test
    void demoYaml_enablesStorageCommentsEveryKeyAndShowsTheSortKeyCommentedOut() {
        String yaml = BlueprintExample.demoYaml();
        String storage = yaml.substring(yaml.indexOf("\nstorage:"));
        assertThat(storage).contains("  enabled: true", "    name: auto", "    versioning: true", "    allowPublicRead: false",
                "    noncurrentVersionExpirationDays: 30", "    name: demo-table", "    # sortKey:", "    #   name: createdAt",
                "      type: S", "  stateBucket:");
        String[] lines = storage.substring(1).split("\n");
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (!line.strip().startsWith("#") && line.contains(":")) {
                assertThat(lines[i - 1].strip()).as("the comment above " + line).startsWith("#");
            }
        }
        BlueprintYaml.Result read = BlueprintYaml.read(yaml);
        assertThat(read.errors()).isEmpty();
        assertThat(read.blueprint().section(StorageSection.KEY)).isEqualTo(BlueprintExample.storage());
    }

    @Test
    void demoYaml_whenSortKeyUncommented_readsIt() {
        String yaml = BlueprintExample.demoYaml().replace("    # sortKey:\n", "    sortKey:\n")
                .replace("    #   # The attribute's name.\n    #   name: createdAt", "      # The attribute's name.\n      name: createdAt")
                .replace("    #   # S (string), N (number) or B (binary).\n    #   type: N",
                        "      # S (string), N (number) or B (binary).\n      type: N");
        BlueprintYaml.Result read = BlueprintYaml.read(yaml);
        assertThat(read.errors()).extracting(FieldError::message).isEmpty();
        assertThat(read.blueprint().section(StorageSection.KEY).table().sortKey())
                .isEqualTo(new StorageSection.Key("createdAt", KeyType.N));
    }
}
