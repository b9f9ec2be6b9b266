package dev.cairn.topology;

import dev.cairn.topology.Diagram.Container;
import dev.cairn.topology.Diagram.Edge;
import dev.cairn.topology.Diagram.Node;
import dev.cairn.topology.Diagram.Point;
import dev.cairn.topology.DiagramStyle.LegendItem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * Writes a {@link Diagram} as a standalone SVG 1.1 document, styled by {@link DiagramStyle}.
 * Every box is a {@code <g>} with {@code data-id} (the address or container id) and
 * {@code data-status}, so the file can be inspected and tested structurally.
 */
public final class SvgWriter {

    private SvgWriter() {}

    public static void write(Diagram d, Appendable out) {
        try {
            new Writer(out).diagram(d);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the SVG diagram", e);
        }
    }

    public static String toSvg(Diagram d) {
        StringBuilder sb = new StringBuilder();
        write(d, sb);
        return sb.toString();
    }

    /** Escapes text for XML content and attribute values. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> {
                    // Control characters other than tab/newline are not allowed in XML 1.0.
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    static String num(double v) {
        // One decimal, and a dot separator whatever the default locale is (Long/Double.toString
        // never localise); String.format is several times slower on 500-node diagrams.
        long tenths = Math.round(v * 10);
        if (tenths % 10 == 0) {
            return Long.toString(tenths / 10);
        }
        return (tenths < 0 && tenths > -10 ? "-" : "") + (tenths / 10) + "." + Math.abs(tenths % 10);
    }

    private static final class Writer {
        private final Appendable out;

        Writer(Appendable out) {
            this.out = out;
        }

        void diagram(Diagram d) throws IOException {
            double w = d.width();
            double h = DiagramStyle.canvasHeight(d);
            out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").append(num(w))
                    .append("\" height=\"").append(num(h)).append("\" viewBox=\"0 0 ").append(num(w)).append(' ')
                    .append(num(h)).append("\" font-family=\"").append(escape(DiagramStyle.SVG_FONT_FAMILY))
                    .append("\">\n");
            out.append("<title>").append(escape(d.title())).append("</title>\n");
            out.append("<defs>\n");
            for (Diagram.EdgeKind k : Diagram.EdgeKind.values()) {
                out.append("<marker id=\"arrow-").append(k.name().toLowerCase(Locale.ROOT))
                        .append("\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\""
                                + " orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"")
                        .append(DiagramStyle.edgeStroke(k)).append("\"/></marker>\n");
            }
            out.append("</defs>\n");
            out.append("<rect x=\"0\" y=\"0\" width=\"").append(num(w)).append("\" height=\"").append(num(h))
                    .append("\" fill=\"").append(DiagramStyle.BACKGROUND).append("\"/>\n");
            for (Container c : d.containers()) {
                container(c);
            }
            for (Edge e : d.edges()) {
                edge(e);
            }
            for (Node n : d.nodes()) {
                node(n);
            }
            legend(d);
            out.append("</svg>\n");
        }

        void container(Container c) throws IOException {
            NodeStatus s = c.status();
            out.append("<g class=\"container ").append(c.kind().name().toLowerCase(Locale.ROOT)).append("\" data-id=\"")
                    .append(escape(c.id())).append("\" data-status=\"").append(s.name().toLowerCase(Locale.ROOT))
                    .append("\" opacity=\"").append(num(DiagramStyle.opacity(s))).append("\">\n");
            rect(c.x(), c.y(), c.w(), c.h(), DiagramStyle.containerFilled(c) ? DiagramStyle.containerFill(c) : "none",
                    DiagramStyle.containerStroke(c), DiagramStyle.dash(s), DiagramStyle.strokeWidth(s));
            text(c.x() + DiagramStyle.TEXT_INSET, c.y() + 14, DiagramStyle.LABEL_SIZE,
                    DiagramStyle.boldLabel(c.kind()), DiagramStyle.TEXT, c.label(), "label");
            if (!c.sublabel().isEmpty()) {
                text(c.x() + DiagramStyle.TEXT_INSET, c.y() + 27, DiagramStyle.SUBLABEL_SIZE, false,
                        DiagramStyle.SUBTEXT, c.sublabel(), "sublabel");
            }
            out.append("</g>\n");
        }

        void node(Node n) throws IOException {
            NodeStatus s = n.status();
            out.append("<g class=\"node\" data-id=\"").append(escape(n.id())).append("\" data-kind=\"")
                    .append(escape(n.iconKey())).append("\" data-status=\"").append(s.name().toLowerCase(Locale.ROOT))
                    .append(n.health() == null ? "" : "\" data-health=\"" + n.health().state().word())
                    .append("\" opacity=\"").append(num(DiagramStyle.opacity(s))).append("\">\n");
            if (n.health() != null) {
                // A viewer's tooltip: why a target is not healthy, in AWS's words.
                out.append("<title>").append(escape(DiagramStyle.healthText(n.health()))).append("</title>\n");
            }
            rect(n.x(), n.y(), n.w(), n.h(), DiagramStyle.nodeFill(n), DiagramStyle.nodeStroke(n), DiagramStyle.dash(s),
                    DiagramStyle.strokeWidth(s));
            double icon = Math.min(DiagramStyle.ICON_SIZE, n.h() - 10);
            double ix = n.x() + 6;
            double iy = n.y() + (n.h() - icon) / 2;
            out.append("<rect class=\"icon\" x=\"").append(num(ix)).append("\" y=\"").append(num(iy))
                    .append("\" width=\"").append(num(icon)).append("\" height=\"").append(num(icon))
                    .append("\" rx=\"5\" fill=\"").append(escape(n.badge().colour())).append("\"/>\n");
            out.append("<text x=\"").append(num(ix + icon / 2)).append("\" y=\"").append(num(iy + icon / 2 + 3.5))
                    .append("\" font-size=\"9\" font-weight=\"bold\" fill=\"#ffffff\" text-anchor=\"middle\">")
                    .append(escape(n.badge().text())).append("</text>\n");
            double tx = ix + icon + 6;
            boolean two = !n.sublabel().isEmpty();
            text(tx, n.y() + (two ? n.h() / 2 - 3 : n.h() / 2 + 4), DiagramStyle.LABEL_SIZE, true, DiagramStyle.TEXT,
                    DiagramStyle.fit(n.label(), DiagramStyle.nodeTextWidth(n.w()), DiagramStyle.LABEL_SIZE), "label");
            if (two) {
                text(tx, n.y() + n.h() / 2 + 11, DiagramStyle.SUBLABEL_SIZE, false, DiagramStyle.SUBTEXT,
                        DiagramStyle.fit(n.sublabel(), DiagramStyle.nodeTextWidth(n.w()), DiagramStyle.SUBLABEL_SIZE), "sublabel");
            }
            out.append("</g>\n");
        }

        void edge(Edge e) throws IOException {
            StringBuilder pts = new StringBuilder();
            for (Point p : e.points()) {
                pts.append(pts.length() == 0 ? "" : " ").append(num(p.x())).append(',').append(num(p.y()));
            }
            String kind = e.kind().name().toLowerCase(Locale.ROOT);
            float[] dash = DiagramStyle.edgeDash(e);
            out.append("<g class=\"edge ").append(kind).append("\" data-from=\"").append(escape(e.from()))
                    .append("\" data-to=\"").append(escape(e.to())).append("\" opacity=\"")
                    .append(num(DiagramStyle.opacity(e.status()))).append("\">\n");
            out.append("<polyline points=\"").append(pts).append("\" fill=\"none\" stroke=\"")
                    .append(DiagramStyle.edgeStroke(e.kind())).append("\" stroke-width=\"")
                    .append(num(DiagramStyle.edgeWidth(e.kind()))).append('"');
            if (dash != null) {
                out.append(" stroke-dasharray=\"").append(num(dash[0])).append(' ').append(num(dash[1])).append('"');
            }
            if (DiagramStyle.arrowHead(e.kind())) {
                out.append(" marker-end=\"url(#arrow-").append(kind).append(")\"");
            }
            out.append("/>\n");
            if (!e.label().isEmpty()) {
                Point at = DiagramStyle.labelAnchor(e);
                text(at.x(), at.y(), DiagramStyle.SUBLABEL_SIZE - 1, false,
                        DiagramStyle.SUBTEXT, e.label(), "label");
            }
            out.append("</g>\n");
        }

        void legend(Diagram d) throws IOException {
            out.append("<g class=\"legend\">\n");
            for (LegendItem i : DiagramStyle.legend(d)) {
                out.append("<g opacity=\"").append(num(i.opacity())).append("\">");
                rect(i.x(), i.y(), i.swatchSize(), i.swatchSize(), i.fill(), i.stroke(), i.dash(), 1.4);
                out.append("</g>\n");
                text(i.x() + i.swatchSize() + 6, i.y() + i.swatchSize() - 4, DiagramStyle.SUBLABEL_SIZE, false,
                        DiagramStyle.TEXT, i.text(), "legend-text");
            }
            out.append("</g>\n");
        }

        void rect(double x, double y, double w, double h, String fill, String stroke, float[] dash, double width)
                throws IOException {
            out.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"")
                    .append(num(w)).append("\" height=\"").append(num(h)).append("\" rx=\"")
                    .append(num(DiagramStyle.CORNER)).append("\" fill=\"").append(fill).append("\" stroke=\"")
                    .append(stroke).append("\" stroke-width=\"").append(num(width)).append('"');
            if (dash != null) {
                out.append(" stroke-dasharray=\"").append(num(dash[0])).append(' ').append(num(dash[1])).append('"');
            }
            out.append("/>\n");
        }

        void text(double x, double y, double size, boolean bold, String fill, String text, String cls)
                throws IOException {
            out.append("<text class=\"").append(cls).append("\" x=\"").append(num(x)).append("\" y=\"").append(num(y))
                    .append("\" font-size=\"").append(num(size)).append('"');
            if (bold) {
                out.append(" font-weight=\"bold\"");
            }
            out.append(" fill=\"").append(fill).append("\">").append(escape(text)).append("</text>\n");
        }
    }
}
