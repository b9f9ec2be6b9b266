package dev.cairn.sandbox.autoscaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.sandbox.SandboxClients;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.sandbox.SandboxServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceType;

/**
 * A Sandbox with what a group needs: a VPC, one app subnet in each of two zones, a security group
 * and a launch template of Amazon Linux 2023, and real SDK clients for EC2 and Auto Scaling.
 */
final class AsgFixture implements AutoCloseable {
    static final String ZONE_A = "ap-northeast-2a";
    static final String ZONE_C = "ap-northeast-2c";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final SandboxServer server;
    final Ec2Client ec2;
    final AutoScalingClient asg;
    final String vpcId;
    final String subnetA;
    final String subnetC;
    final String securityGroupId;
    final String launchTemplateId;
    private final Duration lag;

    AsgFixture(SandboxConfig config) {
        server = SandboxServer.start(config);
        ec2 = SandboxClients.ec2(server);
        asg = autoScaling(server);
        lag = config.consistencyWindow();
        vpcId = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
        waitOutLag();
        subnetA = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.0.11.0/24").availabilityZone(ZONE_A))
                .subnet().subnetId();
        waitOutLag();
        subnetC = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock("10.0.12.0/24").availabilityZone(ZONE_C))
                .subnet().subnetId();
        waitOutLag();
        securityGroupId = ec2.createSecurityGroup(r -> r.groupName("app").description("app").vpcId(vpcId)).groupId();
        waitOutLag();
        String image = ec2.describeImages(r -> r.owners("amazon").filters(Filter.builder().name("name")
                .values("al2023-ami-2023.6.20251110.0-kernel-6.1-x86_64").build())).images().get(0).imageId();
        launchTemplateId = ec2.createLaunchTemplate(r -> r.launchTemplateName("web")
                .launchTemplateData(d -> d.imageId(image).instanceType(InstanceType.T3_MICRO)
                        .securityGroupIds(securityGroupId))).launchTemplate().launchTemplateId();
        waitOutLag();
    }

    /** With a consistency window, a new resource is unknown to lookups for that long: wait it out. */
    private void waitOutLag() {
        if (!lag.isZero()) {
            try {
                Thread.sleep(lag.toMillis() + 50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static AutoScalingClient autoScaling(SandboxServer server) {
        return SandboxClients.noRetry(AutoScalingClient.builder(), server, SandboxClients.REGION, SandboxClients.ACCESS_KEY);
    }

    /** A group of the web template over both subnets, tagged as stack {@code stack}'s. */
    void createGroup(String name, int min, int desired, int max, String stack) {
        asg.createAutoScalingGroup(r -> r.autoScalingGroupName(name)
                .launchTemplate(t -> t.launchTemplateId(launchTemplateId).version("$Latest"))
                .minSize(min).desiredCapacity(desired).maxSize(max)
                .vpcZoneIdentifier(subnetA + "," + subnetC)
                .tags(software.amazon.awssdk.services.autoscaling.model.Tag.builder().key("cairn:stack").value(stack)
                        .propagateAtLaunch(true).build()));
    }

    AutoScalingGroup group(String name) {
        return asg.describeAutoScalingGroups(r -> r.autoScalingGroupNames(name)).autoScalingGroups().get(0);
    }

    /** The group's instances EC2 shows as pending or running, found by AWS's group tag (an EC2 call only). */
    List<Instance> liveInstances(String group) {
        return ec2.describeInstances(r -> r.filters(
                        Filter.builder().name("tag:aws:autoscaling:groupName").values(group).build(),
                        Filter.builder().name("instance-state-name").values("pending", "running").build()))
                .reservations().stream().flatMap(res -> res.instances().stream()).toList();
    }

    /** A control call of the Sandbox: method, path under {@code /_sandbox/}, JSON body or null. */
    Answer control(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.endpoint() + "/_sandbox/" + path));
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), JSON.readTree(r.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Answer(int status, JsonNode json) {
    }

    /**
     * Polls until the condition holds (each poll is a request, which settles the groups) or the
     * deadline passes; false then.
     */
    static boolean eventually(Duration deadline, BooleanSupplier condition) {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    @Override
    public void close() {
        asg.close();
        ec2.close();
        server.close();
    }
}
