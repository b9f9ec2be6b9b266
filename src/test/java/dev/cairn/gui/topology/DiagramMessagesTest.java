package dev.cairn.gui.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.model.ResourceKind;
import dev.cairn.model.kinds.ResourceKinds;
import dev.cairn.topology.NodeStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The view's texts: every key it uses exists in English and Korean, and none is unused. */
class DiagramMessagesTest {

    private static final Path SOURCE = Path.of("src/main/java/dev/cairn/gui/topology/DiagramView.java");

    @Test
    void bundles_whenCompared_haveTheSameDiagramKeys() throws IOException {
        Set<String> en = load("messages.properties").stringPropertyNames();
        Set<String> ko = load("messages_ko.properties").stringPropertyNames();
        Set<String> mine = new TreeSet<>(en);
        mine.removeIf(k -> !k.startsWith("diagram."));
        Set<String> mineKo = new TreeSet<>(ko);
        mineKo.removeIf(k -> !k.startsWith("diagram."));
        assertThat(mineKo).isEqualTo(mine);
    }

    @Test
    void bundles_whenViewSourceScanned_haveEveryUsedKeyAndNoUnusedOne() throws IOException {
        Set<String> used = new TreeSet<>();
        Matcher m = Pattern.compile("\"(diagram\\.[a-zA-Z.]+[a-zA-Z])\"").matcher(Files.readString(SOURCE));
        while (m.find()) {
            used.add(m.group(1));
        }
        // Keys built from enum names and formats.
        for (NodeStatus s : NodeStatus.values()) {
            used.add("diagram.status." + s.name().toLowerCase(Locale.ROOT));
        }
        for (dev.cairn.topology.TargetHealth.State s : dev.cairn.topology.TargetHealth.State.values()) {
            used.add("diagram.health." + s.word());
        }
        DiagramView.EXPLAINED_REASONS.forEach(r -> used.add("diagram.health.reason." + r));
        used.remove("diagram.health.");
        used.remove("diagram.health.reason.");
        // Roles that name their box (the team's state bucket).
        dev.cairn.topology.DiagramStyle.namedRoles().forEach(r -> used.add("diagram.role." + r));
        used.remove("diagram.role.");
        for (ResourceKind k : ResourceKinds.all()) {
            used.add(k.displayKey());
        }
        used.add("diagram.export.filter.png");
        used.add("diagram.export.filter.svg");
        used.remove("diagram.status.");
        used.remove("diagram.kind.");
        used.remove("diagram.export.filter.");
        used.remove("diagram.export");

        Set<String> en = new HashSet<>(load("messages.properties").stringPropertyNames());
        en.removeIf(k -> !k.startsWith("diagram."));
        assertThat(en).containsAll(used);
        assertThat(used).containsAll(en);
    }

    private static Properties load(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = DiagramMessagesTest.class.getResourceAsStream("/dev/cairn/gui/" + name)) {
            assertThat(in).as(name).isNotNull();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }
}
