package dev.cairn.step.access;

import dev.cairn.model.Blueprint;
import dev.cairn.model.FieldError;
import dev.cairn.model.InstanceTypeName;
import dev.cairn.model.Regions;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.SectionKey;
import dev.cairn.step.StepModule;
import java.util.List;
import java.util.Map;

/**
 * Step 2, Access: a key pair, a bastion, an OpenVPN Access Server, a private instance and an
 * optional VPC peering to another region. Optional: a blueprint without the section leaves the
 * step out. Builds on the Network step: its hosts go in the Network step's subnets, its routes in
 * its route tables.
 */
public final class AccessStep implements StepModule<AccessSection> {

    public static final AccessStep MODULE = new AccessStep();

    private static final Map<String, String> FIELD_COMMENTS = Map.of(
            "myIp", "Your address as the internet sees it (auto = detect at plan time); SSH is allowed from it only (/32).",
            "allowSshFromAnywhere", "Must be true to use myIp 0.0.0.0/0 (SSH open to everyone: not recommended).",
            "keyPair", "create (private key saved as ~/.ssh/<name>.pem, owner-only), import (publicKeyFile) or existing (by name).",
            "bastion", "SSH jump host in the first public subnet, Amazon Linux 2023, with an Elastic IP.",
            "vpn", "OpenVPN Access Server in the first public subnet (newest Marketplace image, or amiId), with an Elastic IP.",
            "privateInstance", "App instance in the first app subnet; SSH only from the bastion's and the VPN's security groups.",
            "peering", "A second VPC in another region (public and private subnets, no NAT), peered with this one.");

    private AccessStep() {}

    @Override
    public SectionKey<AccessSection> key() {
        return AccessSection.KEY;
    }

    @Override
    public boolean required() {
        return false;
    }

    @Override
    public String comment() {
        return "Step 2, Access: key pair, bastion, OpenVPN server, private instance, optional VPC peering.";
    }

    @Override
    public Map<String, String> fieldComments() {
        return FIELD_COMMENTS;
    }

    /**
     * {@code myIp: auto}; each written host enabled with the region's free-tier instance type;
     * the peer's zones from its region, and the peer region's free-tier type.
     */
    @Override
    public AccessSection withDefaults(AccessSection a, Blueprint blueprint) {
        String myIp = a.myIp() == null || a.myIp().isEmpty() ? AccessSection.MY_IP_AUTO : a.myIp();
        String free = InstanceTypeName.freeTierDefault(blueprint.region());
        AccessSection.Host bastion = a.bastion() == null ? null
                : new AccessSection.Host(a.bastion().on(), orDefault(a.bastion().instanceType(), free));
        AccessSection.Vpn vpn = a.vpn() == null ? null
                : new AccessSection.Vpn(a.vpn().on(), orDefault(a.vpn().instanceType(), free), a.vpn().amiId());
        AccessSection.Host app = a.privateInstance() == null ? null
                : new AccessSection.Host(a.privateInstance().on(), orDefault(a.privateInstance().instanceType(), free));
        AccessSection.Peering p = a.peering();
        if (p != null) {
            List<String> zones = p.zones() == null || p.zones().isEmpty() ? Regions.defaultZones(p.region()) : p.zones();
            p = new AccessSection.Peering(p.on(), p.region(), p.vpcCidr(), zones,
                    orDefault(p.instanceType(), InstanceTypeName.freeTierDefault(p.region())));
        }
        return new AccessSection(myIp, a.allowSshFromAnywhere(), a.keyPair(), bastion, vpn, app, p);
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }

    @Override
    public List<FieldError> validate(AccessSection access, Blueprint blueprint) {
        return AccessValidator.validate(access, blueprint);
    }

    @Override
    public List<FieldError> warnings(AccessSection access, Blueprint blueprint) {
        return AccessValidator.warnings(access);
    }

    /** Needs {@code myIp} resolved to an address first (see {@link AccessResources#resolvedMyIp}). */
    @Override
    public List<ResourceSpec> resources(AccessSection access, Blueprint blueprint) {
        return AccessResources.specs(blueprint);
    }
}
