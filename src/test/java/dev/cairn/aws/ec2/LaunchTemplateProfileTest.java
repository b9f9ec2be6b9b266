package dev.cairn.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.aws.ecs.PipelineFixture;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.kinds.Ec2Kinds;
import dev.cairn.model.kinds.IamKinds;
import dev.cairn.step.access.AccessResources;
import dev.cairn.testing.AwsBackend;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The ECS container instances' launch template names their instance profile by ARN. */
class LaunchTemplateProfileTest {

    private static final String REGION = "us-east-1";

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cairn.testing.Backends#all")
    void launchTemplate_withInstanceProfileRef_namesItByArn(AwsBackend backend) throws Exception {
        try (PipelineFixture f = PipelineFixture.on(backend, REGION)) {
            String name = f.stack + "-ecs-instance";
            String arn = backend.serves("iam")
                    ? f.clients().iam().createInstanceProfile(r -> r.instanceProfileName(name).path("/cairn/" + f.stack + "/"))
                            .instanceProfile().arn()
                    : "arn:aws:iam::" + f.web.ctx.account() + ":instance-profile/cairn/" + f.stack + "/" + name;
            ResourceRecord profile = f.existing(IamKinds.INSTANCE_PROFILE, "pipeline.instance-profile", name, Map.of("arn", arn));

            ResourceRecord lt = f.web.apply(f.web.spec(Ec2Kinds.LAUNCH_TEMPLATE, "pipeline.launch-template",
                    Map.of("name", f.stack + "-ecs", "instanceType", "t3.micro", "imageParameter", AccessResources.AL2023_X86),
                    Map.of("instanceProfile", profile)));

            var data = f.clients().ec2(REGION).describeLaunchTemplateVersions(r -> r.launchTemplateId(lt.physicalId())
                    .versions("1")).launchTemplateVersions().get(0).launchTemplateData();
            assertThat(data.iamInstanceProfile().arn()).isEqualTo(arn);
            f.web.destroy(lt);
        }
    }
}
