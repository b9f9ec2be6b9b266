package dev.cairn.step.access;

import dev.cairn.model.Blueprint;
import dev.cairn.model.Cidr;
import dev.cairn.model.FieldError;
import dev.cairn.model.InstanceTypeName;
import dev.cairn.model.Regions;
import dev.cairn.model.UserHome;
import dev.cairn.step.BlueprintValidator;
import dev.cairn.step.network.NetworkSection;
import dev.cairn.step.network.NetworkValidator;
import dev.cairn.step.network.SubnetLayout;
import dev.cairn.step.network.SubnetSpec;
import dev.cairn.step.network.SubnetTier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Access step's rules, called by {@link AccessStep}. Rule keys:
 * {@code myIp.format}, {@code myIp.notHost}, {@code myIp.anywhere}, {@code keyPair.name},
 * {@code keyPair.publicKey}, {@code field.required}, {@code instanceType.format},
 * {@code ami.format}, {@code access.noPublicSubnet}, {@code access.noAppSubnet},
 * {@code region.unknown}, {@code peering.sameRegion}, {@code zone.count}, {@code zone.duplicate},
 * {@code zone.notInRegion}, {@code vpc.prefixRange}, {@code cidr.*}, {@code peering.overlap},
 * {@code peering.tooSmall}. {@code myIp: auto} is accepted here and resolved at plan/apply time,
 * never at validation (validation makes no network call).
 */
public final class AccessValidator {

    /** AWS: a key pair name is 1–255 ASCII characters. */
    public static final int MAX_KEY_NAME = 255;

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?:/(\\d{1,2}))?");
    private static final Pattern AMI_ID = Pattern.compile("ami-([0-9a-f]{8}|[0-9a-f]{17})");
    private static final Pattern PUBLIC_KEY = Pattern.compile("(ssh-rsa|ssh-ed25519) [A-Za-z0-9+/]+=*( .*)?");

    private AccessValidator() {}

    /** The rules of {@code access} in {@code bp}, whose network section it is checked against. */
    public static List<FieldError> validate(AccessSection access, Blueprint bp) {
        List<FieldError> errors = new ArrayList<>();
        validateMyIp(access, errors);
        if (access.anyInstance()) {
            validateKeyPair(access.keyPair(), errors);
        }
        if (access.bastionOn()) {
            validateInstanceType("access.bastion.instanceType", access.bastion().instanceType(), errors);
        }
        if (access.vpnOn()) {
            validateInstanceType("access.vpn.instanceType", access.vpn().instanceType(), errors);
            String ami = access.vpn().amiId();
            if (ami != null && !AMI_ID.matcher(ami).matches()) {
                errors.add(FieldError.of("access.vpn.amiId", "ami.format", "access.vpn.amiId " + BlueprintValidator.quote(ami)
                        + " is not an AMI ID like ami-0123456789abcdef0", ami));
            }
        }
        if (access.privateInstanceOn()) {
            validateInstanceType("access.privateInstance.instanceType", access.privateInstance().instanceType(), errors);
        }
        NetworkSection network = bp.section(NetworkSection.KEY);
        List<SubnetSpec> subnets = network == null || network.subnets() == null ? List.of() : network.subnets();
        // With no subnets at all the Network rules already say so; do not repeat it per host.
        if (!subnets.isEmpty() && (access.bastionOn() || access.vpnOn()) && subnets.stream().noneMatch(s -> s.tier() == SubnetTier.PUBLIC)) {
            errors.add(FieldError.of("access", "access.noPublicSubnet",
                    "access.bastion and access.vpn need a public subnet in network.subnets"));
        }
        if (!subnets.isEmpty() && access.privateInstanceOn() && subnets.stream().noneMatch(s -> s.tier() == SubnetTier.APP)) {
            errors.add(FieldError.of("access.privateInstance", "access.noAppSubnet",
                    "access.privateInstance needs an app subnet in network.subnets"));
        }
        if (access.peeringOn()) {
            validatePeering(bp, access.peering(), errors);
        }
        return List.copyOf(errors);
    }

    /** SSH (and the VPN ports) opened to the whole internet, allowed: rule {@code myIp.anywhere}. */
    public static List<FieldError> warnings(AccessSection access) {
        if (AccessSection.ANYWHERE.equals(access.myIp()) && access.sshFromAnywhereAllowed()) {
            return List.of(FieldError.of("access.myIp", "myIp.anywhere", "access.myIp is 0.0.0.0/0: SSH"
                    + (access.vpnOn() ? " and the VPN ports are" : " is") + " open to the whole internet", AccessSection.ANYWHERE));
        }
        return List.of();
    }

    private static void validateMyIp(AccessSection access, List<FieldError> errors) {
        String f = "access.myIp";
        String ip = access.myIp();
        if (ip == null || ip.isEmpty()) {
            errors.add(FieldError.of(f, "field.required", f + " is required (\"auto\" or an address such as 203.0.113.10/32)"));
            return;
        }
        if (ip.equals(AccessSection.MY_IP_AUTO)) {
            return;
        }
        if (ip.equals(AccessSection.ANYWHERE)) {
            if (!access.sshFromAnywhereAllowed()) {
                errors.add(FieldError.of(f, "myIp.anywhere", f + " 0.0.0.0/0 opens SSH to the whole internet;"
                        + " set access.allowSshFromAnywhere: true to allow it", ip));
            }
            return;
        }
        Matcher m = IPV4.matcher(ip);
        boolean octetsOk = m.matches();
        for (int i = 1; octetsOk && i <= 4; i++) {
            octetsOk = Integer.parseInt(m.group(i)) <= 255;
        }
        if (!octetsOk) {
            errors.add(FieldError.of(f, "myIp.format", f + " " + BlueprintValidator.quote(ip)
                    + " is not an IPv4 address like 203.0.113.10 or 203.0.113.10/32 (or \"auto\")", ip));
        } else if (m.group(5) != null && !m.group(5).equals("32")) {
            errors.add(FieldError.of(f, "myIp.notHost", f + " " + ip
                    + " must be one address (/32), the address the internet sees for you", ip));
        }
    }

    /** {@code 203.0.113.10} → {@code 203.0.113.10/32}; other values unchanged. */
    static String asHostCidr(String ip) {
        return ip != null && IPV4.matcher(ip).matches() && !ip.contains("/") ? ip + "/32" : ip;
    }

    private static void validateKeyPair(AccessSection.KeyPair key, List<FieldError> errors) {
        String f = "access.keyPair";
        if (key == null) {
            errors.add(FieldError.of(f, "field.required", f + " is required when an instance is enabled"));
            return;
        }
        if (key.mode() == null) {
            errors.add(FieldError.of(f + ".mode", "field.required", f + ".mode is required (one of "
                    + String.join(", ", KeyPairMode.yamlNames()) + ")"));
        }
        String name = key.name();
        if (name == null || name.isEmpty() || name.length() > MAX_KEY_NAME
                || !StandardCharsets.US_ASCII.newEncoder().canEncode(name) || !name.strip().equals(name)) {
            errors.add(FieldError.of(f + ".name", "keyPair.name", f + ".name " + BlueprintValidator.quote(name)
                    + " must be 1–" + MAX_KEY_NAME + " ASCII characters without leading or trailing spaces", String.valueOf(name)));
        } else if (key.mode() == KeyPairMode.CREATE && (name.contains("/") || name.contains("\\") || name.startsWith("."))) {
            // The private key is saved as ~/.ssh/<name>.pem: the name must stay a plain file name.
            errors.add(FieldError.of(f + ".name", "keyPair.name", f + ".name " + BlueprintValidator.quote(name)
                    + " must be a plain file name (no slash, not starting with a dot) to be saved as ~/.ssh/" + name + ".pem", name));
        }
        if (key.mode() == KeyPairMode.IMPORT) {
            String file = key.publicKeyFile();
            if (file == null || file.isEmpty()) {
                errors.add(FieldError.of(f + ".publicKeyFile", "field.required", f + ".publicKeyFile is required in import mode"));
                return;
            }
            Path path = expandHome(file);
            String problem;
            try {
                String text = Files.readString(path).strip();
                problem = PUBLIC_KEY.matcher(text).matches() ? null : "is not an OpenSSH ssh-rsa or ssh-ed25519 public key";
            } catch (IOException | RuntimeException e) {
                problem = "cannot be read (" + e.getMessage() + ")";
            }
            if (problem != null) {
                errors.add(FieldError.of(f + ".publicKeyFile", "keyPair.publicKey", f + ".publicKeyFile " + file + " " + problem, file));
            }
        }
    }

    /** {@code ~/x} → the user's home plus {@code x}. */
    static Path expandHome(String file) {
        return UserHome.expand(file);
    }

    private static void validateInstanceType(String f, String type, List<FieldError> errors) {
        if (type == null || type.isEmpty()) {
            errors.add(FieldError.of(f, "field.required", f + " is required"));
        } else if (!InstanceTypeName.isValid(type)) {
            errors.add(FieldError.of(f, "instanceType.format", f + " " + BlueprintValidator.quote(type)
                    + " is not an instance type name like t3.micro (family, generation, attributes, then .size)", type));
        }
    }

    private static void validatePeering(Blueprint bp, AccessSection.Peering peering, List<FieldError> errors) {
        String f = "access.peering";
        Optional<Regions.Region> region = Optional.empty();
        if (peering.region() == null || peering.region().isEmpty()) {
            errors.add(FieldError.of(f + ".region", "field.required", f + ".region is required"));
        } else {
            region = Regions.find(peering.region());
            if (region.isEmpty()) {
                errors.add(FieldError.of(f + ".region", "region.unknown", f + ".region " + BlueprintValidator.quote(peering.region())
                        + " is not an AWS commercial region Cairn knows (" + String.join(", ", Regions.codes()) + ")", peering.region()));
            } else if (peering.region().equals(bp.region())) {
                errors.add(FieldError.of(f + ".region", "peering.sameRegion", f + ".region " + peering.region()
                        + " must differ from the stack's region; the peered VPC lives in another region", peering.region()));
            }
        }
        List<String> zones = peering.zones() == null ? List.of() : peering.zones();
        if (zones.isEmpty()) {
            errors.add(FieldError.of(f + ".zones", "zone.count", f + ".zones lists no zone; at least 1 is needed", "0"));
        }
        NetworkValidator.validateZones(f + ".zones", zones, region, errors);
        validateInstanceType(f + ".instanceType", peering.instanceType(), errors);
        Cidr peer = NetworkValidator.validateVpcCidr(f + ".vpcCidr", peering.vpcCidr(), errors);
        if (peer == null) {
            return;
        }
        NetworkSection network = bp.section(NetworkSection.KEY);
        String mainText = network == null ? null : network.vpcCidr();
        if (mainText != null && Cidr.isValid(mainText) && Cidr.parse(mainText).overlaps(peer)) {
            errors.add(FieldError.of(f + ".vpcCidr", "peering.overlap", f + ".vpcCidr " + peer + " overlaps network.vpcCidr "
                    + mainText + "; AWS refuses to peer VPCs whose ranges overlap", peer.toString(), mainText));
        }
        if (!zones.isEmpty() && PeerLayout.compute(peer.toString(), zones).isEmpty()) {
            errors.add(FieldError.of(f + ".vpcCidr", "peering.tooSmall", f + ".vpcCidr " + peer + " is too small for a public and a"
                    + " private subnet of at least /" + SubnetLayout.SMALLEST_SUBNET_PREFIX + " in each of " + zones.size() + " zone(s)",
                    peer.toString(), String.valueOf(zones.size())));
        }
    }
}
