package dev.cairn.step;

import dev.cairn.model.Blueprint;
import dev.cairn.model.InstanceTypeName;
import dev.cairn.step.access.AccessSection;
import dev.cairn.step.access.KeyPairMode;
import dev.cairn.step.network.NatMode;
import dev.cairn.step.network.NetworkSection;
import dev.cairn.step.network.SubnetSpec;
import dev.cairn.step.network.SubnetTier;
import dev.cairn.step.pipeline.Capacity;
import dev.cairn.step.pipeline.PipelineSection;
import dev.cairn.step.pipeline.PipelineStep;
import dev.cairn.step.storage.KeyType;
import dev.cairn.step.storage.StorageSection;
import dev.cairn.step.storage.StorageStep;
import dev.cairn.step.web.WebSection;
import dev.cairn.step.web.WebStep;
import java.util.List;
import java.util.Map;

/**
 * The guide's example network, written out in full so a learner sees every subnet: stack
 * {@code demo} in Seoul, VPC {@code 10.1.0.0/16}, and the six subnets packed into
 * {@code 10.1.1.0/24} (public /26, app and db /27), one NAT gateway; and the guide's Access step:
 * a new key pair {@code demo-key}, SSH from the user's own address ({@code auto}), a bastion, an
 * OpenVPN Access Server and a private app instance on the free-tier type, and a peered VPC in
 * Tokyo ({@code ap-northeast-1}, {@code 192.168.10.0/24}, zones a and c). {@link #guide()} adds the
 * guide's Web tier, Storage and Pipeline steps: what {@code cairn blueprint example} prints.
 */
public final class BlueprintExample {

    private BlueprintExample() {}

    public static Blueprint demo() {
        String a = "ap-northeast-2a";
        String c = "ap-northeast-2c";
        return new Blueprint("demo", "ap-northeast-2", Map.of())
                .with(NetworkSection.KEY, new NetworkSection("10.1.0.0/16", List.of(a, c), NatMode.SINGLE, List.of(
                        new SubnetSpec("public-a", a, SubnetTier.PUBLIC, "10.1.1.0/26"),
                        new SubnetSpec("public-c", c, SubnetTier.PUBLIC, "10.1.1.64/26"),
                        new SubnetSpec("app-a", a, SubnetTier.APP, "10.1.1.128/27"),
                        new SubnetSpec("app-c", c, SubnetTier.APP, "10.1.1.160/27"),
                        new SubnetSpec("db-a", a, SubnetTier.DB, "10.1.1.192/27"),
                        new SubnetSpec("db-c", c, SubnetTier.DB, "10.1.1.224/27"))))
                .with(AccessSection.KEY, access());
    }

    /**
     * The demo without its Access step: what the Network step alone builds. Planning it needs
     * no {@code myIp} resolution (see {@code StackRunner.resolve}), so pure planner tests use it.
     */
    public static Blueprint networkOnly() {
        return demo().without(AccessSection.KEY);
    }

    /** The guide's Access step, with every default written out. */
    public static AccessSection access() {
        String type = InstanceTypeName.freeTierDefault("ap-northeast-2");
        return new AccessSection(AccessSection.MY_IP_AUTO, false,
                new AccessSection.KeyPair(KeyPairMode.CREATE, "demo-key", null),
                new AccessSection.Host(true, type),
                new AccessSection.Vpn(true, type, null),
                new AccessSection.Host(true, type),
                new AccessSection.Peering(true, "ap-northeast-1", "192.168.10.0/24",
                        List.of("ap-northeast-1a", "ap-northeast-1c"), InstanceTypeName.freeTierDefault("ap-northeast-1")));
    }

    /**
     * The demo with the guide's Web tier, Storage and Pipeline steps: the five steps a person
     * follows, the example Cairn prints.
     */
    public static Blueprint guide() {
        return fourSteps().with(PipelineSection.KEY, pipeline());
    }

    /** The guide's first four steps (Network, Access, Web tier, Storage), without the Pipeline step. */
    public static Blueprint fourSteps() {
        return demo().with(WebSection.KEY, web()).with(StorageSection.KEY, storage());
    }

    /**
     * The guide's Pipeline step with every default written out: the repository {@code demo/frontend}
     * on {@code main} (in AWS, your own GitHub owner/name), the ECR repository {@code frontend}
     * scanned on push keeping 10 images, the guide's build environment, the cluster {@code demo}
     * with the service and container {@code frontend} on port 80, one task on two free-tier EC2
     * container instances, listeners 80 and 8080 (the example's Web tier has no HTTPS), all at
     * once with the old task set kept 5 minutes, logs kept a week, the artifact bucket {@code auto}.
     */
    public static PipelineSection pipeline() {
        String type = InstanceTypeName.freeTierDefault("ap-northeast-2");
        return new PipelineSection(true,
                new PipelineSection.Source("demo/" + PipelineStep.DEFAULT_NAME, PipelineStep.DEFAULT_BRANCH),
                new PipelineSection.Image(PipelineStep.DEFAULT_NAME, true, PipelineStep.DEFAULT_KEEP_IMAGES),
                new PipelineSection.Build(PipelineStep.DEFAULT_BUILD_IMAGE, true, PipelineStep.DEFAULT_COMPUTE_TYPE,
                        PipelineStep.DEFAULT_BUILD_TIMEOUT_MINUTES),
                new PipelineSection.Service("demo", PipelineStep.DEFAULT_NAME, PipelineStep.DEFAULT_NAME, PipelineStep.DEFAULT_PORT,
                        PipelineStep.DEFAULT_DESIRED_COUNT, Capacity.EC2, type, 2 * PipelineStep.DEFAULT_DESIRED_COUNT,
                        PipelineStep.DEFAULT_CPU, PipelineStep.DEFAULT_MEMORY),
                new PipelineSection.LoadBalancer(false, PipelineStep.HTTP_PORT, PipelineStep.TEST_HTTP_PORT),
                new PipelineSection.Deploy(PipelineStep.DEFAULT_DEPLOYMENT_CONFIG, PipelineStep.DEFAULT_TERMINATION_WAIT_MINUTES,
                        true),
                new PipelineSection.Logs(PipelineStep.DEFAULT_RETENTION_DAYS), PipelineSection.BUCKET_AUTO);
    }

    /**
     * The guide's Storage step with every default written out: a bucket named {@code auto},
     * versioned, private, noncurrent versions kept 30 days; the table {@code demo-table} keyed by
     * the string {@code id}, point-in-time recovery on, deletion protection off; the team's state
     * bucket written but off (turning it on is the team-state lesson). The sort key is shown
     * commented out ({@link #SORT_KEY_EXAMPLE}).
     */
    public static StorageSection storage() {
        return new StorageSection(true,
                new StorageSection.Bucket(StorageSection.NAME_AUTO, true, false, EXAMPLE_NONCURRENT_DAYS),
                new StorageSection.Table(true, "demo" + StorageStep.DEFAULT_TABLE_SUFFIX,
                        new StorageSection.Key(StorageStep.DEFAULT_PARTITION_KEY, KeyType.S), null, true, false),
                new StorageSection.StateBucket(false, StorageSection.NAME_AUTO));
    }

    /** How long the example keeps a replaced version: a month to notice a mistake, then it stops costing. */
    public static final int EXAMPLE_NONCURRENT_DAYS = 30;

    /** The {@code storage.table.sortKey} the example shows commented out, above {@code pointInTimeRecovery}. */
    public static final String SORT_KEY_EXAMPLE = """
                # Optional: a second key part (the range key) that orders items with the same partition key.
                # sortKey:
                #   # The attribute's name.
                #   name: createdAt
                #   # S (string), N (number) or B (binary).
                #   type: N
            """;

    /**
     * The guide's Web tier with every default written out: Amazon Linux 2023, the free-tier type,
     * Cairn's page, health check on {@code /} with a 30 s deregistration delay, a group of 1–3
     * holding 70 % CPU. No HTTPS: it needs a domain of the user's ({@link #HTTPS_EXAMPLE}).
     */
    public static WebSection web() {
        return new WebSection(true, WebSection.IMAGE_LATEST, InstanceTypeName.freeTierDefault("ap-northeast-2"), null,
                new WebSection.LoadBalancer(WebStep.DEFAULT_HEALTH_CHECK_PATH, WebStep.DEFAULT_DEREGISTRATION_DELAY), null,
                new WebSection.AutoScaling(WebStep.DEFAULT_MIN, WebStep.DEFAULT_DESIRED, WebStep.DEFAULT_MAX,
                        WebStep.DEFAULT_GRACE_SECONDS, WebStep.DEFAULT_TARGET_CPU, WebStep.DEFAULT_WARMUP_SECONDS));
    }

    /** The {@code web.app} the example shows commented out, above {@code loadBalancer}: the key, with a script of one's own. */
    public static final String APP_EXAMPLE = """
              # The bash user data each instance runs at first boot. Left out: Cairn's page showing the instance ID,
              # zone and private address, read through IMDSv2 (the Web tier page shows the script). Your own:
              # app: |
              #   #!/bin/bash
              #   dnf install -y nginx
              #   systemctl enable --now nginx
            """;

    /** The {@code web.https} the example shows commented out, above {@code autoScaling}. */
    public static final String HTTPS_EXAMPLE = """
              # Optional: a certificate for subdomain.domain validated by DNS, listener 443, 80 redirecting to HTTPS.
              # https:
              #   # A public hosted zone in the account (in the Sandbox a practice zone is made).
              #   domain: example.com
              #   # The site is subdomain.domain; the guide's is autoscaling.
              #   subdomain: autoscaling
            """;

    /**
     * The guide as commented YAML, what {@code cairn blueprint example} prints: the Web tier,
     * Storage and Pipeline enabled, HTTPS and the table's sort key commented out.
     */
    public static String demoYaml() {
        String yaml = BlueprintYaml.writeCommented(guide());
        int web = yaml.indexOf("\nweb:");
        yaml = before(yaml, "  ", WebStep.MODULE.fieldComments(), "loadBalancer", web, APP_EXAMPLE);
        yaml = before(yaml, "  ", WebStep.MODULE.fieldComments(), "autoScaling", web, HTTPS_EXAMPLE);
        int storage = yaml.indexOf("\nstorage:");
        return before(yaml, "    ", StorageStep.MODULE.fieldComments(), "table.pointInTimeRecovery", storage, SORT_KEY_EXAMPLE);
    }

    /**
     * {@code yaml} with {@code block} inserted above a section's {@code key} (dotted when nested,
     * written at {@code indent}) and its comment, searched from {@code from}.
     */
    private static String before(String yaml, String indent, Map<String, String> comments, String key, int from, String block) {
        String last = key.substring(key.lastIndexOf('.') + 1);
        String commented = indent + "# " + comments.get(key) + "\n" + indent + last + ":";
        int at = yaml.indexOf(commented, from);
        if (at < 0) {
            throw new IllegalStateException("the example has no " + key);
        }
        return yaml.substring(0, at) + block + yaml.substring(at);
    }
}
