package dev.cairn.cli;

import dev.cairn.engine.StackStore;
import dev.cairn.model.Blueprint;
import dev.cairn.model.StackState;
import dev.cairn.step.network.NetworkResources;
import dev.cairn.topology.Diagram;
import dev.cairn.topology.DiagramStyle;
import dev.cairn.topology.PngWriter;
import dev.cairn.topology.SvgWriter;
import dev.cairn.topology.TopologyInput;
import dev.cairn.topology.TopologyLayout;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cairn diagram}: the stack's topology as an SVG or PNG file, the same picture as the GUI's
 * diagram: desired resources from the blueprint, created ones (with their IDs) from the stack's
 * state. Makes no AWS call and takes no lock, so it can draw a stack while an apply runs.
 */
@Command(name = "diagram", mixinStandardHelpOptions = true,
        description = "Draw the stack's network as an SVG or PNG file. Makes no AWS call.")
final class DiagramCommand implements Callable<Integer> {

    /** PNGs are drawn at twice the logical size by default: sharp on high-DPI screens and in slides. */
    static final double DEFAULT_SCALE = 2.0;
    static final double MAX_SCALE = 8.0;

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptions options;

    @Option(names = "--out", required = true, paramLabel = "FILE.svg|FILE.png",
            description = "Where to write the picture; the extension picks the format.")
    Path out;

    @Option(names = "--scale", paramLabel = "F",
            description = "PNG pixels per diagram unit (default ${DEFAULT-VALUE}; ignored for SVG).")
    double scale = DEFAULT_SCALE;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        String name = out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean svg = name.endsWith(".svg");
        if (!svg && !name.endsWith(".png")) {
            throw new CairnCommand.UsageException("--out " + out + ": the file name must end in .svg or .png");
        }
        if (!(scale > 0 && scale <= MAX_SCALE)) {
            throw new CairnCommand.UsageException("--scale " + scale + ": must be more than 0 and at most " + MAX_SCALE);
        }
        Blueprint bp = options.loadBlueprint(spec.commandLine().getErr());
        StackState state;
        if (options.stateInS3(bp)) {
            // Read without taking the lock, through the target's S3 client.
            state = options.readState(bp);
        } else {
            Path dir = options.stateDir(bp);
            // Read the state file the store keeps current instead of opening the store: opening takes
            // the stack's lock (it would fail during an apply) and creates the folder.
            Path stateFile = dir.resolve(StackStore.STATE_FILE);
            state = Files.exists(stateFile) ? StackStore.readStateFile(stateFile) : StackState.empty(bp.name());
        }
        Diagram d = TopologyLayout.layout(new TopologyInput(bp.name(), bp.region(), NetworkResources.specs(bp), state,
                Map.of()));
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        long w;
        long h;
        if (svg) {
            Files.writeString(out, SvgWriter.toSvg(d), StandardCharsets.UTF_8);
            w = Math.round(Math.ceil(d.width()));
            h = Math.round(Math.ceil(DiagramStyle.canvasHeight(d)));
        } else {
            try {
                PngWriter.write(d, out, scale);
            } catch (IllegalArgumentException e) {
                throw new CairnCommand.UsageException("--scale " + scale + ": " + e.getMessage());
            }
            w = (long) Math.ceil(d.width() * scale);
            h = (long) Math.ceil(DiagramStyle.canvasHeight(d) * scale);
        }
        stdout.println("Wrote " + out + " (" + w + "×" + h + ")");
        stdout.flush();
        return CairnCommand.EXIT_OK;
    }
}
