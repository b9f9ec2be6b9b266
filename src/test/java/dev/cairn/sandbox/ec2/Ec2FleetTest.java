package dev.cairn.sandbox.ec2;

import static dev.cairn.sandbox.SandboxClients.assertEc2Error;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.sandbox.SandboxClients;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import dev.cairn.sandbox.SignedHttp;
import dev.cairn.sandbox.core.Call;
import dev.cairn.sandbox.core.ServiceDefinition;
import dev.cairn.sandbox.core.ServiceDefinition.Effect;
import dev.cairn.sandbox.core.Xml;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;

/**
 * {@link Ec2Fleet} as Auto Scaling and Elastic Load Balancing use it, through a practice service
 * the test registers (it is neither): every answer the fleet gives is checked against what EC2's
 * own API then shows — the launched instance, its template and tags, the user data an own image
 * passes on, the ingress rules {@code admits} reads, and a service interface that blocks its
 * subnet and group until it is released and its linger is over.
 */
class Ec2FleetTest {
    private static final String PRACTICE = "fleetpractice";
    /**
     * Short enough to wait out in a test, long enough to observe the interface lingering on a
     * loaded machine (the check right after the release must land inside it).
     */
    private static final Duration LINGER = Duration.ofMillis(2000);
    private static final Duration WAIT = Duration.ofSeconds(15);

    private SandboxServer server;
    private Ec2Client ec2;
    private String vpcId;
    private String subnetId;
    private String webSg;
    private String lbSg;
    private String imageId;

    @AfterEach
    void stop() {
        if (ec2 != null) {
            ec2.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** One action, {@code Op=…}: each fleet call, its answer as flat elements. */
    private static ServiceDefinition practice() {
        return ServiceDefinition.builder(PRACTICE, ServiceDefinition.Protocol.QUERY)
                .apiVersion("2011-01-01")
                .xmlNamespace("http://fleetpractice.example/doc/2011-01-01/")
                .query("Fleet", Effect.WRITES, Ec2FleetTest::fleet)
                .build();
    }

    private static void fleet(Call call, Xml x) {
        Ec2Fleet fleet = call.peer(Ec2Fleet.class);
        var p = call.params();
        switch (p.required("Op")) {
            case "launch" -> {
                Map<String, String> tags = new LinkedHashMap<>(p.tags("Tag"));
                view(x, fleet.launch(p.required("Template"), p.get("TemplateVersion"), p.required("Subnet"), tags));
            }
            case "instance" -> fleet.instance(p.required("InstanceId")).ifPresentOrElse(v -> view(x, v),
                    () -> x.el("Absent", true));
            case "terminate" -> fleet.terminate(p.required("InstanceId"));
            case "admits" -> x.el("Admits", fleet.admits(p.required("InstanceId"), p.get("SourceGroup"),
                    p.get("SourceAddress"), Integer.parseInt(p.required("Port"))));
            case "attach" -> {
                Ec2Fleet.ServiceInterface eni = fleet.attachServiceInterface(p.required("Subnet"),
                        p.list("Group"), "amazon-elb", "ELB app/web/50dc6c495c0c9188");
                x.el("NetworkInterfaceId", eni.networkInterfaceId()).el("PrivateIp", eni.privateIp());
            }
            case "release" -> fleet.releaseServiceInterface(p.required("NetworkInterfaceId"));
            case "lookup" -> x.el("TemplateId", fleet.launchTemplateId(p.required("Template")).orElse("none"))
                    .el("Zone", fleet.subnetZone(p.required("Subnet")).orElse("none"))
                    .el("SubnetVpc", fleet.subnetVpc(p.required("Subnet")).orElse("none"))
                    .el("GroupVpc", fleet.securityGroupVpc(p.required("Group")).orElse("none"));
            default -> throw new IllegalArgumentException(p.get("Op"));
        }
    }

    private static void view(Xml x, Ec2Fleet.InstanceView v) {
        x.el("InstanceId", v.instanceId()).el("State", v.state()).el("Subnet", v.subnetId()).el("Vpc", v.vpcId())
                .el("Zone", v.availabilityZone()).el("PrivateIp", v.privateIp())
                .el("Groups", String.join(",", v.securityGroupIds())).el("TemplateId", v.launchTemplateId())
                .el("TemplateVersion", v.launchTemplateVersion()).el("UserData", v.userData())
                .el("Alive", v.alive());
    }

    /** Calls the practice service; the answer's elements by name (the first of each). */
    private Map<String, String> call(String... params) {
        StringBuilder form = new StringBuilder("Action=Fleet&Version=2011-01-01");
        for (int i = 0; i < params.length; i += 2) {
            form.append('&').append(params[i]).append('=').append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
        }
        HttpResponse<String> r = SignedHttp.send(server.endpoint(), PRACTICE, SandboxClients.REGION.id(), "POST", "/",
                Map.of("Content-Type", "application/x-www-form-urlencoded"), form.toString().getBytes(StandardCharsets.UTF_8));
        Map<String, String> out = new LinkedHashMap<>();
        out.put("status", String.valueOf(r.statusCode()));
        Matcher m = Pattern.compile("<([A-Za-z]+)>([^<]*)</\\1>").matcher(r.body());
        while (m.find()) {
            out.putIfAbsent(m.group(1), m.group(2).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                    .replace("&apos;", "'").replace("&amp;", "&"));
        }
        return out;
    }

    private void start() {
        server = SandboxServer.start(SandboxConfig.instant().withEniLinger(LINGER), List.of(practice()));
        ec2 = SandboxClients.ec2(server);
        vpcId = ec2.createVpc(r -> r.cidrBlock("10.3.0.0/16")).vpc().vpcId();
        subnetId = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.3.1.0/24").availabilityZone("ap-northeast-2c"))
                .subnet().subnetId();
        webSg = ec2.createSecurityGroup(r -> r.groupName("web").description("web").vpcId(vpcId)).groupId();
        lbSg = ec2.createSecurityGroup(r -> r.groupName("lb").description("lb").vpcId(vpcId)).groupId();
        imageId = ec2.describeImages(r -> r.owners("amazon").filters(Filter.builder().name("name")
                .values("al2023-ami-2023.6.20251110.0-kernel-6.1-x86_64").build())).images().get(0).imageId();
    }

    private String template(String name, String userData) {
        return ec2.createLaunchTemplate(r -> r.launchTemplateName(name).launchTemplateData(d -> d.imageId(imageId)
                .instanceType("t3.micro").securityGroupIds(webSg)
                .userData(userData == null ? null : Base64.getEncoder().encodeToString(userData.getBytes(StandardCharsets.UTF_8)))
                .tagSpecifications(t -> t.resourceType("instance").tags(tag -> tag.key("Name").value("web")))))
                .launchTemplate().launchTemplateId();
    }

    private Instance describe(String id) {
        return ec2.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0);
    }

    @Test
    void launch_fromTemplateByName_runsAnInstanceEc2ShowsWithTemplateTagsAndUserData() {
        start();
        String templateId = template("web-lt", "#!/bin/bash\necho hello > /var/www/html/index.html\n");

        Map<String, String> launched = call("Op", "launch", "Template", "web-lt", "TemplateVersion", "$Latest", "Subnet", subnetId,
                "Tag.1.Key", "aws:autoscaling:groupName", "Tag.1.Value", "web-asg");

        assertThat(launched).containsEntry("status", "200").containsEntry("Subnet", subnetId)
                .containsEntry("Vpc", vpcId).containsEntry("Zone", "ap-northeast-2c").containsEntry("Groups", webSg)
                .containsEntry("TemplateId", templateId).containsEntry("TemplateVersion", "1")
                .containsEntry("PrivateIp", "10.3.1.4").containsEntry("Alive", "true");
        assertThat(launched.get("UserData")).contains("echo hello");
        Instance i = describe(launched.get("InstanceId"));
        assertThat(i.imageId()).isEqualTo(imageId);
        assertThat(i.instanceTypeAsString()).isEqualTo("t3.micro");
        assertThat(i.tags()).extracting(t -> t.key() + "=" + t.value()).contains("Name=web",
                "aws:autoscaling:groupName=web-asg", "aws:ec2launchtemplate:id=" + templateId,
                "aws:ec2launchtemplate:version=1");
        assertThat(call("Op", "instance", "InstanceId", i.instanceId())).containsEntry("State", "running");
    }

    @Test
    void launch_fromTemplateOfAGoldenImageWithoutUserData_reportsTheImagesUserData() {
        start();
        template("sample-lt", "#!/bin/bash\necho golden app > /var/www/html/index.html\n");
        String sample = call("Op", "launch", "Template", "sample-lt", "Subnet", subnetId).get("InstanceId");
        String golden = ec2.createImage(r -> r.instanceId(sample).name("golden").noReboot(true)).imageId();
        ec2.createLaunchTemplate(r -> r.launchTemplateName("web-lt").launchTemplateData(d -> d.imageId(golden)
                .instanceType("t3.micro").securityGroupIds(webSg)));

        Map<String, String> launched = call("Op", "launch", "Template", "web-lt", "Subnet", subnetId);

        assertThat(launched.get("UserData")).isEqualTo("#!/bin/bash\necho golden app > /var/www/html/index.html\n");
        assertThat(describe(launched.get("InstanceId")).imageId()).isEqualTo(golden);
    }

    @Test
    void launch_whenTemplateUnknown_answersEc2sErrorToTheCaller() {
        start();

        Map<String, String> r = call("Op", "launch", "Template", "lt-0123456789abcdef0", "Subnet", subnetId);

        assertThat(r).containsEntry("status", "400").containsEntry("Code", "InvalidLaunchTemplateId.NotFound");
        assertThat(call("Op", "launch", "Template", "nope", "Subnet", subnetId))
                .containsEntry("Code", "InvalidLaunchTemplateName.NotFoundException");
    }

    @Test
    void terminate_movesTheInstanceToTerminatedAndTheViewSaysItIsNotAlive() {
        start();
        template("web-lt", null);
        String id = call("Op", "launch", "Template", "web-lt", "Subnet", subnetId).get("InstanceId");

        call("Op", "terminate", "InstanceId", id);

        assertThat(describe(id).state().nameAsString()).isEqualTo("terminated");
        assertThat(call("Op", "instance", "InstanceId", id)).containsEntry("State", "terminated")
                .containsEntry("Alive", "false");
        assertThat(call("Op", "instance", "InstanceId", "i-0123456789abcdef0")).containsEntry("Absent", "true");
    }

    @Test
    void lookups_answerZoneVpcAndTemplate_orEmptyForUnknownIds() {
        start();
        String templateId = template("web-lt", null);

        assertThat(call("Op", "lookup", "Template", "web-lt", "Subnet", subnetId, "Group", lbSg))
                .containsEntry("TemplateId", templateId).containsEntry("Zone", "ap-northeast-2c")
                .containsEntry("SubnetVpc", vpcId).containsEntry("GroupVpc", vpcId);
        assertThat(call("Op", "lookup", "Template", "lt-0123456789abcdef0", "Subnet", "subnet-0123456789abcdef0",
                "Group", "sg-0123456789abcdef0")).containsEntry("TemplateId", "none").containsEntry("Zone", "none")
                .containsEntry("SubnetVpc", "none").containsEntry("GroupVpc", "none");
    }

    @Test
    void admits_readsTheInstanceGroupsIngress_byGroupOrCidrProtocolAndPort() {
        start();
        template("web-lt", null);
        String id = call("Op", "launch", "Template", "web-lt", "Subnet", subnetId).get("InstanceId");
        String[] probe = {"Op", "admits", "InstanceId", id, "SourceGroup", lbSg, "SourceAddress", "10.3.1.20", "Port", "80"};

        assertThat(call(probe)).containsEntry("Admits", "false");

        ec2.authorizeSecurityGroupIngress(r -> r.groupId(webSg).ipPermissions(IpPermission.builder().ipProtocol("tcp")
                .fromPort(8080).toPort(8090).userIdGroupPairs(UserIdGroupPair.builder().groupId(lbSg).build()).build()));
        assertThat(call(probe)).as("port outside the rule's range").containsEntry("Admits", "false");
        assertThat(call("Op", "admits", "InstanceId", id, "SourceGroup", lbSg, "SourceAddress", "10.3.1.20", "Port", "8085"))
                .containsEntry("Admits", "true");

        ec2.authorizeSecurityGroupIngress(r -> r.groupId(webSg).ipPermissions(IpPermission.builder().ipProtocol("udp")
                .fromPort(80).toPort(80).ipRanges(x -> x.cidrIp("10.3.0.0/16")).build()));
        assertThat(call(probe)).as("udp does not carry HTTP").containsEntry("Admits", "false");

        ec2.authorizeSecurityGroupIngress(r -> r.groupId(webSg).ipPermissions(IpPermission.builder().ipProtocol("tcp")
                .fromPort(80).toPort(80).ipRanges(x -> x.cidrIp("10.3.1.0/28")).build()));
        assertThat(call(probe)).as("10.3.1.20 is outside 10.3.1.0/28").containsEntry("Admits", "false");
        assertThat(call("Op", "admits", "InstanceId", id, "SourceGroup", lbSg, "SourceAddress", "10.3.1.5", "Port", "80"))
                .containsEntry("Admits", "true");

        ec2.authorizeSecurityGroupIngress(r -> r.groupId(webSg).ipPermissions(IpPermission.builder().ipProtocol("-1")
                .userIdGroupPairs(UserIdGroupPair.builder().groupId(lbSg).build()).build()));
        assertThat(call(probe)).as("all traffic from the balancer's group").containsEntry("Admits", "true");
    }

    @Test
    void serviceInterface_isRequesterManagedInUse_blocksSubnetAndGroup_thenLingersAndGoes() throws Exception {
        start();

        Map<String, String> attached = call("Op", "attach", "Subnet", subnetId, "Group.1", lbSg);

        String eniId = attached.get("NetworkInterfaceId");
        NetworkInterface eni = ec2.describeNetworkInterfaces(r -> r.networkInterfaceIds(eniId)).networkInterfaces().get(0);
        assertThat(eni.requesterManaged()).isTrue();
        assertThat(eni.requesterId()).isEqualTo("amazon-elb");
        assertThat(eni.description()).isEqualTo("ELB app/web/50dc6c495c0c9188");
        assertThat(eni.statusAsString()).isEqualTo("in-use");
        assertThat(eni.privateIpAddress()).isEqualTo(attached.get("PrivateIp"));
        assertThat(eni.groups()).extracting(g -> g.groupId()).containsExactly(lbSg);
        assertEc2Error(() -> ec2.deleteSubnet(r -> r.subnetId(subnetId)), "DependencyViolation");
        assertEc2Error(() -> ec2.deleteSecurityGroup(r -> r.groupId(lbSg)), "DependencyViolation");

        call("Op", "release", "NetworkInterfaceId", eniId);

        assertThat(ec2.describeNetworkInterfaces(r -> r.filters(Filter.builder().name("requester-id")
                .values("amazon-elb").build())).networkInterfaces()).as("lingering").hasSize(1);
        assertEc2Error(() -> ec2.deleteSubnet(r -> r.subnetId(subnetId)), "DependencyViolation");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!ec2.describeNetworkInterfaces(r -> r.filters(Filter.builder().name("subnet-id").values(subnetId)
                .build())).networkInterfaces().isEmpty()) {
            assertThat(System.nanoTime()).as("the interface goes within %s", WAIT).isLessThan(deadline);
            Thread.sleep(100);
        }
        ec2.deleteSecurityGroup(r -> r.groupId(lbSg));
        ec2.deleteSubnet(r -> r.subnetId(subnetId));
    }

    @Test
    void attachServiceInterface_whenGroupInAnotherVpc_failsWithEc2sInvalidParameter() {
        start();
        String otherVpc = ec2.createVpc(r -> r.cidrBlock("10.4.0.0/16")).vpc().vpcId();
        String otherSg = ec2.createSecurityGroup(r -> r.groupName("x").description("x").vpcId(otherVpc)).groupId();

        assertThat(call("Op", "attach", "Subnet", subnetId, "Group.1", otherSg)).containsEntry("Code", "InvalidParameter");
    }
}
