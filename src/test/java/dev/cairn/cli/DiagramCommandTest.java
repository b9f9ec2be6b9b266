package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.engine.StackStore;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.StackState;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.network.NetworkResources;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiagramCommandTest {

    @TempDir
    Path tmp;

    private String savedHome;
    private PrintStream savedOut;
    private PrintStream savedErr;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Path blueprint;

    @BeforeEach
    void redirect() throws Exception {
        savedHome = System.getProperty(StackStore.HOME_PROPERTY);
        System.setProperty(StackStore.HOME_PROPERTY, tmp.resolve("home").toString());
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        blueprint = tmp.resolve("demo.yaml");
        Files.writeString(blueprint, BlueprintExample.demoYaml());
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
        if (savedHome == null) {
            System.clearProperty(StackStore.HOME_PROPERTY);
        } else {
            System.setProperty(StackStore.HOME_PROPERTY, savedHome);
        }
    }

    @Test
    void run_whenSvgOut_writesParsableSvgOfThePlan() throws Exception {
        Path svg = tmp.resolve("pics/demo.svg");
        int code = CairnCommand.run("diagram", "--blueprint", blueprint.toString(), "--out", svg.toString());

        assertThat(code).as(err.toString()).isZero();
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        String text = Files.readString(svg);
        assertThat(text).contains("data-id=\"" + NetworkResources.VPC.value() + "\"", "data-status=\"planned\"");
        assertThat(out.toString()).startsWith("Wrote " + svg + " (").contains("×");
        assertThat(Files.exists(StackStore.defaultDir("demo"))).as("a diagram creates no stack folder").isFalse();
    }

    @Test
    void run_whenStateHasCreatedVpc_drawsItReadyWithItsId() throws Exception {
        Path stateDir = tmp.resolve("state");
        Files.createDirectories(stateDir);
        ResourceSpec vpc = NetworkResources.specs(BlueprintExample.demo()).stream()
                .filter(s -> s.address().equals(NetworkResources.VPC)).findFirst().orElseThrow();
        StackState state = new StackState("demo", Map.of(vpc.address(),
                new ResourceRecord(vpc, "vpc-0123456789abcdef0", Map.of(), ItemStatus.READY, Instant.EPOCH)), Map.of());
        StackStore.mapper().writeValue(stateDir.resolve(StackStore.STATE_FILE).toFile(), state);
        Path svg = tmp.resolve("demo.svg");

        int code = CairnCommand.run("diagram", "--blueprint", blueprint.toString(), "--state-dir", stateDir.toString(),
                "--out", svg.toString());

        assertThat(code).as(err.toString()).isZero();
        String text = Files.readString(svg);
        assertThat(text).contains("vpc-0123456789abcdef0");
        assertThat(text).containsPattern("data-id=\"network\\.vpc\" data-status=\"ready\"");
    }

    @Test
    void run_whenPngOut_writesDecodablePngAtTheScale() throws Exception {
        Path png = tmp.resolve("demo.PNG");
        int code = CairnCommand.run("diagram", "--blueprint", blueprint.toString(), "--out", png.toString(),
                "--scale", "1");

        assertThat(code).as(err.toString()).isZero();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).isNotNull();
        assertThat(out.toString().trim()).isEqualTo("Wrote " + png + " (" + image.getWidth() + "×" + image.getHeight() + ")");
    }

    @Test
    void run_whenOutHasOtherExtension_exits2NamingOut() {
        Path pdf = tmp.resolve("demo.pdf");
        int code = CairnCommand.run("diagram", "--blueprint", blueprint.toString(), "--out", pdf.toString());

        assertThat(code).isEqualTo(CairnCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("--out", ".svg", ".png");
        assertThat(Files.exists(pdf)).isFalse();
    }

    @Test
    void run_whenBlueprintInvalid_exits2WithoutWriting() throws Exception {
        Files.writeString(blueprint, BlueprintExample.demoYaml().replace("10.1.0.0/16", "10.1.0.0/99"));
        Path svg = tmp.resolve("demo.svg");
        int code = CairnCommand.run("diagram", "--blueprint", blueprint.toString(), "--out", svg.toString());

        assertThat(code).isEqualTo(CairnCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("is not valid");
        assertThat(Files.exists(svg)).isFalse();
    }

    @Test
    void run_whenScaleNotPositive_exits2() {
        int code = CairnCommand.run("diagram", "--blueprint", blueprint.toString(), "--out",
                tmp.resolve("d.png").toString(), "--scale", "0");

        assertThat(code).isEqualTo(CairnCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("--scale");
    }
}
