package dev.cairn.sandbox.ec2;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What EC2 does for other services in the caller's account and region: Auto Scaling launches and
 * terminates its instances through it (so {@code DescribeInstances} shows them, tagged, with
 * their lifecycle), Elastic Load Balancing places its network interfaces in subnets and asks
 * whether an instance's security groups admit the load balancer's. Exported by the {@code ec2}
 * service; bound to the caller's account, region and clock. Failures are EC2's own errors
 * ({@code AwsException} with EC2's codes), which the caller turns into its own words.
 */
public interface Ec2Fleet {

    /**
     * An instance as another service needs to know it. {@code userData} is the script as text
     * (decoded from EC2's base64): the instance's own, or when it has none, that of the own image
     * it was launched from (a golden image carries its app); null when neither has any.
     * {@code launchTemplateVersion} is the version number the launch resolved to. {@code instanceType},
     * {@code vcpus} and {@code memoryMib} are its type's; {@code iamInstanceProfileArn} its instance
     * profile (null without one); {@code runningSince} when it started running (0 before).
     */
    record InstanceView(String instanceId, String state, String subnetId, String vpcId, String availabilityZone,
                        String privateIp, List<String> securityGroupIds, String launchTemplateId,
                        String launchTemplateVersion, String userData, long launchTime, String instanceType,
                        int vcpus, int memoryMib, String iamInstanceProfileArn, long runningSince) {

        /** A view without type, profile or running time (tests of what only needs the rest). */
        public InstanceView(String instanceId, String state, String subnetId, String vpcId, String availabilityZone,
                            String privateIp, List<String> securityGroupIds, String launchTemplateId,
                            String launchTemplateVersion, String userData, long launchTime) {
            this(instanceId, state, subnetId, vpcId, availabilityZone, privateIp, securityGroupIds, launchTemplateId,
                    launchTemplateVersion, userData, launchTime, null, 0, 0, null, 0);
        }

        /** {@code pending} or {@code running}: counted by a group, a target that may become healthy. */
        public boolean alive() {
            return "pending".equals(state) || "running".equals(state);
        }

        public boolean running() {
            return "running".equals(state);
        }
    }

    /**
     * Launches one instance from a launch template (by ID, or by name when {@code templateIdOrName}
     * does not start with {@code lt-}) in a subnet, as RunInstances with a launch template does:
     * its image, instance type, security groups and user data; {@code tags} added to the
     * template's own instance tags (they may be AWS's own, such as {@code aws:autoscaling:groupName},
     * which CreateTags refuses). The instance also gets AWS's {@code aws:ec2launchtemplate:id} and
     * {@code aws:ec2launchtemplate:version} tags.
     *
     * @param version {@code $Default}, {@code $Latest} or a version number
     * @return the new instance, {@code pending}
     */
    InstanceView launch(String templateIdOrName, String version, String subnetId, Map<String, String> tags);

    /** Terminates an instance (as TerminateInstances: {@code shutting-down}, then {@code terminated}). */
    void terminate(String instanceId);

    /** The instance of that ID in the caller's account and region (terminated ones while EC2 still shows them), or empty. */
    Optional<InstanceView> instance(String instanceId);

    /** The caller's instances that are pending or running, in launch order (ECS's agents register from these). */
    List<InstanceView> instances();

    /** The VPC's IPv4 CIDR blocks, or empty when the caller has no such VPC. */
    List<String> vpcCidrs(String vpcId);

    /**
     * Whether any of these security groups admits TCP {@code port} from a member of
     * {@code sourceGroupId} or from {@code sourceAddress}: {@link #admits} for a network interface
     * that is not an instance's (an ECS task's).
     */
    boolean groupsAdmit(List<String> groupIds, String sourceGroupId, String sourceAddress, int port);

    /** The ID of a launch template named or identified so, or empty. */
    Optional<String> launchTemplateId(String templateIdOrName);

    /** The zone of a subnet, or empty when the caller has no such subnet. */
    Optional<String> subnetZone(String subnetId);

    /** The VPC of a subnet, or empty when the caller has no such subnet. */
    Optional<String> subnetVpc(String subnetId);

    /** The VPC of a security group, or empty when the caller has no such group. */
    Optional<String> securityGroupVpc(String groupId);

    /**
     * Whether any of the instance's security groups admits TCP {@code port} from a member of
     * {@code sourceGroupId} (a rule naming that group, or a CIDR covering the source's address):
     * a load balancer's health check and traffic need it ({@code Target.Timeout} otherwise).
     */
    boolean admits(String instanceId, String sourceGroupId, String sourceAddress, int port);

    /**
     * Creates a requester-managed network interface in a subnet for another service (a load
     * balancer's: {@code requesterId} {@code amazon-elb}, description {@code ELB app/<name>/<id>}),
     * {@code in-use}; it keeps the subnet and its security groups from being deleted.
     *
     * @return the interface's ID and private address
     */
    ServiceInterface attachServiceInterface(String subnetId, List<String> securityGroupIds, String requesterId,
                                            String description);

    /** A network interface another service placed. */
    record ServiceInterface(String networkInterfaceId, String privateIp) {}

    /**
     * Releases such an interface: it lingers (EC2's linger setting) and then goes, as a load
     * balancer's interfaces do minutes after DeleteLoadBalancer.
     */
    void releaseServiceInterface(String networkInterfaceId);
}
