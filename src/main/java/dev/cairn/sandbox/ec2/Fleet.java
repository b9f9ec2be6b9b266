package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.ec2.Ec2Model.Instance;
import dev.cairn.sandbox.ec2.Ec2Model.NetworkInterface;
import dev.cairn.sandbox.ec2.Ec2Model.SecurityGroup;
import dev.cairn.sandbox.ec2.Ec2Model.SecurityGroupRule;
import dev.cairn.sandbox.ec2.Ec2Model.Subnet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link Ec2Fleet} on one request's backend: what Auto Scaling and Elastic Load Balancing ask of
 * EC2 goes through the same rules as EC2's own API (RunInstances with a launch template,
 * TerminateInstances, the security groups' ingress rules, requester-managed interfaces).
 */
final class Fleet implements Ec2Fleet {
    private final Ec2Backend b;

    Fleet(Ec2Backend backend) {
        this.b = backend;
    }

    @Override
    public InstanceView launch(String templateIdOrName, String version, String subnetId, Map<String, String> tags) {
        boolean byId = templateIdOrName.startsWith("lt-");
        Instances.RunRequest request = new Instances.RunRequest(null, null, null, subnetId, List.of(), 1, 1, null,
                List.of(), null, null, null, null, null, null, false, null, null,
                new Instances.TemplateRef(byId ? templateIdOrName : null, byId ? null : templateIdOrName, version), null);
        Instance i = b.instances().runInstances(request).get(0);
        // Another service's tags may be AWS's own (aws:autoscaling:groupName), which CreateTags refuses.
        i.tags.putAll(tags);
        return view(i);
    }

    @Override
    public void terminate(String instanceId) {
        b.instances().terminateInstances(List.of(instanceId));
    }

    @Override
    public Optional<InstanceView> instance(String instanceId) {
        Instance i = instanceId == null ? null : b.state().instances.get(instanceId);
        return i == null || !b.visible(i) ? Optional.empty() : Optional.of(view(i));
    }

    @Override
    public Optional<String> launchTemplateId(String templateIdOrName) {
        try {
            return Optional.of(b.launchTemplates().byIdOrName(templateIdOrName).id);
        } catch (AwsException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<String> subnetZone(String subnetId) {
        return subnet(subnetId).map(s -> s.availabilityZone);
    }

    @Override
    public Optional<String> subnetVpc(String subnetId) {
        return subnet(subnetId).map(s -> s.vpcId);
    }

    private Optional<Subnet> subnet(String subnetId) {
        Subnet s = subnetId == null ? null : b.state().subnets.get(subnetId);
        return s == null || !b.visible(s) ? Optional.empty() : Optional.of(s);
    }

    @Override
    public Optional<String> securityGroupVpc(String groupId) {
        SecurityGroup g = groupId == null ? null : b.state().securityGroups.get(groupId);
        return g == null || !b.visible(g) ? Optional.empty() : Optional.of(g.vpcId);
    }

    @Override
    public List<InstanceView> instances() {
        List<InstanceView> out = new ArrayList<>();
        for (Instance i : b.state().instances.values()) {
            if (b.visible(i)) {
                InstanceView v = view(i);
                if (v.alive()) {
                    out.add(v);
                }
            }
        }
        return out;
    }

    @Override
    public List<String> vpcCidrs(String vpcId) {
        Ec2Model.Vpc v = vpcId == null ? null : b.state().vpcs.get(vpcId);
        return v == null ? List.of() : List.of(v.cidrBlock);
    }

    @Override
    public boolean admits(String instanceId, String sourceGroupId, String sourceAddress, int port) {
        Instance i = b.state().instances.get(instanceId);
        if (i == null) {
            return false;
        }
        return groupsAdmit(i.groupIds, sourceGroupId, sourceAddress, port);
    }

    @Override
    public boolean groupsAdmit(List<String> groupIds, String sourceGroupId, String sourceAddress, int port) {
        Cidr source = sourceAddress == null ? null : Cidr.parse(sourceAddress + "/32");
        for (String groupId : groupIds) {
            SecurityGroup g = b.state().securityGroups.get(groupId);
            if (g == null) {
                continue;
            }
            for (SecurityGroupRule r : g.rules) {
                if (!r.egress && admitsTcp(r, port) && (sourceGroupId != null && sourceGroupId.equals(r.referencedGroupId)
                        || source != null && r.cidrIpv4 != null && Cidr.parse(r.cidrIpv4).contains(source))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether a rule covers TCP on a port: all traffic, or TCP with the port in its range. */
    static boolean admitsTcp(SecurityGroupRule r, int port) {
        if (r.ipProtocol.equals("-1")) {
            return true;
        }
        if (!r.ipProtocol.equals("tcp") && !r.ipProtocol.equals("6")) {
            return false;
        }
        return r.fromPort == null || r.fromPort == -1 || (r.fromPort <= port && port <= r.toPort);
    }

    @Override
    public ServiceInterface attachServiceInterface(String subnetId, List<String> securityGroupIds, String requesterId,
                                                   String description) {
        Subnet subnet = b.subnet(subnetId);
        for (String g : securityGroupIds) {
            if (!b.securityGroups().securityGroup(g).vpcId.equals(subnet.vpcId)) {
                throw new AwsException("InvalidParameter", "Security group " + g + " and subnet " + subnetId
                        + " belong to different networks.");
            }
        }
        NetworkInterface eni = b.networkInterfaces().createManaged(subnet, description, "interface",
                new ArrayList<>(securityGroupIds));
        eni.requesterId = requesterId;
        return new ServiceInterface(eni.id, eni.privateIp);
    }

    @Override
    public void releaseServiceInterface(String networkInterfaceId) {
        NetworkInterface eni = b.state().networkInterfaces.get(networkInterfaceId);
        if (eni != null) {
            b.networkInterfaces().release(eni);
        }
    }

    private InstanceView view(Instance i) {
        String state = Instances.instanceState(i, b.now());
        String userData = i.userData != null ? i.userData : b.images().inheritedUserData(i);
        Catalog.InstanceType type = Catalog.instanceType(b.region().name(), i.instanceType);
        return new InstanceView(i.id, state, i.subnetId, i.vpcId, i.availabilityZone, i.privateIp,
                List.copyOf(i.groupIds), i.launchTemplateId, i.launchTemplateVersion, decode(userData), i.createdAt,
                i.instanceType, type == null ? 0 : type.vcpus(), type == null ? 0 : type.memoryMib(),
                i.iamInstanceProfileArn, state.equals("running") ? i.runningAt : 0);
    }

    /** User data as the script it is (EC2 keeps it base64, as given). */
    static String decode(String base64) {
        if (base64 == null || base64.isEmpty()) {
            return null;
        }
        return new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
