package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.QueryParams;
import dev.cairn.sandbox.core.Xml;
import dev.cairn.sandbox.ec2.Ec2Model.Instance;
import dev.cairn.sandbox.ec2.Ec2Model.SecurityGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * EC2's RunInstances, DescribeInstances, DescribeInstanceStatus, StopInstances, StartInstances,
 * ModifyInstanceAttribute (the type), TerminateInstances ({@code
 * reservationSet}): parse the query parameters, call the model, render the XML the SDK and the CLI
 * read (shapes after the EC2 API reference and moto's {@code ec2/responses}).
 */
final class InstanceResponses {
    private InstanceResponses() {
    }

    static void register(Ec2Service.Actions actions) {
        actions.mutating("RunInstances", InstanceResponses::runInstances);
        actions.readOnly("DescribeInstances", InstanceResponses::describeInstances);
        actions.readOnly("DescribeInstanceStatus", InstanceResponses::describeInstanceStatus);
        actions.readOnly("DescribeInstanceAttribute", InstanceResponses::describeInstanceAttribute);
        actions.mutating("TerminateInstances", (p, b, x) -> stateChanges(x, b.instances().terminateInstances(p.list("InstanceId"))));
        actions.mutating("StopInstances", (p, b, x) -> stateChanges(x, b.instances().stopInstances(p.list("InstanceId"))));
        actions.mutating("StartInstances", (p, b, x) -> stateChanges(x, b.instances().startInstances(p.list("InstanceId"))));
        actions.mutating("ModifyInstanceAttribute", (p, b, x) -> {
            String id = p.get("InstanceId");
            if (id == null) {
                throw AwsException.missingParameter("InstanceId");
            }
            String type = p.get("InstanceType.Value");
            if (type == null) {
                throw AwsException.invalidParameterValue("The Sandbox changes an instance's type only (InstanceType.Value).");
            }
            b.instances().modifyInstanceType(id, type);
            x.el("return", "true");
        });
    }

    private static void stateChanges(Xml x, List<Instances.StateChange> changes) {
        x.start("instancesSet");
        for (Instances.StateChange c : changes) {
            x.start("item").el("instanceId", c.instanceId());
            state(x, "currentState", c.current());
            state(x, "previousState", c.previous());
            x.end();
        }
        x.end();
    }

    private static void runInstances(QueryParams p, Ec2Backend b, Xml x) {
        boolean nicForm = p.get("NetworkInterface.1.DeviceIndex") != null || p.get("NetworkInterface.1.SubnetId") != null;
        String subnetId = p.get("SubnetId");
        List<String> groups = new ArrayList<>(p.list("SecurityGroupId"));
        Boolean publicIp = null;
        if (nicForm) {
            if (subnetId != null) {
                throw new AwsException("InvalidParameterCombination",
                        "Network interfaces and an instance-level subnet ID may not be specified on the same request");
            }
            if (!groups.isEmpty()) {
                throw new AwsException("InvalidParameterCombination",
                        "Network interfaces and an instance-level security groups may not be specified on the same request");
            }
            if (p.get("NetworkInterface.2.DeviceIndex") != null) {
                throw AwsException.invalidParameterValue("The Sandbox launches instances with one network interface.");
            }
            subnetId = p.get("NetworkInterface.1.SubnetId");
            groups.addAll(p.list("NetworkInterface.1.SecurityGroupId"));
            publicIp = p.bool("NetworkInterface.1.AssociatePublicIpAddress");
        }
        if (!p.list("SecurityGroup").isEmpty()) {
            p.list("SecurityGroup").forEach(n -> b.securityGroups().securityGroupByName(n));
        }
        Instances.RunRequest request = new Instances.RunRequest(p.get("ImageId"), p.get("InstanceType"),
                p.get("KeyName"), subnetId, groups, p.integer("MinCount"), p.integer("MaxCount"), p.get("ClientToken"),
                p.tagSpecs(), p.get("MetadataOptions.HttpTokens"), p.bool("BlockDeviceMapping.1.Ebs.Encrypted"),
                p.integer("BlockDeviceMapping.1.Ebs.VolumeSize"), p.get("BlockDeviceMapping.1.Ebs.VolumeType"),
                p.get("BlockDeviceMapping.1.Ebs.KmsKeyId"), publicIp, nicForm, p.get("UserData"),
                p.get("MetadataOptions.HttpEndpoint"), templateRef(p),
                p.get("IamInstanceProfile.Arn") == null && p.get("IamInstanceProfile.Name") == null ? null
                        : new Instances.ProfileRef(p.get("IamInstanceProfile.Arn"), p.get("IamInstanceProfile.Name")));
        List<Instance> launched = b.instances().runInstances(request);
        Instance first = launched.get(0);
        x.el("reservationId", first.reservationId).el("ownerId", b.account()).start("groupSet").end()
                .start("instancesSet");
        // AWS's answer says pending, even when the instance is instantly running.
        launched.forEach(i -> instance(x.start("item"), b, i, i.terminateRequestedAt == 0 && first.createdAt == b.now()
                ? "pending" : Instances.instanceState(i, b.now())).end());
        x.end();
    }

    /** RunInstances's {@code LaunchTemplate.*}, or null when the request names none. */
    private static Instances.TemplateRef templateRef(QueryParams p) {
        String id = p.get("LaunchTemplate.LaunchTemplateId");
        String name = p.get("LaunchTemplate.LaunchTemplateName");
        String version = p.get("LaunchTemplate.Version");
        if (id == null && name == null && version == null) {
            return null;
        }
        return new Instances.TemplateRef(id, name, version);
    }

    /** DescribeInstanceAttribute: the attributes the Sandbox models. */
    private static void describeInstanceAttribute(QueryParams p, Ec2Backend b, Xml x) {
        Instance i = b.instances().instance(Ec2Backend.required(p.get("InstanceId"), "InstanceId"));
        String attribute = Ec2Backend.required(p.get("Attribute"), "Attribute");
        x.el("instanceId", i.id);
        switch (attribute) {
            // AWS answers an empty userData element for an instance launched without user data.
            case "userData" -> x.start("userData").el("value", i.userData).end();
            case "instanceType" -> x.start("instanceType").el("value", i.instanceType).end();
            case "rootDeviceName" -> x.start("rootDeviceName").el("value", Volumes.ROOT_DEVICE).end();
            case "sourceDestCheck" -> x.start("sourceDestCheck").el("value", true).end();
            case "disableApiTermination" -> x.start("disableApiTermination").el("value", false).end();
            case "groupSet" -> {
                x.start("groupSet");
                for (String g : i.groupIds) {
                    SecurityGroup group = b.state().securityGroups.get(g);
                    x.start("item").el("groupId", g).el("groupName", group == null ? null : group.name).end();
                }
                x.end();
            }
            default -> throw AwsException.invalidParameterValue("Value (" + attribute
                    + ") for parameter attribute is invalid. Unknown attribute.");
        }
    }

    private static void state(Xml x, String element, String state) {
        x.start(element).el("code", Instances.stateCode(state)).el("name", state).end();
    }

    private static Xml instance(Xml x, Ec2Backend b, Instance i, String state) {
        boolean terminated = state.equals("terminated");
        String publicIp = b.instances().publicIpOf(i);
        String zone = i.availabilityZone;
        String privateDns = "ip-" + i.privateIp.replace('.', '-') + "." + b.region().name() + ".compute.internal";
        x.el("instanceId", i.id).el("imageId", i.imageId);
        state(x, "instanceState", state);
        x.el("privateDnsName", terminated ? null : privateDns).el("dnsName", publicIp == null ? null
                        : "ec2-" + publicIp.replace('.', '-') + "." + b.region().name() + ".compute.amazonaws.com")
                .el("reason", terminated || state.equals("shutting-down") ? "User initiated" : null)
                .el("keyName", i.keyName).el("amiLaunchIndex", i.launchIndex).el("instanceType", i.instanceType)
                .el("launchTime", Describe.iso(i.createdAt))
                .start("placement").el("availabilityZone", zone).el("groupName", "").el("tenancy", "default").end()
                .start("monitoring").el("state", "disabled").end()
                .el("subnetId", terminated ? null : i.subnetId).el("vpcId", terminated ? null : i.vpcId)
                .el("privateIpAddress", terminated ? null : i.privateIp).el("ipAddress", publicIp)
                .el("sourceDestCheck", true).start("groupSet");
        for (String g : terminated ? List.<String>of() : i.groupIds) {
            SecurityGroup group = b.state().securityGroups.get(g);
            x.start("item").el("groupId", g).el("groupName", group == null ? null : group.name).end();
        }
        x.end();
        if (terminated || state.equals("shutting-down")) {
            x.start("stateReason").el("code", "Client.UserInitiatedShutdown")
                    .el("message", "Client.UserInitiatedShutdown: User initiated shutdown").end();
        }
        x.el("architecture", i.architecture).el("rootDeviceType", "ebs").el("rootDeviceName", "/dev/xvda")
                .start("blockDeviceMapping");
        if (!terminated) {
            x.start("item").el("deviceName", "/dev/xvda").start("ebs").el("volumeId", i.rootVolumeId)
                    .el("status", "attached").el("attachTime", Describe.iso(i.createdAt))
                    .el("deleteOnTermination", true).end().end();
        }
        x.end().el("virtualizationType", "hvm").el("clientToken", i.clientToken == null ? "" : i.clientToken);
        if (i.iamInstanceProfileArn != null && !terminated) {
            x.start("iamInstanceProfile").el("arn", i.iamInstanceProfileArn).el("id", i.iamInstanceProfileId).end();
        }
        Describe.tags(x, i.tags);
        x.el("hypervisor", "xen").start("networkInterfaceSet");
        if (!terminated) {
            x.start("item").el("networkInterfaceId", i.networkInterfaceId).el("subnetId", i.subnetId)
                    .el("vpcId", i.vpcId).el("description", "").el("ownerId", b.account()).el("status", "in-use")
                    .el("privateIpAddress", i.privateIp).el("sourceDestCheck", true).el("interfaceType", "interface")
                    .start("groupSet");
            for (String g : i.groupIds) {
                SecurityGroup group = b.state().securityGroups.get(g);
                x.start("item").el("groupId", g).el("groupName", group == null ? null : group.name).end();
            }
            x.end().start("attachment").el("deviceIndex", 0).el("status", "attached")
                    .el("deleteOnTermination", true).end();
            if (publicIp != null) {
                x.start("association").el("publicIp", publicIp).el("ipOwnerId", "amazon").end();
            }
            x.end();
        }
        x.end().el("ebsOptimized", false).el("enaSupport", true)
                .start("metadataOptions").el("state", "applied").el("httpTokens", i.httpTokens)
                .el("httpPutResponseHopLimit", 2).el("httpEndpoint", i.httpEndpoint).el("instanceMetadataTags", "disabled").end();
        return x;
    }

    private static void describeInstances(QueryParams p, Ec2Backend b, Xml x) {
        long now = b.now();
        Filters<Instance> filters = new Filters<>(Map.ofEntries(
                Map.entry("instance-id", i -> Describe.one(i.id)),
                Map.entry("instance-state-name", i -> Describe.one(Instances.instanceState(i, now))),
                Map.entry("instance-state-code", i -> Describe.one(Instances.stateCode(Instances.instanceState(i, now)))),
                Map.entry("vpc-id", i -> Describe.one(i.vpcId)),
                Map.entry("subnet-id", i -> Describe.one(i.subnetId)),
                Map.entry("instance.group-id", i -> i.groupIds),
                Map.entry("key-name", i -> Describe.one(i.keyName)),
                Map.entry("image-id", i -> Describe.one(i.imageId)),
                Map.entry("instance-type", i -> Describe.one(i.instanceType)),
                Map.entry("reservation-id", i -> Describe.one(i.reservationId)),
                Map.entry("availability-zone", i -> Describe.one(i.availabilityZone)),
                Map.entry("private-ip-address", i -> Describe.one(i.privateIp)),
                Map.entry("ip-address", i -> Describe.one(b.instances().publicIpOf(i))),
                Map.entry("client-token", i -> Describe.one(i.clientToken))), i -> i.tags);
        List<String> ids = p.list("InstanceId");
        if (!ids.isEmpty() && p.get("MaxResults") != null) {
            throw new AwsException("InvalidParameterCombination",
                    "The parameter instancesSet cannot be used with the parameter maxResults");
        }
        Describe.Page<Instance> page = Describe.select(p, b.state().instances.values(), ids,
                b.instances()::instance, filters, b, true);
        x.start("reservationSet");
        // Instances of one reservation that are next to each other share one reservation item.
        List<List<Instance>> reservations = new ArrayList<>();
        for (Instance i : page.items()) {
            List<Instance> last = reservations.isEmpty() ? null : reservations.get(reservations.size() - 1);
            if (last != null && last.get(0).reservationId.equals(i.reservationId)) {
                last.add(i);
            } else {
                reservations.add(new ArrayList<>(List.of(i)));
            }
        }
        for (List<Instance> r : reservations) {
            x.start("item").el("reservationId", r.get(0).reservationId).el("ownerId", b.account())
                    .start("groupSet").end().start("instancesSet");
            r.forEach(i -> instance(x.start("item"), b, i, Instances.instanceState(i, now)).end());
            x.end().end();
        }
        x.end().el("nextToken", page.nextToken());
    }

    /** Status checks: {@code initializing} for a while after the instance runs, then {@code ok}. */
    private static String checkStatus(Ec2Backend b, Instance i) {
        String state = Instances.instanceState(i, b.now());
        if (!state.equals("running")) {
            return "not-applicable";
        }
        long okAt = i.runningAt + b.scaledMillis(Ec2Durations.INSTANCE_STATUS_CHECKS);
        return b.now() >= okAt ? "ok" : "initializing";
    }

    private static void describeInstanceStatus(QueryParams p, Ec2Backend b, Xml x) {
        long now = b.now();
        boolean all = Boolean.TRUE.equals(p.bool("IncludeAllInstances"));
        Filters<Instance> filters = new Filters<>(Map.of(
                "instance-state-name", i -> Describe.one(Instances.instanceState(i, now)),
                "instance-state-code", i -> Describe.one(Instances.stateCode(Instances.instanceState(i, now))),
                "availability-zone", i -> Describe.one(i.availabilityZone),
                "instance-status.status", i -> Describe.one(checkStatus(b, i)),
                "system-status.status", i -> Describe.one(checkStatus(b, i))), null);
        List<String> ids = p.list("InstanceId");
        // Only running instances unless IncludeAllInstances, as in AWS.
        List<Instance> candidates = b.state().instances.values().stream()
                .filter(i -> all || Instances.instanceState(i, now).equals("running")).toList();
        for (String id : ids) {
            b.instances().instance(id);
        }
        List<QueryParams.Filter> fs = p.filters();
        filters.validate(fs);
        List<Instance> chosen = candidates.stream().filter(b::visible)
                .filter(i -> ids.isEmpty() || ids.contains(i.id)).filter(i -> filters.matches(i, fs)).toList();
        Describe.Page<Instance> page = Describe.page(p, chosen);
        x.start("instanceStatusSet");
        for (Instance i : page.items()) {
            String status = checkStatus(b, i);
            x.start("item").el("instanceId", i.id).el("availabilityZone", i.availabilityZone);
            state(x, "instanceState", Instances.instanceState(i, now));
            for (String check : List.of("systemStatus", "instanceStatus")) {
                x.start(check).el("status", status).start("details");
                if (!status.equals("not-applicable")) {
                    x.start("item").el("name", "reachability").el("status", status.equals("ok") ? "passed" : "initializing")
                            .end();
                }
                x.end().end();
            }
            x.end();
        }
        x.end().el("nextToken", page.nextToken());
    }

}
