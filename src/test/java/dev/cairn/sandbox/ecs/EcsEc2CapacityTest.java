package dev.cairn.sandbox.ecs;

import static dev.cairn.sandbox.ecs.EcsFixture.CLUSTER;
import static dev.cairn.sandbox.ecs.EcsFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.sandbox.SandboxClients;
import dev.cairn.sandbox.SandboxConfig;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ssm.SsmClient;

/** ECS on EC2 capacity: an Auto Scaling group of ECS-AMI instances registers, a service runs on it, the listener serves it. */
class EcsEc2CapacityTest {
    private EcsFixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void serviceOnACapacityProvider_runsOnRegisteredContainerInstancesAndServesThroughTheListener() throws Exception {
        f = new EcsFixture(SandboxConfig.instant());
        String ami;
        try (SsmClient ssm = SandboxClients.ssm(f.server, SandboxClients.REGION)) {
            ami = ssm.getParameter(r -> r.name("/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"))
                    .parameter().value();
        }
        String userData = Base64.getEncoder().encodeToString(("#!/bin/bash\necho ECS_CLUSTER=" + CLUSTER
                + " >> /etc/ecs/ecs.config\n").getBytes(StandardCharsets.UTF_8));
        f.ec2.createLaunchTemplate(r -> r.launchTemplateName("demo-ecs").launchTemplateData(d -> d.imageId(ami)
                .instanceType(InstanceType.T3_SMALL).userData(userData).securityGroupIds(f.taskGroup)
                .iamInstanceProfile(p -> p.name("demo-ecs-instance"))));
        String asgArn;
        try (AutoScalingClient asg = SandboxClients.noRetry(AutoScalingClient.builder(), f.server,
                SandboxClients.REGION, SandboxClients.ACCESS_KEY)) {
            asg.createAutoScalingGroup(r -> r.autoScalingGroupName("demo-ecs").minSize(2).maxSize(2).desiredCapacity(2)
                    .launchTemplate(t -> t.launchTemplateName("demo-ecs").version("$Latest"))
                    .vpcZoneIdentifier(f.subnetA + "," + f.subnetB));
            asgArn = asg.describeAutoScalingGroups(r -> r.autoScalingGroupNames("demo-ecs")).autoScalingGroups().get(0)
                    .autoScalingGroupARN();
        }
        f.ecs.createCapacityProvider(r -> r.name("demo-cp").autoScalingGroupProvider(p -> p.autoScalingGroupArn(asgArn)));
        f.ecs.putClusterCapacityProviders(r -> r.cluster(CLUSTER).capacityProviders("demo-cp")
                .defaultCapacityProviderStrategy(s -> s.capacityProvider("demo-cp").weight(1)));

        await("two container instances", () -> f.ecs.listContainerInstances(r -> r.cluster(CLUSTER))
                .containerInstanceArns().size() == 2);
        List<ContainerInstance> instances = f.ecs.describeContainerInstances(r -> r.cluster(CLUSTER)
                .containerInstances(f.ecs.listContainerInstances(x -> x.cluster(CLUSTER)).containerInstanceArns()))
                .containerInstances();
        assertThat(instances).allMatch(ci -> ci.agentConnected() && ci.capacityProviderName().equals("demo-cp"));
        assertThat(instances.get(0).registeredResources()).anyMatch(res -> res.name().equals("CPU")
                && res.integerValue() == 2048);
        assertThat(instances.get(0).registeredResources()).anyMatch(res -> res.name().equals("MEMORY")
                && res.integerValue() == 2048);

        String td = f.ecs.registerTaskDefinition(r -> r.family("web-ec2").networkMode(NetworkMode.AWSVPC)
                .requiresCompatibilities(Compatibility.EC2).cpu("256").memory("512")
                .containerDefinitions(c -> c.name("web").image(EcsFixture.NGINX).portMappings(p -> p.containerPort(80))))
                .taskDefinition().taskDefinitionArn();
        f.ecs.createService(r -> r.cluster(CLUSTER).serviceName("web").taskDefinition(td).desiredCount(2)
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets(f.subnetA, f.subnetB)
                        .securityGroups(f.taskGroup)))
                .loadBalancers(l -> l.targetGroupArn(f.targetGroupArn).containerName("web").containerPort(80)));

        await("two tasks run", () -> f.describe("web").runningCount() == 2);
        assertThat(f.describe("web").capacityProviderStrategy().get(0).capacityProvider()).isEqualTo("demo-cp");
        await("targets healthy", () -> f.elb.describeTargetHealth(r -> r.targetGroupArn(f.targetGroupArn))
                .targetHealthDescriptions().stream().filter(t -> t.targetHealth().stateAsString().equals("healthy"))
                .count() == 2);
        assertThat(f.get(f.listenerUrl(80)).body()).contains("Welcome to nginx!");

        f.ecs.updateService(r -> r.cluster(CLUSTER).service("web").desiredCount(20));
        await("unplaceable reported", () -> f.describe("web").events().stream()
                .anyMatch(e -> e.message().contains("unable to place a task because no container instance met all "
                        + "of its requirements")));
    }
}
