package dev.cairn.gui;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the app remembers between runs, in {@code <cairn home>/settings.json}.
 *
 * @param language a language tag ({@code en}, {@code ko}), or null to follow the system
 * @param lastStack the stack open when the app closed, or null
 * @param target {@code sandbox} or {@code profile:<name>}, or null for the default choice
 * @param region the last region chosen, or null
 * @param width the window's width when the app last closed
 * @param height the window's height when the app last closed
 * @param diagramWidth the width the user gave the diagram beside the page, or 0 for the default
 * @param sandboxPace the embedded Sandbox's pace ({@link SandboxPace#key()}), or null for instant
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Settings(String language, String lastStack, String target, String region, double width, double height,
        double diagramWidth, String sandboxPace) {

    public static final String FILE = "settings.json";
    public static final double DEFAULT_WIDTH = 1440;
    public static final double DEFAULT_HEIGHT = 900;
    private static final Logger LOG = LoggerFactory.getLogger(Settings.class);
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static Settings defaults() {
        return new Settings(null, null, null, null, DEFAULT_WIDTH, DEFAULT_HEIGHT, 0, null);
    }

    /** Reads the settings, or the defaults when the file is missing or unreadable (logged). */
    public static Settings load(Path home) {
        Path file = home.resolve(FILE);
        if (!Files.exists(file)) {
            return defaults();
        }
        try {
            Settings s = MAPPER.readValue(file.toFile(), Settings.class);
            return new Settings(s.language, s.lastStack, s.target, s.region,
                    s.width > 0 ? s.width : DEFAULT_WIDTH, s.height > 0 ? s.height : DEFAULT_HEIGHT,
                    Math.max(0, s.diagramWidth), s.sandboxPace);
        } catch (IOException e) {
            LOG.warn("ignoring unreadable settings {}: {}", file, e.getMessage());
            return defaults();
        }
    }

    public void save(Path home) throws IOException {
        Files.createDirectories(home);
        MAPPER.writeValue(home.resolve(FILE).toFile(), this);
    }

    public Settings withLanguage(String value) {
        return new Settings(value, lastStack, target, region, width, height, diagramWidth, sandboxPace);
    }

    public Settings withLastStack(String value) {
        return new Settings(language, value, target, region, width, height, diagramWidth, sandboxPace);
    }

    public Settings withTarget(String value, String newRegion) {
        return new Settings(language, lastStack, value, newRegion, width, height, diagramWidth, sandboxPace);
    }

    public Settings withSize(double w, double h) {
        return new Settings(language, lastStack, target, region, w, h, diagramWidth, sandboxPace);
    }

    public Settings withDiagramWidth(double w) {
        return new Settings(language, lastStack, target, region, width, height, w, sandboxPace);
    }

    public Settings withSandboxPace(SandboxPace pace) {
        return new Settings(language, lastStack, target, region, width, height, diagramWidth, pace.key());
    }

    /** The remembered pace of the embedded Sandbox. */
    public SandboxPace pace() {
        return SandboxPace.ofKey(sandboxPace);
    }
}
