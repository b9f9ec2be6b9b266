package dev.cairn.sandbox.elbv2;

import dev.cairn.sandbox.core.TaggedResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The schema of {@code elbv2.json}: what Elastic Load Balancing keeps per account and region.
 * Plain public fields, written by Jackson as they are; the rules live in {@link LoadBalancers},
 * {@link TargetGroups}, {@link Listeners} and {@link TargetHealth}. Every resource's
 * {@link TaggedResource#id} is its ARN, the ID AWS's API uses for it.
 */
final class ElbModel {
    private ElbModel() {
    }

    /** One account's load balancing in one region, each map by ARN in creation order. */
    static final class RegionState {
        public LinkedHashMap<String, LoadBalancer> loadBalancers = new LinkedHashMap<>();
        public LinkedHashMap<String, TargetGroup> targetGroups = new LinkedHashMap<>();
        public LinkedHashMap<String, Listener> listeners = new LinkedHashMap<>();
    }

    /**
     * An Application Load Balancer. Its state is computed from {@link #activeAt}
     * ({@code provisioning} before, {@code active} after), so a restarted Sandbox resumes it.
     */
    static final class LoadBalancer extends TaggedResource {
        public String name;
        /** The 16 hex digits of the ARN ({@code app/<name>/<lbId>}). */
        public String lbId;
        public String dnsName;
        public String scheme;
        public String type;
        public String ipAddressType;
        public String vpcId;
        public long activeAt;
        public List<String> securityGroups = new ArrayList<>();
        /** One per subnet, in the order given. */
        public List<Placement> placements = new ArrayList<>();
        /** Attributes that differ from the defaults ({@link LoadBalancers#DEFAULT_ATTRIBUTES}). */
        public LinkedHashMap<String, String> attributes = new LinkedHashMap<>();
    }

    /** A load balancer's node in one subnet: its zone and the network interface EC2 gave it. */
    static final class Placement {
        public String subnetId;
        public String zone;
        public String networkInterfaceId;
        public String privateIp;
    }

    /** A target group of instances, with its health check settings and registered targets. */
    static final class TargetGroup extends TaggedResource {
        public String name;
        public String protocol;
        public String protocolVersion;
        public int port;
        public String vpcId;
        public String targetType;
        public String ipAddressType;
        public boolean healthCheckEnabled = true;
        public String healthCheckProtocol;
        public String healthCheckPort;
        public String healthCheckPath;
        public int healthCheckIntervalSeconds;
        public int healthCheckTimeoutSeconds;
        public int healthyThresholdCount;
        public int unhealthyThresholdCount;
        public String matcher;
        /** Attributes that differ from the defaults ({@link TargetGroups#DEFAULT_ATTRIBUTES}). */
        public LinkedHashMap<String, String> attributes = new LinkedHashMap<>();
        /** Registered (or draining) targets, in registration order. */
        public List<Target> targets = new ArrayList<>();
    }

    /**
     * A target's registration. Health is computed from these timestamps and the instance's
     * conditions on every read ({@link TargetHealth}); nothing about it is stored but when.
     */
    static final class Target {
        public String instanceId;
        public int port;
        public long registeredAt;
        /** When DeregisterTargets was called; 0 while registered. */
        public long deregisteredAt;
        /** When draining ends and the target is forgotten; 0 while registered. */
        public long drainedAt;
    }

    /** A listener of a load balancer and its default action (the default rule). */
    static final class Listener extends TaggedResource {
        public String loadBalancerArn;
        public int port;
        public String protocol;
        public String sslPolicy;
        public List<String> certificates = new ArrayList<>();
        public List<Action> defaultActions = new ArrayList<>();
        /** The 16 hex digits of the default rule's ARN. */
        public String defaultRuleId;
    }

    /** A listener action: {@code forward} (to weighted target groups) or {@code redirect}. */
    static final class Action {
        public String type;
        public int order;
        /** The single target group of {@code TargetGroupArn}, or null when given as a ForwardConfig. */
        public String targetGroupArn;
        public List<WeightedGroup> targetGroups = new ArrayList<>();
        public String redirectProtocol;
        public String redirectPort;
        public String redirectHost;
        public String redirectPath;
        public String redirectQuery;
        public String redirectStatusCode;
    }

    /** A target group of a forward action and its weight (0–999). */
    static final class WeightedGroup {
        public String targetGroupArn;
        public int weight;
    }
}
