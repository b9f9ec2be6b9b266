package dev.cairn.sandbox.elbv2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cairn.sandbox.SandboxClients;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.assertj.core.api.ThrowableAssert;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * A Sandbox with what a load balancer needs, made through EC2's own API as a person would: a
 * VPC with an internet gateway, two public subnets in two zones, a group for the load balancer
 * and one for the instances (which admits nothing until a test says so), and the AL2023 image.
 */
public final class ElbFixture implements AutoCloseable {
    /** The guide's page: instance ID and zone read through IMDSv2, written by an unquoted heredoc. */
    static final String APP_USER_DATA = """
            #!/bin/bash
            dnf install -y httpd
            TOKEN=$(curl -s -X PUT "http://169.254.169.254/latest/api/token" -H "X-aws-ec2-metadata-token-ttl-seconds: 21600")
            INSTANCE_ID=$(curl -s -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/instance-id)
            AZ=$(curl -s -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/placement/availability-zone)
            cat > /var/www/html/index.html <<EOF
            <h1>Hello from $INSTANCE_ID in ${AZ}</h1>
            EOF
            systemctl enable --now httpd
            """;

    public final SandboxServer server;
    final Ec2Client ec2;
    public final ElasticLoadBalancingV2Client elb;
    final String vpcId;
    final String subnetA;
    final String subnetB;
    final String lbGroup;
    final String appGroup;
    final String image;

    /** Whether {@link #close} stops the server: not when the fixture was laid on a test's own. */
    private final boolean ownsServer;

    ElbFixture(SandboxConfig config) {
        this(config, java.util.List.of());
    }

    /** With more services than the standard ones (a probe that calls what ELB exports). */
    ElbFixture(SandboxConfig config, java.util.List<dev.cairn.sandbox.core.ServiceDefinition> more) {
        this(SandboxServer.start(config, more), true, true);
    }

    private ElbFixture(SandboxServer server, boolean ownsServer, boolean network) {
        this.server = server;
        this.ownsServer = ownsServer;
        ec2 = SandboxClients.ec2(server);
        elb = elb(server);
        if (!network) {
            vpcId = null;
            subnetA = null;
            subnetB = null;
            lbGroup = null;
            appGroup = null;
            image = null;
            return;
        }
        vpcId = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
        String igw = ec2.createInternetGateway().internetGateway().internetGatewayId();
        ec2.attachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpcId));
        subnetA = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.0.0.0/24").availabilityZone("ap-northeast-2a"))
                .subnet().subnetId();
        subnetB = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.0.1.0/24").availabilityZone("ap-northeast-2c"))
                .subnet().subnetId();
        lbGroup = ec2.createSecurityGroup(r -> r.groupName("alb").description("alb").vpcId(vpcId)).groupId();
        appGroup = ec2.createSecurityGroup(r -> r.groupName("app").description("app").vpcId(vpcId)).groupId();
        image = ec2.describeImages(r -> r.owners("amazon").filters(Filter.builder().name("name")
                .values("al2023-ami-2023.6.20251110.0-kernel-6.1-x86_64").build())).images().get(0).imageId();
    }

    /** Clients on a Sandbox whose state was saved before: nothing is created. */
    static ElbFixture reopen(SandboxConfig config) {
        return new ElbFixture(SandboxServer.start(config), true, false);
    }

    /**
     * The network laid on a Sandbox another test started (ACM's tests, for a listener that uses a
     * certificate); closing the fixture leaves that server running.
     */
    public static ElbFixture on(SandboxServer server) {
        return new ElbFixture(server, false, true);
    }

    static ElasticLoadBalancingV2Client elb(SandboxServer server) {
        return SandboxClients.noRetry(ElasticLoadBalancingV2Client.builder(), server, SandboxClients.REGION,
                SandboxClients.ACCESS_KEY);
    }

    public LoadBalancer createLoadBalancer(String name) {
        return elb.createLoadBalancer(r -> r.name(name).subnets(subnetA, subnetB).securityGroups(lbGroup))
                .loadBalancers().get(0);
    }

    public TargetGroup createTargetGroup(String name) {
        return elb.createTargetGroup(r -> r.name(name).protocol(ProtocolEnum.HTTP).port(80).vpcId(vpcId))
                .targetGroups().get(0);
    }

    Listener forward(String lbArn, int port, String tgArn) {
        return elb.createListener(r -> r.loadBalancerArn(lbArn).protocol(ProtocolEnum.HTTP).port(port)
                .defaultActions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(tgArn))).listeners().get(0);
    }

    /** An HTTPS listener forwarding to the target group with that certificate (ACM must have issued it). */
    public Listener https(String lbArn, int port, String tgArn, String certificateArn) {
        return elb.createListener(r -> r.loadBalancerArn(lbArn).protocol(ProtocolEnum.HTTPS).port(port)
                .certificates(c -> c.certificateArn(certificateArn))
                .defaultActions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(tgArn))).listeners().get(0);
    }

    /** Launches an instance in a subnet with the app group and user data; answers its ID. */
    String runInstance(String subnet, String userData) {
        return ec2.runInstances(r -> r.imageId(image).instanceType(InstanceType.T3_MICRO).subnetId(subnet)
                .securityGroupIds(appGroup).minCount(1).maxCount(1)
                .userData(Base64.getEncoder().encodeToString(userData.getBytes(StandardCharsets.UTF_8))))
                .instances().get(0).instanceId();
    }

    /** Lets the load balancer's group reach the instances on a port. */
    void admitLoadBalancer(int port) {
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(appGroup).ipPermissions(p -> p.ipProtocol("tcp")
                .fromPort(port).toPort(port).userIdGroupPairs(g -> g.groupId(lbGroup))));
    }

    /** Asserts the call fails with this ELB error code; answers the message. */
    static String assertElbError(ThrowableAssert.ThrowingCallable call, String code) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(ElasticLoadBalancingV2Exception.class);
        ElasticLoadBalancingV2Exception e = (ElasticLoadBalancingV2Exception) thrown;
        assertThat(e.awsErrorDetails().errorCode()).as(e.getMessage()).isEqualTo(code);
        return e.awsErrorDetails().errorMessage();
    }

    @Override
    public void close() {
        elb.close();
        ec2.close();
        if (ownsServer) {
            server.close();
        }
    }
}
