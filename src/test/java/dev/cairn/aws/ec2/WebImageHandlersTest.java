package dev.cairn.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.cairn.aws.AwsClients;
import dev.cairn.aws.AwsHandlers;
import dev.cairn.engine.Found;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.engine.ResourceHandler;
import dev.cairn.engine.TagScanner.TaggedResource;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.Tags;
import dev.cairn.model.kinds.Ec2Kinds;
import dev.cairn.step.access.AccessResources;
import dev.cairn.testing.AwsBackend;
import dev.cairn.testing.Specs;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;
import software.amazon.awssdk.services.ec2.model.ResponseLaunchTemplateData;

/**
 * The Web tier's EC2 handlers through the real SDK against each backend: the golden image (a
 * sample instance, CreateImage, its snapshots, the sample terminated; a create killed at each
 * step resumes without a twin; the delete removes the snapshots) and the launch template (its
 * data, an update that makes one new default version and no second one when repeated).
 */
class WebImageHandlersTest {

    private static final String REGION = "us-east-1";
    private static final String BACKENDS = "dev.cairn.testing.Backends#all";
    private static final String APP = "#!/bin/bash\ndnf install -y nginx && systemctl enable --now nginx\n";

    private interface Body {
        void run(NetworkFixture f, AwsClients clients, Map<String, ResourceRecord> net) throws Exception;
    }

    /** A VPC, one subnet and one group, for the sample instance and the template. */
    private static void with(AwsBackend backend, Body body) throws Exception {
        backend.reset();
        try (AwsClients clients = AwsClients.sandbox(backend.endpoint())) {
            String stack = "t" + UUID.randomUUID().toString().substring(0, 8);
            NetworkFixture f = new NetworkFixture(AwsHandlers.forClients(clients), stack, REGION, NetworkFixture.LOCAL_TIMEOUT);
            Map<String, ResourceRecord> net = new LinkedHashMap<>();
            net.put("vpc", f.apply(f.spec(Ec2Kinds.VPC, "network.vpc", Map.of("cidr", "10.0.0.0/16"), Map.of())));
            net.put("subnet", f.apply(f.spec(Ec2Kinds.SUBNET, "network.subnet[app-a]",
                    Map.of("cidr", "10.0.11.0/24", "zone", f.zone('a'), "tier", "app", "mapPublicIp", "false"),
                    Map.of("vpc", net.get("vpc")))));
            net.put("sg", f.apply(f.spec(Ec2Kinds.SECURITY_GROUP, "web.sg[instances]",
                    Map.of("groupName", "cairn-" + stack + "-web", "description", "web instances"), Map.of("vpc", net.get("vpc")))));
            body.run(f, clients, net);
        }
    }

    private static ResolvedSpec imageSpec(NetworkFixture f, Map<String, ResourceRecord> net) {
        return f.spec(Ec2Kinds.IMAGE, "web.image[golden]", Map.of("name", f.stack + "-golden",
                        "baseImageParameter", AccessResources.AL2023_X86, "instanceType", "t3.micro", "userData", APP),
                Map.of("subnet", net.get("subnet"), "securityGroup", net.get("sg")));
    }

    private static List<Instance> samples(Ec2Client ec2, String stack) {
        return ec2.describeInstancesPaginator(r -> r.filters(Ec2Handler.filter("tag:" + Tags.STACK, stack))).reservations()
                .stream().flatMap(r -> r.instances().stream())
                .filter(i -> "web.image-sample[golden]".equals(Ec2Handler.fromTags(i.tags()).get(Tags.ADDRESS)))
                .toList();
    }

    private static boolean snapshotExists(Ec2Client ec2, String id) {
        return Ec2Handler.absentIfNotFound(() -> ec2.describeSnapshots(r -> r.snapshotIds(id)).snapshots().stream()
                .filter(s -> id.equals(s.snapshotId())).findFirst()).isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void image_create_makesImageFromTaggedSampleThenTerminatesSample(AwsBackend backend) throws Exception {
        with(backend, (f, clients, net) -> {
            Ec2Client ec2 = clients.ec2(REGION);
            ResolvedSpec spec = imageSpec(f, net);
            ResourceHandler h = f.handler(Ec2Kinds.IMAGE);
            assertThat(h.find(f.ctx, spec)).isInstanceOf(Found.Absent.class);

            ResourceRecord image = applyImage(f, spec);

            assertThat(image.physicalId()).startsWith("ami-");
            assertThat(image.attributes()).containsEntry("name", f.stack + "-golden");
            List<String> snapshots = List.of(image.attributes().get("snapshotIds").split(","));
            assertThat(snapshots).isNotEmpty().allMatch(s -> s.startsWith("snap-"));
            List<Instance> sample = samples(ec2, f.stack);
            assertThat(sample).hasSize(1);
            Instance s = InstanceHandler.find(ec2, sample.get(0).instanceId()).orElseThrow();
            assertThat(s.state().nameAsString()).isIn("shutting-down", "terminated");
            assertThat(Ec2Handler.fromTags(s.tags())).containsEntry(Tags.NAME, f.stack + "-image-golden-sample");
            assertThat(s.metadataOptions().httpTokensAsString()).isEqualTo("required");
            assertThat(f.said).anyMatch(m -> m.startsWith("making image " + f.stack + "-golden from sample instance"));
            assertThat(Specs.ours(h.find(f.ctx, spec))).map(LiveResource::physicalId).contains(image.physicalId());
            assertThat(h.read(f.ctx, image)).map(LiveResource::physicalId).contains(image.physicalId());
            assertThat(new Ec2TagScanner(clients).scan(f.stack, Set.of(REGION)))
                    .filteredOn(t -> t.resourceType().equals("image") || t.resourceType().equals("snapshot"))
                    .extracting(TaggedResource::physicalId)
                    .containsExactlyInAnyOrderElementsOf(concat(image.physicalId(), snapshots));

            f.destroy(image);

            assertThat(h.read(f.ctx, image)).isEmpty();
            assertThat(snapshots).noneMatch(id -> snapshotExists(ec2, id));
            assertThat(new Ec2TagScanner(clients).scan(f.stack, Set.of(REGION)))
                    .noneMatch(t -> Set.of("image", "snapshot", "instance").contains(t.resourceType()));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void image_killedAfterSampleAndAfterCreateImage_resumesWithoutTwins(AwsBackend backend) throws Exception {
        with(backend, (f, clients, net) -> {
            Ec2Client ec2 = clients.ec2(REGION);
            ResolvedSpec spec = imageSpec(f, net);
            ResourceHandler h = f.handler(Ec2Kinds.IMAGE);
            LiveResource first = h.create(f.ctx, spec, UUID.randomUUID().toString());
            assertThat(first.physicalId()).startsWith("i-");

            // Killed before the outcome was journaled: the engine finds nothing (no image yet) and
            // creates again with a new token; the sample the first run launched is reused.
            assertThat(h.find(f.ctx, spec)).isInstanceOf(Found.Absent.class);
            LiveResource second = h.create(f.ctx, spec, UUID.randomUUID().toString());
            assertThat(second.physicalId()).isEqualTo(first.physicalId());
            assertThat(samples(ec2, f.stack)).hasSize(1);

            // Poll until CreateImage was made, then resume from the stale resource (the sample's ID).
            Poll p;
            do {
                p = h.awaitReady(f.ctx, spec, second);
            } while (p.outcome() == Poll.Outcome.PENDING && (p.resource() == null || !p.resource().physicalId().startsWith("ami-")));
            assertThat(p.outcome()).as("%s", p.message()).isNotEqualTo(Poll.Outcome.FAILED);
            Poll done = Specs.poll(() -> h.awaitReady(f.ctx, spec, second), NetworkFixture.LOCAL_TIMEOUT);
            assertThat(done.outcome()).as("%s", done.message()).isEqualTo(Poll.Outcome.DONE);

            assertThat(ec2.describeImages(r -> r.owners("self").filters(Ec2Handler.filter("name", f.stack + "-golden")))
                    .images()).hasSize(1);
            assertThat(samples(ec2, f.stack)).hasSize(1);
            Found again = h.find(f.ctx, spec);
            assertThat(Specs.ours(again)).map(LiveResource::physicalId).contains(done.resource().physicalId());

            // A teardown from the record the killed run left (its ID still the sample's) removes the image too.
            f.destroy(Specs.record(spec, first));
            assertThat(ec2.describeImages(r -> r.owners("self").filters(Ec2Handler.filter("name", f.stack + "-golden")))
                    .images()).noneMatch(i -> i.stateAsString().equals("available"));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void image_delete_whileSampleStillRuns_terminatesItAndLeavesNoImage(AwsBackend backend) throws Exception {
        with(backend, (f, clients, net) -> {
            Ec2Client ec2 = clients.ec2(REGION);
            ResolvedSpec spec = imageSpec(f, net);
            LiveResource sample = f.handler(Ec2Kinds.IMAGE).create(f.ctx, spec, UUID.randomUUID().toString());

            f.destroy(Specs.record(spec, sample));

            assertThat(samples(ec2, f.stack)).allMatch(i -> InstanceHandler.isGone(i) || i.state().nameAsString().equals("shutting-down"));
            assertThat(f.handler(Ec2Kinds.IMAGE).find(f.ctx, spec)).isInstanceOf(Found.Absent.class);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void image_find_whenNameHeldByAnImageCairnDidNotMake_isTaken(AwsBackend backend) throws Exception {
        with(backend, (f, clients, net) -> {
            Ec2Client ec2 = clients.ec2(REGION);
            String base = clients.ssm(REGION).getParameter(r -> r.name(AccessResources.AL2023_X86)).parameter().value();
            String users = ec2.runInstances(r -> r.imageId(base).instanceType("t3.micro").minCount(1).maxCount(1)
                    .subnetId(net.get("subnet").physicalId())).instances().get(0).instanceId();
            Specs.poll(() -> InstanceHandler.find(ec2, users).filter(i -> i.state().nameAsString().equals("running")).isPresent()
                    ? Poll.done() : Poll.pending("starting"), NetworkFixture.LOCAL_TIMEOUT);
            String theirs = ec2.createImage(r -> r.instanceId(users).name(f.stack + "-golden").noReboot(true)).imageId();

            Found found = f.handler(Ec2Kinds.IMAGE).find(f.ctx, imageSpec(f, net));

            Found.Taken taken = assertInstanceOf(Found.Taken.class, found);
            assertThat(taken.what()).contains(f.stack + "-golden").contains(theirs);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void snapshot_leftByAnInterruptedDelete_isScannedAsTheImagesAndDeletedByItsHandler(AwsBackend backend) throws Exception {
        with(backend, (f, clients, net) -> {
            Ec2Client ec2 = clients.ec2(REGION);
            ResourceRecord image = applyImage(f, imageSpec(f, net));
            String snapshot = image.attributes().get("snapshotIds").split(",")[0];
            // Killed after DeregisterImage, with state lost: only the tagged snapshot is left.
            ec2.deregisterImage(r -> r.imageId(image.physicalId()));

            List<TaggedResource> left = new Ec2TagScanner(clients).scan(f.stack, Set.of(REGION));
            TaggedResource orphan = left.stream().filter(t -> t.physicalId().equals(snapshot)).findFirst().orElseThrow();
            assertThat(orphan.kind()).isEqualTo(Ec2Kinds.IMAGE);
            assertThat(orphan.address()).isEqualTo("web.image[golden]");

            // As the engine's orphan delete: a spec without props, the snapshot's ID.
            f.destroy(Specs.record(Specs.resolved(f.stack, REGION, Ec2Kinds.IMAGE, "orphan.snapshot[x]", Map.of(), Map.of()),
                    LiveResource.of(snapshot)));
            assertThat(snapshotExists(ec2, snapshot)).isFalse();
        });
    }

    private static ResolvedSpec templateSpec(NetworkFixture f, Map<String, ResourceRecord> net, String type, String userData) {
        return f.spec(Ec2Kinds.LAUNCH_TEMPLATE, "web.launch-template", Map.of("name", f.stack + "-web",
                "instanceType", type, "imageParameter", AccessResources.AL2023_X86, "userData", userData),
                Map.of("securityGroup", net.get("sg")));
    }

    private static ResponseLaunchTemplateData version(Ec2Client ec2, String id, String version) {
        List<LaunchTemplateVersion> v = ec2.describeLaunchTemplateVersions(r -> r.launchTemplateId(id).versions(version))
                .launchTemplateVersions();
        assertThat(v).hasSize(1);
        return v.get(0).launchTemplateData();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void launchTemplate_create_holdsHardenedDataThenUpdateMakesOneNewDefaultVersion(AwsBackend backend) throws Exception {
        with(backend, (f, clients, net) -> {
            Ec2Client ec2 = clients.ec2(REGION);
            ResolvedSpec spec = templateSpec(f, net, "t3.micro", APP);
            ResourceHandler h = f.handler(Ec2Kinds.LAUNCH_TEMPLATE);
            ResourceRecord lt = f.apply(spec);

            assertThat(lt.physicalId()).startsWith("lt-");
            assertThat(lt.attributes()).containsEntry("latestVersion", "1").containsEntry("defaultVersion", "1");
            assertThat(Specs.ours(h.find(f.ctx, spec))).map(LiveResource::physicalId).contains(lt.physicalId());
            ResponseLaunchTemplateData data = version(ec2, lt.physicalId(), "1");
            String ami = clients.ssm(REGION).getParameter(r -> r.name(AccessResources.AL2023_X86)).parameter().value();
            assertThat(data.imageId()).isEqualTo(ami);
            assertThat(data.instanceTypeAsString()).isEqualTo("t3.micro");
            assertThat(data.securityGroupIds()).containsExactly(net.get("sg").physicalId());
            assertThat(data.metadataOptions().httpTokensAsString()).isEqualTo("required");
            assertThat(data.blockDeviceMappings()).singleElement().satisfies(b -> assertThat(b.ebs().encrypted()).isTrue());
            assertThat(new String(Base64.getDecoder().decode(data.userData()), StandardCharsets.UTF_8)).isEqualTo(APP);
            assertThat(data.tagSpecifications()).anySatisfy(t -> assertThat(Ec2Handler.fromTags(t.tags()))
                    .containsEntry(Tags.STACK, f.stack).containsEntry(Tags.NAME, f.stack + "-launch-template"));

            ResolvedSpec bigger = templateSpec(f, net, "t3.small", APP);
            Poll updated = Specs.poll(() -> h.update(f.ctx, bigger, lt, Set.of("instanceType")), NetworkFixture.LOCAL_TIMEOUT);
            assertThat(updated.outcome()).isEqualTo(Poll.Outcome.DONE);
            assertThat(updated.resource().physicalId()).isEqualTo(lt.physicalId());
            assertThat(updated.resource().attributes()).containsEntry("latestVersion", "2").containsEntry("defaultVersion", "2");
            assertThat(version(ec2, lt.physicalId(), "$Default").instanceTypeAsString()).isEqualTo("t3.small");
            // Repeated after a crash: the latest version already holds the data, so nothing new.
            Poll again = h.update(f.ctx, bigger, lt, Set.of("instanceType"));
            assertThat(again.resource().attributes()).containsEntry("latestVersion", "2").containsEntry("defaultVersion", "2");
            assertThat(new Ec2TagScanner(clients).scan(f.stack, Set.of(REGION))).extracting(TaggedResource::physicalId)
                    .contains(lt.physicalId());

            f.destroy(lt);
            assertThat(h.read(f.ctx, lt)).isEmpty();
            assertThat(h.find(f.ctx, spec)).isInstanceOf(Found.Absent.class);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void launchTemplate_withGoldenImageRef_launchesThatImage(AwsBackend backend) throws Exception {
        with(backend, (f, clients, net) -> {
            String ami = clients.ssm(REGION).getParameter(r -> r.name(AccessResources.AL2023_X86)).parameter().value();
            ResolvedSpec image = imageSpec(f, net);
            ResourceRecord golden = Specs.record(image, LiveResource.of(ami));
            ResolvedSpec spec = f.spec(Ec2Kinds.LAUNCH_TEMPLATE, "web.launch-template", Map.of("name", f.stack + "-web",
                    "instanceType", "t3.micro", "userData", APP), Map.of("securityGroup", net.get("sg"), "image", golden));
            ResourceRecord lt = f.apply(spec);
            assertThat(version(clients.ec2(REGION), lt.physicalId(), "1").imageId()).isEqualTo(ami);
            f.destroy(lt);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void launchTemplate_find_whenNameHeldByStranger_isTaken(AwsBackend backend) throws Exception {
        with(backend, (f, clients, net) -> {
            String ami = clients.ssm(REGION).getParameter(r -> r.name(AccessResources.AL2023_X86)).parameter().value();
            String id = clients.ec2(REGION).createLaunchTemplate(r -> r.launchTemplateName(f.stack + "-web")
                    .launchTemplateData(d -> d.imageId(ami))).launchTemplate().launchTemplateId();
            Found found = f.handler(Ec2Kinds.LAUNCH_TEMPLATE).find(f.ctx, templateSpec(f, net, "t3.micro", APP));
            assertThat(assertInstanceOf(Found.Taken.class, found).what()).contains(id);
        });
    }

    /**
     * As the engine: create (the sample), poll until ready; the image's ID replaces the sample's,
     * as the engine's READY outcome keeps it.
     */
    private static ResourceRecord applyImage(NetworkFixture f, ResolvedSpec spec) {
        ResourceHandler h = f.handler(Ec2Kinds.IMAGE);
        LiveResource created = h.create(f.ctx, spec, UUID.randomUUID().toString());
        Poll ready = Specs.poll(() -> h.awaitReady(f.ctx, spec, created), NetworkFixture.LOCAL_TIMEOUT, java.time.Duration.ofMillis(20));
        assertThat(ready.outcome()).as("%s", ready.message()).isEqualTo(Poll.Outcome.DONE);
        return Specs.record(spec, ready.resource());
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new java.util.ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }
}
