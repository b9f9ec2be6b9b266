import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws the Cairn app icon (a balanced stack of rounded stones on a deep-teal rounded tile) with
 * Java2D and writes every size the installers need: cairn-SIZE.png, cairn.ico (Windows: ICO
 * header + PNG entries) and cairn.icns (macOS: ic07..ic10 PNG entries). Deterministic: same
 * JDK, same bytes. Run with `java IconMaker.java [outDir]` (see make-icons.sh).
 */
public class IconMaker {

    static final int[] PNG_SIZES = {16, 24, 32, 48, 64, 128, 256, 512, 1024};
    static final int[] ICO_SIZES = {16, 24, 32, 48, 64, 128, 256};
    /** macOS icon types holding PNG data, by pixel size. */
    static final Map<String, Integer> ICNS_TYPES = new LinkedHashMap<>();

    static {
        ICNS_TYPES.put("ic07", 128);
        ICNS_TYPES.put("ic08", 256);
        ICNS_TYPES.put("ic09", 512);
        ICNS_TYPES.put("ic10", 1024);
    }

    static final Color TILE_TOP = new Color(0x14, 0x7a, 0x86);
    static final Color TILE_BOTTOM = new Color(0x0a, 0x3d, 0x52);
    static final Color EDGE = new Color(0x06, 0x2a, 0x38);

    /** One stone: centre and size in units of the icon's side, and its light/dark fill. */
    record Stone(double cx, double cy, double w, double h, Color light, Color dark, double tiltDegrees) {}

    static final Color[][] STONE_COLORS = {
        {new Color(0xc9c2b6), new Color(0x8f887c)}, // warm grey, base
        {new Color(0xd9d3c7), new Color(0x9c958a)},
        {new Color(0xb8bec4), new Color(0x7b848c)}, // slate
        {new Color(0xebe6dc), new Color(0xaaa398)}, // pale top
    };

    /** Four stones from 48 px up; three bigger ones below, so 16 px stays readable. */
    static Stone[] stones(int size) {
        if (size <= 32) {
            return new Stone[] {
                new Stone(0.50, 0.71, 0.78, 0.25, STONE_COLORS[0][0], STONE_COLORS[0][1], 0),
                new Stone(0.47, 0.48, 0.58, 0.23, STONE_COLORS[2][0], STONE_COLORS[2][1], 0),
                new Stone(0.53, 0.28, 0.38, 0.19, STONE_COLORS[3][0], STONE_COLORS[3][1], 0),
            };
        }
        return new Stone[] {
            new Stone(0.50, 0.745, 0.64, 0.175, STONE_COLORS[0][0], STONE_COLORS[0][1], 0),
            new Stone(0.475, 0.575, 0.50, 0.160, STONE_COLORS[1][0], STONE_COLORS[1][1], -3.5),
            new Stone(0.525, 0.420, 0.38, 0.140, STONE_COLORS[2][0], STONE_COLORS[2][1], 4),
            new Stone(0.50, 0.285, 0.24, 0.120, STONE_COLORS[3][0], STONE_COLORS[3][1], -2.5),
        };
    }

    static BufferedImage draw(int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        double s = size;
        // Small sizes use the whole square: every pixel counts.
        double margin = size <= 32 ? 0 : s * 0.06;
        double side = s - 2 * margin;
        RoundRectangle2D tile = new RoundRectangle2D.Double(margin, margin, side, side, side * 0.44, side * 0.44);
        g.setPaint(new GradientPaint(0, (float) margin, TILE_TOP, 0, (float) (margin + side), TILE_BOTTOM));
        g.fill(tile);

        Stone[] stones = stones(size);
        double outline = Math.max(1.0, s / 64.0);
        for (Stone st : stones) {
            double w = st.w() * s;
            double h = st.h() * s;
            double x = st.cx() * s - w / 2;
            double y = st.cy() * s - h / 2;
            // A slight tilt per stone: hand-stacked, still balanced over the base's centre.
            java.awt.geom.AffineTransform saved = g.getTransform();
            g.rotate(Math.toRadians(st.tiltDegrees()), st.cx() * s, st.cy() * s);
            // A soft shadow under each stone separates it from the one below.
            g.setColor(new Color(0, 0, 0, 70));
            g.fill(new Ellipse2D.Double(x + s * 0.01, y + s * 0.025, w, h));
            g.setPaint(new GradientPaint(0, (float) y, st.light(), 0, (float) (y + h), st.dark()));
            Ellipse2D.Double shape = new Ellipse2D.Double(x, y, w, h);
            g.fill(shape);
            g.setColor(EDGE);
            g.setStroke(new BasicStroke((float) outline));
            g.draw(shape);
            if (size >= 48) {
                // A highlight on the upper left of the stone gives it volume.
                g.setColor(new Color(255, 255, 255, 90));
                g.fill(new Ellipse2D.Double(x + w * 0.18, y + h * 0.14, w * 0.36, h * 0.26));
            }
            g.setTransform(saved);
        }
        g.dispose();
        return img;
    }

    static byte[] png(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    /** ICO: ICONDIR (6 bytes), one ICONDIRENTRY (16 bytes) per image, then the PNG data. */
    static byte[] ico(Map<Integer, byte[]> pngs) {
        int count = ICO_SIZES.length;
        int offset = 6 + 16 * count;
        int total = offset;
        for (int size : ICO_SIZES) {
            total += pngs.get(size).length;
        }
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 0).putShort((short) 1).putShort((short) count);
        for (int size : ICO_SIZES) {
            byte[] data = pngs.get(size);
            b.put((byte) (size >= 256 ? 0 : size)).put((byte) (size >= 256 ? 0 : size));
            b.put((byte) 0).put((byte) 0); // no palette, reserved
            b.putShort((short) 1).putShort((short) 32); // planes, bits per pixel
            b.putInt(data.length).putInt(offset);
            offset += data.length;
        }
        for (int size : ICO_SIZES) {
            b.put(pngs.get(size));
        }
        return b.array();
    }

    /** ICNS: 'icns' + total length (big-endian), then per entry type + length (incl. 8) + PNG. */
    static byte[] icns(Map<Integer, byte[]> pngs) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(body);
        for (Map.Entry<String, Integer> e : ICNS_TYPES.entrySet()) {
            byte[] data = pngs.get(e.getValue());
            d.writeBytes(e.getKey());
            d.writeInt(8 + data.length);
            d.write(data);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream o = new DataOutputStream(out);
        o.writeBytes("icns");
        o.writeInt(8 + body.size());
        o.write(body.toByteArray());
        return out.toByteArray();
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Path dir = Path.of(args.length > 0 ? args[0] : ".");
        Files.createDirectories(dir);
        Map<Integer, byte[]> pngs = new LinkedHashMap<>();
        for (int size : PNG_SIZES) {
            byte[] data = png(draw(size));
            pngs.put(size, data);
            Files.write(dir.resolve("cairn-" + size + ".png"), data);
        }
        Files.write(dir.resolve("cairn.ico"), ico(pngs));
        Files.write(dir.resolve("cairn.icns"), icns(pngs));
        System.out.println("wrote " + PNG_SIZES.length + " PNGs, cairn.ico and cairn.icns to " + dir.toAbsolutePath());
    }
}
