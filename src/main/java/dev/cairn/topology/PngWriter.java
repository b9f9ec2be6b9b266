package dev.cairn.topology;

import dev.cairn.topology.Diagram.Container;
import dev.cairn.topology.Diagram.Edge;
import dev.cairn.topology.Diagram.Node;
import dev.cairn.topology.Diagram.Point;
import dev.cairn.topology.DiagramStyle.LegendItem;
import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Composite;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Writes a {@link Diagram} as a PNG with Java2D, drawing what {@link SvgWriter} draws with the
 * same {@link DiagramStyle}. Works headless: it uses only an off-screen {@link BufferedImage}.
 */
public final class PngWriter {

    /** Java2D cannot allocate much more than this many pixels in one int-ARGB image. */
    static final long MAX_PIXELS = 200_000_000L;

    private PngWriter() {}

    /**
     * Renders the diagram at {@code scale} (2 for a sharp image on a high-DPI screen) and writes it
     * to {@code file}, replacing it.
     *
     * @throws IllegalArgumentException if the scale is not positive or the image would be too big
     */
    public static void write(Diagram d, Path file, double scale) throws IOException {
        BufferedImage image = render(d, scale);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer in this Java runtime");
        }
    }

    /** Renders the diagram into an image of {@code ceil(width*scale) × ceil(canvasHeight*scale)}. */
    public static BufferedImage render(Diagram d, double scale) {
        if (!(scale > 0)) {
            throw new IllegalArgumentException("scale must be positive: " + scale);
        }
        int w = (int) Math.ceil(d.width() * scale);
        int h = (int) Math.ceil(DiagramStyle.canvasHeight(d) * scale);
        if ((long) w * h > MAX_PIXELS) {
            throw new IllegalArgumentException("diagram too large for a PNG at scale " + scale + ": " + w + "×" + h);
        }
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.scale(scale, scale);
            g.setColor(color(DiagramStyle.BACKGROUND));
            g.fill(new java.awt.geom.Rectangle2D.Double(0, 0, d.width(), DiagramStyle.canvasHeight(d)));
            for (Container c : d.containers()) {
                container(g, c);
            }
            for (Edge e : d.edges()) {
                edge(g, e);
            }
            for (Node n : d.nodes()) {
                node(g, n);
            }
            for (LegendItem i : DiagramStyle.legend(d)) {
                Composite saved = g.getComposite();
                g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) i.opacity()));
                box(g, i.x(), i.y(), i.swatchSize(), i.swatchSize(), i.fill(), i.stroke(), i.dash(), 1.4);
                g.setComposite(saved);
                text(g, i.x() + i.swatchSize() + 6, i.y() + i.swatchSize() - 4, DiagramStyle.SUBLABEL_SIZE, false,
                        DiagramStyle.TEXT, i.text());
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void container(Graphics2D g, Container c) {
        NodeStatus s = c.status();
        Composite saved = g.getComposite();
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) DiagramStyle.opacity(s)));
        box(g, c.x(), c.y(), c.w(), c.h(), DiagramStyle.containerFilled(c) ? DiagramStyle.containerFill(c) : "none",
                DiagramStyle.containerStroke(c), DiagramStyle.dash(s), DiagramStyle.strokeWidth(s));
        text(g, c.x() + DiagramStyle.TEXT_INSET, c.y() + 14, DiagramStyle.LABEL_SIZE,
                DiagramStyle.boldLabel(c.kind()), DiagramStyle.TEXT, c.label());
        if (!c.sublabel().isEmpty()) {
            text(g, c.x() + DiagramStyle.TEXT_INSET, c.y() + 27, DiagramStyle.SUBLABEL_SIZE, false,
                    DiagramStyle.SUBTEXT, c.sublabel());
        }
        g.setComposite(saved);
    }

    private static void node(Graphics2D g, Node n) {
        NodeStatus s = n.status();
        Composite saved = g.getComposite();
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) DiagramStyle.opacity(s)));
        box(g, n.x(), n.y(), n.w(), n.h(), DiagramStyle.nodeFill(n), DiagramStyle.nodeStroke(n), DiagramStyle.dash(s),
                DiagramStyle.strokeWidth(s));
        double icon = Math.min(DiagramStyle.ICON_SIZE, n.h() - 10);
        double ix = n.x() + 6;
        double iy = n.y() + (n.h() - icon) / 2;
        g.setColor(color(n.badge().colour()));
        g.fill(new RoundRectangle2D.Double(ix, iy, icon, icon, 10, 10));
        g.setColor(Color.WHITE);
        Font f = new Font(DiagramStyle.FONT_FAMILY, Font.BOLD, 1).deriveFont(9f);
        g.setFont(f);
        String badge = n.badge().text();
        float bw = (float) f.getStringBounds(badge, g.getFontRenderContext()).getWidth();
        g.drawString(badge, (float) (ix + icon / 2 - bw / 2), (float) (iy + icon / 2 + 3.5));
        double tx = ix + icon + 6;
        boolean two = !n.sublabel().isEmpty();
        text(g, tx, n.y() + (two ? n.h() / 2 - 3 : n.h() / 2 + 4), DiagramStyle.LABEL_SIZE, true, DiagramStyle.TEXT,
                DiagramStyle.fit(n.label(), DiagramStyle.nodeTextWidth(n.w()), DiagramStyle.LABEL_SIZE));
        if (two) {
            text(g, tx, n.y() + n.h() / 2 + 11, DiagramStyle.SUBLABEL_SIZE, false, DiagramStyle.SUBTEXT,
                    DiagramStyle.fit(n.sublabel(), DiagramStyle.nodeTextWidth(n.w()), DiagramStyle.SUBLABEL_SIZE));
        }
        g.setComposite(saved);
    }

    private static void edge(Graphics2D g, Edge e) {
        Composite saved = g.getComposite();
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) DiagramStyle.opacity(e.status())));
        Path2D.Double path = new Path2D.Double();
        Point first = e.points().get(0);
        path.moveTo(first.x(), first.y());
        for (int i = 1; i < e.points().size(); i++) {
            path.lineTo(e.points().get(i).x(), e.points().get(i).y());
        }
        Color c = color(DiagramStyle.edgeStroke(e.kind()));
        g.setColor(c);
        g.setStroke(stroke(DiagramStyle.edgeWidth(e.kind()), DiagramStyle.edgeDash(e)));
        g.draw(path);
        Point a = e.points().get(e.points().size() - 2);
        Point b = e.points().get(e.points().size() - 1);
        if (DiagramStyle.arrowHead(e.kind())) {
            arrowHead(g, a, b);
        }
        if (!e.label().isEmpty()) {
            Point at = DiagramStyle.labelAnchor(e);
            text(g, at.x(), at.y(), DiagramStyle.SUBLABEL_SIZE - 1, false,
                    DiagramStyle.SUBTEXT, e.label());
        }
        g.setComposite(saved);
    }

    private static void arrowHead(Graphics2D g, Point a, Point b) {
        double angle = Math.atan2(b.y() - a.y(), b.x() - a.x());
        double len = 7;
        Path2D.Double head = new Path2D.Double();
        head.moveTo(b.x(), b.y());
        head.lineTo(b.x() - len * Math.cos(angle - 0.45), b.y() - len * Math.sin(angle - 0.45));
        head.lineTo(b.x() - len * Math.cos(angle + 0.45), b.y() - len * Math.sin(angle + 0.45));
        head.closePath();
        g.fill(head);
    }

    private static void box(Graphics2D g, double x, double y, double w, double h, String fill, String stroke,
            float[] dash, double width) {
        RoundRectangle2D.Double r = new RoundRectangle2D.Double(x, y, w, h, 2 * DiagramStyle.CORNER,
                2 * DiagramStyle.CORNER);
        if (!"none".equals(fill)) {
            g.setColor(color(fill));
            g.fill(r);
        }
        g.setColor(color(stroke));
        g.setStroke(stroke(width, dash));
        g.draw(r);
    }

    private static Stroke stroke(double width, float[] dash) {
        return dash == null
                ? new BasicStroke((float) width)
                : new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dash, 0f);
    }

    private static void text(Graphics2D g, double x, double y, double size, boolean bold, String fill, String text) {
        g.setFont(new Font(DiagramStyle.FONT_FAMILY, bold ? Font.BOLD : Font.PLAIN, 1).deriveFont((float) size));
        g.setColor(color(fill));
        g.drawString(text, (float) x, (float) y);
    }

    static Color color(String hex) {
        return new Color(Integer.parseInt(hex.substring(1), 16));
    }
}
