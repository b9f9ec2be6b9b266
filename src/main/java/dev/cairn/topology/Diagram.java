package dev.cairn.topology;

import dev.cairn.model.Address;
import dev.cairn.model.ResourceKind;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A laid-out diagram as plain data: boxes with absolute coordinates (origin top-left, y down, in
 * logical pixels), so every renderer (JavaFX, SVG, PNG) draws the same picture. Containers come
 * parents first, so drawing them in list order paints children over their parents.
 *
 * @param width the extent of everything laid out, legend excluded
 * @param height the extent of everything laid out, legend excluded
 */
public record Diagram(
        String title, double width, double height, List<Container> containers, List<Node> nodes, List<Edge> edges) {

    public Diagram {
        Objects.requireNonNull(title, "title");
        containers = List.copyOf(containers);
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    public Optional<Node> node(Address address) {
        return nodes.stream().filter(n -> n.address().equals(address)).findFirst();
    }

    public Optional<Container> container(String id) {
        return containers.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /** What a container groups. SERVICES is the lane for regional resources outside any VPC. */
    public enum ContainerKind {
        REGION,
        VPC,
        ZONE,
        SUBNET,
        SERVICES,
        /**
         * An Auto Scaling group: a box over the subnets it launches into, holding its instances,
         * which come and go as it scales (the box itself never changes size with them).
         */
        GROUP,
        /**
         * A resource's own lane outside the VPCs ({@code Shape.LANE}: a pipeline), holding it and
         * the services that exist to serve it, in its stages' order.
         */
        LANE,
        /** Outside AWS: the addresses (your IP) that security-group rules let in. */
        EXTERNAL
    }

    /** What an edge means; TRAFFIC is a flow of requests (load balancer to targets, later steps). */
    public enum EdgeKind {
        ROUTE,
        ATTACHMENT,
        TRAFFIC,
        /** A security-group rule lets the source (instance, VPC, your IP) reach the target's ports. */
        TRUST,
        /** A VPC peering connection joining two VPCs, possibly across regions. */
        PEERING
    }

    /**
     * A box that holds other boxes.
     *
     * @param id unique in the diagram: the resource address for a VPC or subnet, a synthetic
     *     {@code region:…}, {@code zone:…}, {@code services:…} or {@code external:…} id otherwise
     * @param parentId the enclosing container's id, or null for a region
     * @param sublabel the CIDR (and physical ID once known) for VPCs and subnets
     * @param publicSubnet style hint: a subnet whose tier is public (drawn green, private blue)
     * @param status READY for regions, zones and lanes, which AWS (or the drawing) provides
     * @param address the resource this box is, or null for regions, zones and lanes
     * @param resourceKind the kind of the resource this box is, or null for regions, zones and lanes
     */
    public record Container(
            String id,
            String parentId,
            ContainerKind kind,
            String label,
            String sublabel,
            double x,
            double y,
            double w,
            double h,
            boolean publicSubnet,
            NodeStatus status,
            Address address,
            ResourceKind resourceKind) implements Box {}

    /**
     * One resource drawn as a box.
     *
     * @param parentId the container the node sits in (an internet gateway sits on its VPC's edge)
     * @param sublabel the physical ID, or the public IP for an Elastic IP; empty while planned
     * @param badge the icon badge: the kind's, or its role's for a resource with a role
     * @param health for a member of an Auto Scaling group registered with a target group, how
     *     the target group sees it (drawn as the box's colour, its reason as a tooltip); else null
     */
    public record Node(
            Address address,
            String parentId,
            ResourceKind kind,
            String label,
            String sublabel,
            double x,
            double y,
            double w,
            double h,
            NodeStatus status,
            Badge badge,
            TargetHealth health) implements Box {
        public Node {
            Objects.requireNonNull(badge, "badge");
        }

        /** A resource's box: no target health. */
        public Node(Address address, String parentId, ResourceKind kind, String label, String sublabel, double x,
                double y, double w, double h, NodeStatus status, Badge badge) {
            this(address, parentId, kind, label, sublabel, x, y, w, h, status, badge, null);
        }

        /** Whether this box is an instance of an Auto Scaling group (not a spec of the stack). */
        public boolean member() {
            return address.type().endsWith(TopologyLayout.MEMBER_TYPE_SUFFIX);
        }

        public String id() {
            return address.value();
        }

        /** What the badge stands for: the lower-case kind name ({@code nat_gateway}) or a role ({@code bastion}). */
        public String iconKey() {
            return badge.key();
        }
    }

    /**
     * A node's icon badge, as every renderer draws it.
     *
     * @param key what it stands for; renderers tag the node with it ({@code data-kind},
     *     {@code kind-…} style class)
     * @param text the letters inside (up to four)
     * @param colour the badge's fill, {@code #rrggbb}
     */
    public record Badge(String key, String text, String colour) {
        public Badge {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(colour, "colour");
        }
    }

    /**
     * A line between two boxes, by id (node address or container id).
     *
     * @param points the polyline from the source's border to the target's border, at least two
     * @param status the status of the resource the edge stands for (a route, an association)
     */
    public record Edge(String from, String to, EdgeKind kind, String label, List<Point> points, NodeStatus status) {
        public Edge {
            points = List.copyOf(points);
        }
    }

    public record Point(double x, double y) {}

    /** The geometry both boxes share. */
    public interface Box {
        double x();

        double y();

        double w();

        double h();

        default boolean intersects(Box o) {
            return x() < o.x() + o.w() && o.x() < x() + w() && y() < o.y() + o.h() && o.y() < y() + h();
        }

        default boolean contains(Box o) {
            return o.x() >= x() && o.y() >= y() && o.x() + o.w() <= x() + w() && o.y() + o.h() <= y() + h();
        }
    }
}
