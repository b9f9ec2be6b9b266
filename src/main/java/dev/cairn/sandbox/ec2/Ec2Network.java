package dev.cairn.sandbox.ec2;

import java.util.List;

/**
 * What EC2 does for other services' resources that live in a VPC, bound to the caller's account,
 * region and clock: a load balancer asks for a network interface in each of its subnets and lets
 * them go when it is deleted. The interfaces are EC2's own (DescribeNetworkInterfaces shows them,
 * and they block DeleteSubnet and DeleteVpc), and EC2's errors come back as they are
 * ({@code InvalidSubnetID.NotFound}, {@code InvalidGroup.NotFound}, …).
 */
public interface Ec2Network {

    /** A network interface as the calling service needs to know it. */
    record Interface(String id, String subnetId, String vpcId, String availabilityZone, String privateIp) {
    }

    /**
     * Makes a requester-managed interface in a subnet.
     *
     * @param subnetId       the subnet (of the caller's account and region)
     * @param groupIds       security groups of the subnet's VPC; may be empty
     * @param description    as AWS words it, e.g. {@code ELB app/web/50dc6c495c0c9188}
     * @param interfaceType  e.g. {@code network_load_balancer}; AWS's type names
     */
    Interface createInterface(String subnetId, List<String> groupIds, String description, String interfaceType);

    /** Lets an interface made by {@link #createInterface} go (after the ENI linger, as AWS's do). */
    void releaseInterface(String networkInterfaceId);
}
