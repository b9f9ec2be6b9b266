package dev.cairn.topology;

import dev.cairn.model.ResourceKind;
import dev.cairn.topology.Diagram.Badge;
import dev.cairn.topology.Diagram.Container;
import dev.cairn.topology.Diagram.ContainerKind;
import dev.cairn.topology.Diagram.Edge;
import dev.cairn.topology.Diagram.EdgeKind;
import dev.cairn.topology.Diagram.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Colours, strokes, fonts and the legend shared by every renderer (SVG, PNG, and the GUI), so
 * the three draw the same picture. Colours are {@code #rrggbb} strings.
 *
 * <p>Status styles: planned = dashed outline without fill; creating = amber; ready = solid fill;
 * failed = red; deleting = faded grey; deleted = fainter still and dashed.
 */
public final class DiagramStyle {

    /** A logical font: Java maps it to an installed face with Hangul/CJK glyphs where one exists. */
    public static final String FONT_FAMILY = "SansSerif";
    /** The same intent for SVG viewers, with common CJK faces named before the generic family. */
    public static final String SVG_FONT_FAMILY =
            "'Noto Sans', 'Noto Sans CJK KR', 'Malgun Gothic', 'Apple SD Gothic Neo', sans-serif";
    public static final double LABEL_SIZE = 12;
    public static final double SUBLABEL_SIZE = 10;
    public static final double CORNER = 8;
    public static final double ICON_SIZE = 26;
    public static final double TEXT_INSET = 8;
    /** Planned outlines: 6 on, 4 off. */
    public static final float[] DASH_PLANNED = {6f, 4f};
    /** Deleted outlines: short dots, so they read differently from planned ones. */
    public static final float[] DASH_DELETED = {2f, 3f};
    /** Trust edges (security-group rules) when real: long dashes, unlike planned outlines. */
    public static final float[] DASH_TRUST = {9f, 3f};

    /**
     * How far a trust label starts from its segment's left end: past the border of the region
     * the edge leaves (a VPC's side is one padding away from its region's), so no line cuts it.
     */
    public static final double TRUST_LABEL_INSET = 14;

    /** Height of the legend band drawn under the diagram. */
    public static final double LEGEND_HEIGHT = 64;
    /** The legend's extra line for target health, drawn only when some box shows one. */
    public static final double LEGEND_HEALTH_HEIGHT = 28;
    private static final double LEGEND_ITEM_W = 108;
    /** "target unhealthy" is longer than a status name. */
    private static final double LEGEND_HEALTH_ITEM_W = 136;
    private static final double LEGEND_SWATCH = 16;

    public static final String BACKGROUND = "#ffffff";
    public static final String TEXT = "#1f2937";
    public static final String SUBTEXT = "#4b5563";

    private DiagramStyle() {}

    /**
     * An estimate of a text's width, the same for every renderer (SVG has no font metrics): about
     * 0.62 em per Latin character, one em per wide (CJK, Hangul) character.
     */
    public static double textWidth(String text, double size) {
        double w = 0;
        for (int i = 0; i < text.length(); i++) {
            w += text.charAt(i) >= 0x1100 ? size : 0.62 * size;
        }
        return w;
    }

    /** The room for text in a node box of width {@code boxWidth}, right of the icon badge. */
    public static double nodeTextWidth(double boxWidth) {
        return boxWidth - 6 - ICON_SIZE - 6 - 4;
    }

    /**
     * A node's label: the kind's name and the resource's ("NAT gateway public-a") when that fits
     * a box of {@code boxWidth}, else the resource's name alone (the badge already names the
     * kind); the kind's name for a resource without one. The layout passes the kind's English
     * label (SVG, PNG); the GUI its display name in the user's language.
     */
    public static String nodeLabel(String kindName, String name, double boxWidth) {
        if (name.isEmpty()) {
            return kindName;
        }
        String full = kindName + " " + name;
        return textWidth(full, LABEL_SIZE) <= nodeTextWidth(boxWidth) ? full : name;
    }

    /** The text cut with an ellipsis so that its estimated width fits {@code maxWidth}. */
    public static String fit(String text, double maxWidth, double size) {
        if (textWidth(text, size) <= maxWidth) {
            return text;
        }
        int end = text.length();
        while (end > 0 && textWidth(text.substring(0, end), size) + 0.62 * size > maxWidth) {
            end--;
        }
        return text.substring(0, end) + "…";
    }

    /** The canvas a renderer needs for a diagram at scale 1: the diagram plus the legend band. */
    public static double canvasHeight(Diagram d) {
        return d.height() + LEGEND_HEIGHT + (showsHealth(d) ? LEGEND_HEALTH_HEIGHT : 0);
    }

    /** Whether some box of the diagram shows a target's health (the legend then explains the colours). */
    public static boolean showsHealth(Diagram d) {
        for (Diagram.Node n : d.nodes()) {
            if (n.health() != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * A target's fill by its health: healthy green, initial grey, unhealthy red, draining amber;
     * unused and unavailable slate (registered nowhere that routes to it).
     */
    public static String healthFill(TargetHealth.State s) {
        return switch (s) {
            case HEALTHY -> "#bbf7d0";
            case INITIAL -> "#e5e7eb";
            case UNHEALTHY -> "#fecaca";
            case DRAINING -> "#fde68a";
            case UNUSED, UNAVAILABLE, UNKNOWN -> "#f1f5f9";
        };
    }

    public static String healthStroke(TargetHealth.State s) {
        return switch (s) {
            case HEALTHY -> "#15803d";
            case INITIAL -> "#6b7280";
            case UNHEALTHY -> "#dc2626";
            case DRAINING -> "#d97706";
            case UNUSED, UNAVAILABLE, UNKNOWN -> "#64748b";
        };
    }

    /** A node's fill: its target health's colour when it has one, else its status's. */
    public static String nodeFill(Diagram.Node n) {
        return n.health() != null && n.status() != NodeStatus.DELETING && n.status() != NodeStatus.DELETED
                ? healthFill(n.health().state()) : nodeFill(n.status());
    }

    /** A node's outline: its target health's colour when it has one, else its status's. */
    public static String nodeStroke(Diagram.Node n) {
        return n.health() != null && n.status() != NodeStatus.DELETING && n.status() != NodeStatus.DELETED
                ? healthStroke(n.health().state()) : nodeStroke(n.status());
    }

    /** What an SVG tooltip and the English CLI say of a target's health: its state, and why in AWS's words. */
    public static String healthText(TargetHealth h) {
        String s = "target " + h.state().word();
        if (!h.reason().isEmpty()) {
            s += " · " + h.reason();
        }
        if (!h.description().isEmpty()) {
            s += ": " + h.description();
        }
        return s;
    }

    public static String nodeFill(NodeStatus s) {
        return switch (s) {
            case PLANNED -> "#ffffff";
            case CREATING -> "#fde68a";
            case READY -> "#c7d7ee";
            case FAILED -> "#fecaca";
            case DELETING -> "#e5e7eb";
            case DELETED -> "#f3f4f6";
        };
    }

    public static String nodeStroke(NodeStatus s) {
        return switch (s) {
            case PLANNED -> "#64748b";
            case CREATING -> "#d97706";
            case READY -> "#1e3a5f";
            case FAILED -> "#dc2626";
            case DELETING, DELETED -> "#9ca3af";
        };
    }

    /** The dash pattern of an outline, or null for a solid line. */
    public static float[] dash(NodeStatus s) {
        return switch (s) {
            case PLANNED -> DASH_PLANNED;
            case DELETED -> DASH_DELETED;
            default -> null;
        };
    }

    public static double opacity(NodeStatus s) {
        return switch (s) {
            case DELETING -> 0.55;
            case DELETED -> 0.35;
            default -> 1.0;
        };
    }

    public static double strokeWidth(NodeStatus s) {
        return s == NodeStatus.FAILED || s == NodeStatus.CREATING ? 2.2 : 1.4;
    }

    /** Containers are tinted by what they are; public subnets green, private ones blue. */
    public static String containerFill(Container c) {
        return switch (c.kind()) {
            case REGION -> "#f8fafc";
            case VPC -> "#faf5ff";
            case ZONE -> "#ffffff";
            case SUBNET -> c.publicSubnet() ? "#dcfce7" : "#dbeafe";
            case SERVICES -> "#f1f5f9";
            case GROUP -> "#fff7ed";
            case LANE -> "#faf5ff";
            case EXTERNAL -> "#fff7ed";
        };
    }

    /** A container's outline: its own tint, unless its status (creating, failed) must show. */
    public static String containerStroke(Container c) {
        if (c.status() == NodeStatus.CREATING || c.status() == NodeStatus.FAILED
                || c.status() == NodeStatus.DELETING || c.status() == NodeStatus.DELETED) {
            return nodeStroke(c.status());
        }
        return switch (c.kind()) {
            case REGION -> "#0f766e";
            case VPC -> "#7c3aed";
            case ZONE -> "#94a3b8";
            case SUBNET -> c.publicSubnet() ? "#16a34a" : "#2563eb";
            case SERVICES -> "#64748b";
            case GROUP -> "#ea580c";
            case LANE -> "#9333ea";
            case EXTERNAL -> "#ea580c";
        };
    }

    /** Planned VPCs and subnets are drawn as outlines with no tint. */
    public static boolean containerFilled(Container c) {
        return c.status() != NodeStatus.PLANNED && c.status() != NodeStatus.DELETED;
    }

    public static String edgeStroke(EdgeKind k) {
        return switch (k) {
            case ROUTE -> "#334155";
            case ATTACHMENT -> "#64748b";
            case TRAFFIC -> "#7c3aed";
            case TRUST -> "#ea580c";
            case PEERING -> "#db2777";
        };
    }

    /** Peering joins two networks: drawn heavier than the relations inside one. */
    public static double edgeWidth(EdgeKind k) {
        return k == EdgeKind.PEERING ? 2.6 : 1.3;
    }

    /**
     * An edge's dash pattern: its status's (planned, deleted) when it has one, else trust edges
     * are dashed so they read as permission rather than a wire; others are solid.
     */
    public static float[] edgeDash(Edge e) {
        float[] byStatus = dash(e.status());
        if (byStatus != null) {
            return byStatus;
        }
        return e.kind() == EdgeKind.TRUST ? DASH_TRUST : null;
    }

    /** Whether the edge ends in an arrowhead: attachments and peerings have no direction. */
    public static boolean arrowHead(EdgeKind k) {
        return k != EdgeKind.ATTACHMENT && k != EdgeKind.PEERING;
    }

    /**
     * Where an edge's label starts (its baseline's left end). Trust and peering labels sit just
     * above the edge's longest horizontal segment, which the layout routes through empty space;
     * other labels sit beside the middle of the last segment, next to the arrowhead.
     */
    public static Point labelAnchor(Edge e) {
        List<Point> pts = e.points();
        if (e.kind() == EdgeKind.TRUST || e.kind() == EdgeKind.PEERING) {
            Point best = null;
            double bestLen = -1;
            for (int i = 1; i < pts.size(); i++) {
                Point a = pts.get(i - 1);
                Point b = pts.get(i);
                if (a.y() == b.y() && Math.abs(b.x() - a.x()) > bestLen) {
                    bestLen = Math.abs(b.x() - a.x());
                    // A peering's segment starts at a VPC's side and runs into the peer region,
                    // so its label ends at the far end, clear of the region borders it crosses.
                    double x = e.kind() == EdgeKind.PEERING
                            ? Math.max(a.x(), b.x()) - 8 - textWidth(e.label(), SUBLABEL_SIZE - 1)
                            : Math.min(a.x(), b.x()) + TRUST_LABEL_INSET;
                    best = new Point(Math.max(Math.min(a.x(), b.x()) + 8, x), a.y() - 3);
                }
            }
            if (best != null) {
                return best;
            }
        }
        Point a = pts.get(pts.size() - 2);
        Point b = pts.get(pts.size() - 1);
        return new Point((a.x() + b.x()) / 2 + 4, (a.y() + b.y()) / 2 + 4);
    }

    /** The badge colour of a kind without an icon of its own (drawn as a box only as a fallback). */
    public static final String DEFAULT_BADGE_COLOUR = "#475569";

    /** The role of the team's state bucket ({@code S3_BUCKET} prop {@code role=state}). */
    public static final String STATE_ROLE = "state";
    /** The target group a blue/green deployment starts from (ref {@code blueTargetGroup}). */
    public static final String BLUE_ROLE = "blue";
    /** The target group a blue/green deployment moves to (ref {@code greenTargetGroup}). */
    public static final String GREEN_ROLE = "green";

    /**
     * Badges by role, for kinds with a {@code role} property: a bastion, a VPN server, the app
     * host and the peer region's host read apart at a glance, where the kind's own badge would say
     * the same for each; the bucket that holds the team's state stands apart from the data bucket.
     * A role not listed here keeps the kind's own badge (a data bucket is an S3 bucket).
     */
    private static final Map<String, Badge> ROLE_BADGES = Map.of(
            "bastion", new Badge("bastion", "BAS", "#b45309"),
            "vpn", new Badge("vpn", "VPN", "#0369a1"),
            "app", new Badge("app", "APP", "#1d4ed8"),
            "peer", new Badge("peer", "PR", "#db2777"),
            "web", new Badge("web", "WEB", "#c2410c"),
            STATE_ROLE, new Badge(STATE_ROLE, "STA", "#7c3aed"),
            BLUE_ROLE, new Badge(BLUE_ROLE, "BLUE", "#2563eb"),
            GREEN_ROLE, new Badge(GREEN_ROLE, "GRN", "#16a34a"));

    /**
     * The English names of the roles a box is named by instead of its kind (SVG, PNG); the GUI
     * words them from {@code diagram.role.<role>}. Only a role whose box must read differently
     * from every other of its kind is listed: the team's state bucket is not where data goes.
     */
    private static final Map<String, String> ROLE_LABELS = Map.of(STATE_ROLE, "State bucket",
            BLUE_ROLE, "Blue target group", GREEN_ROLE, "Green target group");

    /**
     * Roles a box plays for what names it, by the name of the ref (the kinds' contract): a
     * blue/green deployment group names its production and test listeners and its blue and green
     * target groups, which otherwise read the same as any listener and target group.
     */
    private static final Map<String, String> REF_ROLES = Map.of("productionListener", "production",
            "testListener", "test", "blueTargetGroup", BLUE_ROLE, "greenTargetGroup", GREEN_ROLE);

    /** The role a ref of this name gives the resource it points at ({@link #REF_ROLES}), or empty. */
    public static Optional<String> refRole(String refName) {
        return Optional.ofNullable(REF_ROLES.get(refName));
    }

    /** A kind's badge: its {@link ResourceKind.Icon}, keyed by its lower-case wire name. */
    public static Badge badge(ResourceKind kind) {
        String key = kind.wireName().toLowerCase(Locale.ROOT);
        return kind.icon().map(i -> new Badge(key, i.text(), i.colour()))
                .orElseGet(() -> new Badge(key, letters(key), DEFAULT_BADGE_COLOUR));
    }

    /** The badge of a resource of {@code kind} that plays {@code role}: the role's, else the kind's own. */
    public static Badge badge(ResourceKind kind, String role) {
        Badge b = role == null ? null : ROLE_BADGES.get(role);
        return b != null ? b : badge(kind);
    }

    /** The English name of a role that names its box instead of the kind ({@link #ROLE_LABELS}), or empty. */
    public static Optional<String> roleLabel(String role) {
        return Optional.ofNullable(role == null ? null : ROLE_LABELS.get(role));
    }

    /** The roles that name their box (each has {@code diagram.role.<role>} in the GUI's bundles). */
    public static Set<String> namedRoles() {
        return ROLE_LABELS.keySet();
    }

    /**
     * The name beside a role's label: the resource's own, unless it only repeats the role
     * ({@code storage.bucket.state} reads "State bucket", not "State bucket state").
     */
    public static String nameBesideRole(String role, String name) {
        return name.equals(role) ? "" : name;
    }

    /** Up to three letters of a key, upper case: what a badge says when nothing names it better. */
    private static String letters(String key) {
        String letters = key.replace("_", "");
        return letters.substring(0, Math.min(3, letters.length())).toUpperCase(Locale.ROOT);
    }

    /** The title line of a container: its kind tells how prominent it is. */
    public static boolean boldLabel(ContainerKind k) {
        return k == ContainerKind.REGION || k == ContainerKind.VPC;
    }

    private static final Container EXTERNAL_SAMPLE = new Container("external", null, ContainerKind.EXTERNAL, "", "",
            0, 0, 0, 0, false, NodeStatus.READY, null, null);

    /** One legend entry with its swatch position; text goes right of the swatch. */
    public record LegendItem(String text, double x, double y, double swatchSize, String fill, String stroke,
            float[] dash, double opacity) {}

    /** The legend, laid out in the band under the diagram: statuses, then subnet tints. */
    public static List<LegendItem> legend(Diagram d) {
        List<LegendItem> items = new ArrayList<>();
        double top = d.height() + 6;
        double x = TopologyLayout.MARGIN;
        for (NodeStatus s : NodeStatus.values()) {
            items.add(new LegendItem(s.name().toLowerCase(Locale.ROOT), x, top, LEGEND_SWATCH,
                    s == NodeStatus.PLANNED ? "none" : nodeFill(s), nodeStroke(s), dash(s), opacity(s)));
            x += LEGEND_ITEM_W;
        }
        double second = top + LEGEND_SWATCH + 12;
        items.add(new LegendItem("public subnet", TopologyLayout.MARGIN, second, LEGEND_SWATCH, "#dcfce7", "#16a34a",
                null, 1.0));
        items.add(new LegendItem("private subnet", TopologyLayout.MARGIN + LEGEND_ITEM_W, second, LEGEND_SWATCH,
                "#dbeafe", "#2563eb", null, 1.0));
        items.add(new LegendItem("internet / you", TopologyLayout.MARGIN + 2 * LEGEND_ITEM_W, second, LEGEND_SWATCH,
                containerFill(EXTERNAL_SAMPLE), containerStroke(EXTERNAL_SAMPLE), null, 1.0));
        items.add(new LegendItem("SG trust", TopologyLayout.MARGIN + 3 * LEGEND_ITEM_W, second, LEGEND_SWATCH,
                edgeStroke(EdgeKind.TRUST), edgeStroke(EdgeKind.TRUST), DASH_TRUST, 1.0));
        items.add(new LegendItem("VPC peering", TopologyLayout.MARGIN + 4 * LEGEND_ITEM_W, second, LEGEND_SWATCH,
                edgeStroke(EdgeKind.PEERING), edgeStroke(EdgeKind.PEERING), null, 1.0));
        if (showsHealth(d)) {
            double third = second + LEGEND_SWATCH + 12;
            double hx = TopologyLayout.MARGIN;
            for (TargetHealth.State s : List.of(TargetHealth.State.HEALTHY, TargetHealth.State.INITIAL,
                    TargetHealth.State.UNHEALTHY, TargetHealth.State.DRAINING)) {
                items.add(new LegendItem("target " + s.word(), hx, third, LEGEND_SWATCH, healthFill(s),
                        healthStroke(s), null, 1.0));
                hx += LEGEND_HEALTH_ITEM_W;
            }
        }
        return items;
    }
}
