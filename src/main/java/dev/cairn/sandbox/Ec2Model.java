package dev.cairn.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The persisted records of the EC2 model. Plain mutable data with public fields so Jackson
 * writes and reads them as they are; all rules live in {@link Ec2Backend}. Times are epoch
 * milliseconds of the wall clock, so states computed from them resume after a restart.
 */
final class Ec2Model {
    private Ec2Model() {
    }

    /** Every taggable resource: ID, creation time (for the consistency window) and tags. */
    abstract static class Tagged {
        public String id;
        public long createdAt;
        public LinkedHashMap<String, String> tags = new LinkedHashMap<>();
    }

    static final class Vpc extends Tagged {
        public String cidrBlock;
        public String cidrAssociationId;
        public String instanceTenancy = "default";
        public String dhcpOptionsId;
        public long availableAt;
        public boolean enableDnsSupport = true;
        public boolean enableDnsHostnames;
    }

    static final class Subnet extends Tagged {
        public String vpcId;
        public String cidrBlock;
        public String availabilityZone;
        public String availabilityZoneId;
        public long availableAt;
        public boolean mapPublicIpOnLaunch;
    }

    static final class InternetGateway extends Tagged {
        /** The VPC it is attached to, or null. */
        public String attachedVpcId;
    }

    static final class Route {
        public String destinationCidrBlock;
        /** {@code local} for the VPC's own route, an {@code igw-} ID, or null. */
        public String gatewayId;
        public String natGatewayId;
        /** {@code CreateRouteTable} for the local route, {@code CreateRoute} otherwise. */
        public String origin;
    }

    static final class Association {
        public String id;
        /** Null for the main association. */
        public String subnetId;
        public boolean main;
    }

    static final class RouteTable extends Tagged {
        public String vpcId;
        public List<Route> routes = new ArrayList<>();
        public List<Association> associations = new ArrayList<>();

        boolean isMain() {
            return associations.stream().anyMatch(a -> a.main);
        }
    }

    static final class NatGateway extends Tagged {
        public String subnetId;
        public String vpcId;
        public String connectivityType;
        public String allocationId;
        public String networkInterfaceId;
        public String privateIp;
        public String publicIp;
        /** pending, available, failed, deleting, deleted: advanced lazily from the times below. */
        public String state;
        public long availableAt;
        /** 0 until DeleteNatGateway. */
        public long deleteRequestedAt;
        public long deletedAt;
        public String failureCode;
        public String failureMessage;
    }

    static final class Address extends Tagged {
        public String publicIp;
        public String domain = "vpc";
        public String associationId;
        public String networkInterfaceId;
        public String privateIpAddress;
    }

    static final class NetworkInterface extends Tagged {
        public String subnetId;
        public String vpcId;
        public String availabilityZone;
        public String privateIp;
        public String macAddress;
        public String description;
        public String interfaceType;
        public boolean requesterManaged;
        /** The NAT gateway that owns it, or null. */
        public String natGatewayId;
        /** 0 while its owner lives; otherwise when it disappears (owner deleted + linger). */
        public long goneAt;
    }

    /** A NAT gateway ClientToken, remembered for {@link Ec2Backend#CLIENT_TOKEN_TTL_MILLIS}. */
    static final class ClientToken {
        public String natGatewayId;
        public String fingerprint;
        public long createdAt;
    }

    /** The whole EC2 state of one account in one region. */
    static final class RegionState {
        public LinkedHashMap<String, Vpc> vpcs = new LinkedHashMap<>();
        public LinkedHashMap<String, Subnet> subnets = new LinkedHashMap<>();
        public LinkedHashMap<String, InternetGateway> internetGateways = new LinkedHashMap<>();
        public LinkedHashMap<String, RouteTable> routeTables = new LinkedHashMap<>();
        public LinkedHashMap<String, NatGateway> natGateways = new LinkedHashMap<>();
        public LinkedHashMap<String, Address> addresses = new LinkedHashMap<>();
        public LinkedHashMap<String, NetworkInterface> networkInterfaces = new LinkedHashMap<>();
        public LinkedHashMap<String, ClientToken> clientTokens = new LinkedHashMap<>();
    }

    /** All accounts and regions: account → region → state (moto's BackendDict). */
    static final class World {
        public LinkedHashMap<String, LinkedHashMap<String, RegionState>> accounts = new LinkedHashMap<>();

        RegionState region(String account, String region) {
            return accounts.computeIfAbsent(account, a -> new LinkedHashMap<>())
                    .computeIfAbsent(region, r -> new RegionState());
        }

        Map<String, LinkedHashMap<String, RegionState>> view() {
            return accounts;
        }
    }
}
