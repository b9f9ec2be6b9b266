package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.core.QueryParams;
import dev.cairn.sandbox.core.Xml;
import dev.cairn.sandbox.ec2.Ec2Model.Address;
import dev.cairn.sandbox.ec2.Ec2Model.NetworkInterface;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * EC2's DescribeNetworkInterfaces: parse the query parameters, call the model, render the XML the
 * SDK and the CLI read (shapes after the EC2 API reference and moto's {@code ec2/responses}).
 */
final class NetworkInterfaceResponses {
    private NetworkInterfaceResponses() {
    }

    static void register(Ec2Service.Actions actions) {
        actions.readOnly("DescribeNetworkInterfaces", NetworkInterfaceResponses::describeNetworkInterfaces);
    }

    private static final Filters<NetworkInterface> ENI_FILTERS = new Filters<>(Map.ofEntries(
            Map.entry("network-interface-id", e -> Describe.one(e.id)),
            Map.entry("subnet-id", e -> Describe.one(e.subnetId)),
            Map.entry("vpc-id", e -> Describe.one(e.vpcId)),
            Map.entry("availability-zone", e -> Describe.one(e.availabilityZone)),
            Map.entry("status", e -> Describe.one("in-use")),
            Map.entry("interface-type", e -> Describe.one(e.interfaceType)),
            Map.entry("description", e -> Describe.one(e.description)),
            Map.entry("requester-managed", e -> Describe.one(e.requesterManaged)),
            Map.entry("requester-id", e -> Describe.one(e.requesterId)),
            Map.entry("private-ip-address", e -> Describe.one(e.privateIp)),
            Map.entry("addresses.private-ip-address", e -> Describe.one(e.privateIp)),
            Map.entry("mac-address", e -> Describe.one(e.macAddress)),
            Map.entry("group-id", e -> e.groupIds),
            Map.entry("attachment.instance-id", e -> Describe.one(e.instanceId))), e -> e.tags);

    private static void describeNetworkInterfaces(QueryParams p, Ec2Backend b, Xml x) {
        Filters<NetworkInterface> filters = ENI_FILTERS.with(Map.of(
                "owner-id", e -> Describe.one(b.account()),
                "association.allocation-id", e -> addressField(b, e, a -> a.id),
                "association.public-ip", e -> addressField(b, e, a -> a.publicIp)));
        Describe.Page<NetworkInterface> enis = Describe.select(p, b.state().networkInterfaces.values(), p.list("NetworkInterfaceId"),
                b::networkInterface, filters, b, true);
        x.start("networkInterfaceSet");
        for (NetworkInterface e : enis.items()) {
            Address a = b.addresses().addressOf(e);
            x.start("item").el("networkInterfaceId", e.id).el("subnetId", e.subnetId).el("vpcId", e.vpcId)
                    .el("availabilityZone", e.availabilityZone).el("description", e.description)
                    .el("ownerId", b.account()).el("requesterId", e.requesterId)
                    .el("requesterManaged", e.requesterManaged).el("status", "in-use")
                    .el("macAddress", e.macAddress).el("privateIpAddress", e.privateIp)
                    .el("sourceDestCheck", e.instanceId != null).el("interfaceType", e.interfaceType).start("groupSet");
            for (String g : e.groupIds) {
                Ec2Model.SecurityGroup group = b.state().securityGroups.get(g);
                x.start("item").el("groupId", g).el("groupName", group == null ? null : group.name).end();
            }
            x.end();
            if (e.instanceId != null) {
                x.start("attachment").el("attachmentId", e.attachmentId).el("instanceId", e.instanceId)
                        .el("instanceOwnerId", b.account()).el("deviceIndex", 0).el("status", "attached")
                        .el("deleteOnTermination", true).end();
            }
            association(x, b, a, e);
            x.start("privateIpAddressesSet").start("item").el("privateIpAddress", e.privateIp).el("primary", true);
            association(x, b, a, e);
            x.end().end();
            Describe.tags(x, e.tags).end();
        }
        x.end();
        x.el("nextToken", enis.nextToken());
    }

    private static Collection<String> addressField(Ec2Backend b, NetworkInterface e, Function<Address, String> field) {
        Address a = b.addresses().addressOf(e);
        return a == null ? List.of() : List.of(field.apply(a));
    }

    private static void association(Xml x, Ec2Backend b, Address a, NetworkInterface e) {
        if (a != null) {
            x.start("association").el("publicIp", a.publicIp).el("ipOwnerId", b.account())
                    .el("allocationId", a.id).el("associationId", a.associationId).end();
        } else if (e.instanceId != null && b.state().instances.containsKey(e.instanceId)
                && b.state().instances.get(e.instanceId).publicIp != null) {
            // An auto-assigned public IP belongs to Amazon, not to the account.
            x.start("association").el("publicIp", b.state().instances.get(e.instanceId).publicIp)
                    .el("ipOwnerId", "amazon").end();
        }
    }

}
