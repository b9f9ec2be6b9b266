package dev.cairn.topology;

import static dev.cairn.topology.NetworkFixtures.REGION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.model.ResourceSpec;
import dev.cairn.topology.Diagram.Container;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PngWriterTest {

    @TempDir
    Path dir;

    private static Diagram ready() {
        List<ResourceSpec> specs = NetworkFixtures.network(2, 0);
        return TopologyLayout.layout(
                new TopologyInput("demo", REGION, specs, NetworkFixtures.created("demo", specs), Map.of()));
    }

    @Test
    void write_whenHeadless_writesADecodablePngOfTheScaledSize() throws Exception {
        Diagram d = ready();
        Path file = dir.resolve("out/diagram.png");

        PngWriter.write(d, file, 2.0);

        BufferedImage img = ImageIO.read(file.toFile());
        assertThat(img).isNotNull();
        assertThat(img.getWidth()).isEqualTo((int) Math.ceil(d.width() * 2));
        assertThat(img.getHeight()).isEqualTo((int) Math.ceil(DiagramStyle.canvasHeight(d) * 2));
    }

    @Test
    void render_whenSubnetReady_fillsItWithItsTierTint() {
        Diagram d = ready();
        Container pub = d.container("network.subnet[public-a]").orElseThrow();
        Container app = d.container("network.subnet[app-a]").orElseThrow();

        BufferedImage img = PngWriter.render(d, 1.0);

        // The right padding of a subnet holds no node: its pixels are the subnet's own fill.
        assertThat(img.getRGB((int) (pub.x() + pub.w() - 5), (int) (pub.y() + pub.h() / 2)) & 0xffffff)
                .isEqualTo(PngWriter.color(DiagramStyle.containerFill(pub)).getRGB() & 0xffffff);
        assertThat(img.getRGB((int) (app.x() + app.w() - 5), (int) (app.y() + app.h() / 2)) & 0xffffff)
                .isEqualTo(PngWriter.color(DiagramStyle.containerFill(app)).getRGB() & 0xffffff);
    }

    @Test
    void render_whenScaleNotPositive_refuses() {
        assertThatThrownBy(() -> PngWriter.render(ready(), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
