package dev.cairn.step.access;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cairn.model.Section;
import dev.cairn.model.SectionKey;
import java.util.List;
import java.util.Set;

/**
 * The Access step: a key pair, a bastion host and an OpenVPN Access Server in the first public
 * subnet, a private app instance in the first app subnet, and optionally a peered VPC in another
 * region. Null fields mean "not given" and are filled by the step's defaults
 * ({@link AccessStep#withDefaults}: hosts enabled, the region's free-tier instance type, zones of
 * the peer region).
 *
 * @param myIp {@code auto} (the address the internet sees, resolved at plan/apply time, never at
 *     validation) or an IPv4 address, bare or as {@code /32}; {@code 0.0.0.0/0} only with
 *     {@code allowSshFromAnywhere}
 * @param allowSshFromAnywhere the explicit consent needed to open SSH and the VPN ports to the
 *     whole internet
 * @param keyPair where the key pair comes from
 * @param bastion the SSH jump host, with its own security group and an Elastic IP
 * @param vpn the OpenVPN Access Server, with its own security group and an Elastic IP
 * @param privateInstance the app instance SSH reaches only through the bastion or the VPN
 * @param peering the optional peered VPC in another region
 */
@JsonPropertyOrder({"myIp", "allowSshFromAnywhere", "keyPair", "bastion", "vpn", "privateInstance", "peering"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AccessSection(String myIp, Boolean allowSshFromAnywhere, KeyPair keyPair, Host bastion, Vpn vpn,
        Host privateInstance, Peering peering) implements Section {

    /** The section's key in a blueprint: {@code access}, also its main-region addresses' step. */
    public static final SectionKey<AccessSection> KEY = SectionKey.of("access", AccessSection.class);

    /** The {@code myIp} word that asks Cairn to detect the address. */
    public static final String MY_IP_AUTO = "auto";
    /** The CIDR that opens a port to everyone. */
    public static final String ANYWHERE = "0.0.0.0/0";

    /** Whether opening SSH to everyone was explicitly allowed. */
    public boolean sshFromAnywhereAllowed() {
        return Boolean.TRUE.equals(allowSshFromAnywhere);
    }

    /**
     * The key pair.
     *
     * @param mode where it comes from
     * @param name the key pair's name in AWS, and of the {@code .pem} file in create mode
     * @param publicKeyFile for import: the OpenSSH public key file ({@code ssh-rsa} or
     *     {@code ssh-ed25519}); {@code ~} means the user's home
     */
    @JsonPropertyOrder({"mode", "name", "publicKeyFile"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record KeyPair(KeyPairMode mode, String name, String publicKeyFile) {}

    /**
     * A bastion or the private instance.
     *
     * @param enabled null means true (a section that is written is wanted)
     * @param instanceType like {@code t3.micro}; null means the region's free-tier type
     */
    @JsonPropertyOrder({"enabled", "instanceType"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Host(Boolean enabled, String instanceType) {
        public boolean on() {
            return !Boolean.FALSE.equals(enabled);
        }
    }

    /**
     * The OpenVPN Access Server.
     *
     * @param amiId an AMI to use instead of the newest "OpenVPN Access Server" Marketplace image
     */
    @JsonPropertyOrder({"enabled", "instanceType", "amiId"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Vpn(Boolean enabled, String instanceType, String amiId) {
        public boolean on() {
            return !Boolean.FALSE.equals(enabled);
        }
    }

    /**
     * The peered VPC: public and private subnets in each zone, no NAT, one private instance
     * whose security group allows ICMP from the main VPC.
     *
     * @param region another region than the blueprint's
     * @param vpcCidr must not overlap the main VPC's CIDR
     * @param zones null means the peer region's default zones
     * @param instanceType of the peer's private instance; null means the peer region's free-tier type
     */
    @JsonPropertyOrder({"enabled", "region", "vpcCidr", "zones", "instanceType"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Peering(Boolean enabled, String region, String vpcCidr, List<String> zones, String instanceType) {
        public Peering {
            zones = zones == null ? null : List.copyOf(zones);
        }

        public boolean on() {
            return !Boolean.FALSE.equals(enabled);
        }
    }

    public boolean bastionOn() {
        return bastion != null && bastion.on();
    }

    public boolean vpnOn() {
        return vpn != null && vpn.on();
    }

    public boolean privateInstanceOn() {
        return privateInstance != null && privateInstance.on();
    }

    public boolean peeringOn() {
        return peering != null && peering.on();
    }

    /** Whether any instance needs the key pair. */
    public boolean anyInstance() {
        return bastionOn() || vpnOn() || privateInstanceOn();
    }

    /** The peer region, when peering is on: a teardown scans it too. */
    @Override
    public Set<String> otherRegions() {
        return peeringOn() && peering.region() != null ? Set.of(peering.region()) : Set.of();
    }

    public AccessSection withMyIp(String newMyIp) {
        return new AccessSection(newMyIp, allowSshFromAnywhere, keyPair, bastion, vpn, privateInstance, peering);
    }
}
