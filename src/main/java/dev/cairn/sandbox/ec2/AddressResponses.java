package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.core.QueryParams;
import dev.cairn.sandbox.core.Xml;
import dev.cairn.sandbox.ec2.Ec2Model.Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * EC2's Allocate/Release/Describe/Associate/DisassociateAddress: parse the query parameters, call
 * the model, render the XML the SDK and the CLI read (shapes after the EC2 API reference and
 * moto's {@code ec2/responses}).
 */
final class AddressResponses {
    private AddressResponses() {
    }

    static void register(Ec2Service.Actions actions) {
        actions.mutating("AllocateAddress", (p, b, x) -> {
            Address a = b.addresses().allocateAddress(p.get("Domain"), p.tagSpecs());
            x.el("publicIp", a.publicIp).el("domain", a.domain).el("allocationId", a.id)
                    .el("publicIpv4Pool", "amazon").el("networkBorderGroup", b.region().name());
        });
        actions.mutating("ReleaseAddress", (p, b, x) -> {
            b.addresses().releaseAddress(p.get("AllocationId"));
            x.el("return", true);
        });
        actions.readOnly("DescribeAddresses", AddressResponses::describeAddresses);
        actions.mutating("AssociateAddress", (p, b, x) -> {
            String id = b.addresses().associateAddress(p.get("AllocationId"), p.get("InstanceId"),
                    p.get("NetworkInterfaceId"), Boolean.TRUE.equals(p.bool("AllowReassociation")));
            x.el("return", true).el("associationId", id);
        });
        actions.mutating("DisassociateAddress", (p, b, x) -> {
            b.addresses().disassociateAddress(p.get("AssociationId"));
            x.el("return", true);
        });
    }

    private static final Filters<Address> ADDRESS_FILTERS = new Filters<>(Map.of(
            "allocation-id", a -> Describe.one(a.id),
            "association-id", a -> Describe.one(a.associationId),
            "domain", a -> Describe.one(a.domain),
            "network-interface-id", a -> Describe.one(a.networkInterfaceId),
            "private-ip-address", a -> Describe.one(a.privateIpAddress),
            "public-ip", a -> Describe.one(a.publicIp)), a -> a.tags);

    private static void describeAddresses(QueryParams p, Ec2Backend b, Xml x) {
        List<String> ids = new ArrayList<>(p.list("AllocationId"));
        p.list("PublicIp").forEach(ip -> ids.add(b.addressByIp(ip).id));
        // DescribeAddresses has no MaxResults/NextToken in AWS.
        Describe.Page<Address> addresses = Describe.select(p, b.state().addresses.values(), ids, b::address,
                ADDRESS_FILTERS.with(Map.of("instance-id", a -> Describe.one(b.addresses().instanceOf(a)))), b, false);
        x.start("addressesSet");
        for (Address a : addresses.items()) {
            x.start("item").el("instanceId", b.addresses().instanceOf(a)).el("publicIp", a.publicIp)
                    .el("allocationId", a.id).el("domain", a.domain)
                    .el("associationId", a.associationId).el("networkInterfaceId", a.networkInterfaceId)
                    .el("networkInterfaceOwnerId", a.networkInterfaceId == null ? null : b.account())
                    .el("privateIpAddress", a.privateIpAddress).el("publicIpv4Pool", "amazon")
                    .el("networkBorderGroup", b.region().name());
            Describe.tags(x, a.tags).end();
        }
        x.end();
    }

}
