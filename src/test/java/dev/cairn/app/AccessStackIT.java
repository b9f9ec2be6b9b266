package dev.cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.aws.AwsClients;
import dev.cairn.aws.ec2.Ec2TagScanner;
import dev.cairn.aws.ec2.KeyPairHandler;
import dev.cairn.engine.CancellationToken;
import dev.cairn.engine.EngineListener;
import dev.cairn.engine.EngineOptions;
import dev.cairn.engine.RunResult;
import dev.cairn.model.Blueprint;
import dev.cairn.model.Regions;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.BlueprintValidator;
import dev.cairn.step.BlueprintYaml;
import dev.cairn.step.access.AccessSection;
import dev.cairn.step.network.NetworkSection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Access step in a real account: the default credential chain and region, SSH from the
 * address checkip.amazonaws.com reports, a bastion, a private instance and a peered VPC in
 * {@code cairn.it.peerRegion} (default {@code ap-northeast-1}, or {@code us-east-1} when that is
 * the home region). The VPN is left out: its Marketplace image needs a subscription in the
 * account. Instances and the NAT gateway bill by the hour (~10 minutes here). Teardown runs even
 * when an assertion fails. Run with {@code mvn -Dgroups=aws -Dtest=AccessStackIT test}.
 */
@Tag("aws")
class AccessStackIT {

    @Test
    void guideStack_withPeering_isBuiltThenTornDownWithNothingTaggedInEitherRegion() throws Exception {
        String region = AwsClients.defaultRegion(Optional.empty())
                .orElseThrow(() -> new IllegalStateException("no default region: set AWS_REGION or a profile region"));
        String peerRegion = System.getProperty("cairn.it.peerRegion", region.equals("ap-northeast-1") ? "us-east-1" : "ap-northeast-1");
        String stack = "it" + UUID.randomUUID().toString().substring(0, 8);
        Path tmp = Files.createTempDirectory("cairn-access-it");
        String savedSshDir = System.getProperty(KeyPairHandler.SSH_DIR_PROPERTY);
        System.setProperty(KeyPairHandler.SSH_DIR_PROPERTY, tmp.resolve("ssh").toString());
        Blueprint demo = BlueprintExample.demo();
        AccessSection a = demo.section(AccessSection.KEY);
        AccessSection access = new AccessSection(AccessSection.MY_IP_AUTO, false,
                new AccessSection.KeyPair(a.keyPair().mode(), stack + "-key", null), new AccessSection.Host(true, null), null,
                new AccessSection.Host(true, null), new AccessSection.Peering(true, peerRegion, "192.168.10.0/24", null, null));
        NetworkSection network = new NetworkSection("10.1.0.0/16", Regions.defaultZones(region), demo.section(NetworkSection.KEY).nat(), null);
        Blueprint bp = BlueprintYaml.withDefaults(new Blueprint(stack, region, demo.tags())
                .with(NetworkSection.KEY, network)
                .with(AccessSection.KEY, access));
        assertThat(BlueprintValidator.validate(bp)).isEmpty();

        try (Target target = Target.aws(Optional.empty());
                StackRunner runner = new StackRunner(target, stack, tmp.resolve("state"), EngineOptions.defaults())) {
            try {
                Blueprint resolved = runner.resolve(bp);
                RunResult applied = runner.apply(resolved, runner.plan(resolved), EngineListener.NONE, new CancellationToken());
                assertThat(applied.failed()).isEmpty();
                assertThat(HowToUse.lines(runner.state())).anyMatch(l -> l.contains("ssh -i") && l.contains("-J ec2-user@"));
            } finally {
                RunResult destroyed = runner.destroy(bp, EngineListener.NONE, new CancellationToken());
                assertThat(destroyed.remaining()).isEmpty();
            }
            assertThat(new Ec2TagScanner(target.clients()).scan(stack, bp.regions())).isEmpty();
        } finally {
            // Restored, not cleared: a later test in this JVM must not fall back to ~/.ssh.
            if (savedSshDir == null) {
                System.clearProperty(KeyPairHandler.SSH_DIR_PROPERTY);
            } else {
                System.setProperty(KeyPairHandler.SSH_DIR_PROPERTY, savedSshDir);
            }
        }
    }
}
