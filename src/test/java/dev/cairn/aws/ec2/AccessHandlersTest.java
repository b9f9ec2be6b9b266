package dev.cairn.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.engine.ResourceHandler;
import dev.cairn.engine.RetryableException;
import dev.cairn.engine.TagScanner.TaggedResource;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.kinds.Ec2Kinds;
import dev.cairn.step.access.AccessResources;
import dev.cairn.testing.AwsBackend;
import dev.cairn.testing.Specs;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * Every Access handler through the real SDK against each backend in {@code Backends.all()}:
 * create → ready → adopt → read → delete → gone. moto is lenient where AWS is strict (it deletes
 * a security group that another group's rule references, and ignores RunInstances' client
 * token); assertions on those rules run only where {@link AwsBackend#followsAwsDependencyRules()}.
 */
class AccessHandlersTest {

    private static final String REGION = "us-east-1";
    private static final String PEER_REGION = "us-west-2";
    private static final String BACKENDS = "dev.cairn.testing.Backends#all";

    @TempDir
    Path sshDir;

    private void with(AwsBackend backend, NetworkFixture.Body body) throws Exception {
        System.setProperty(KeyPairHandler.SSH_DIR_PROPERTY, sshDir.toString());
        NetworkFixture.onNewStack(backend, REGION, body);
    }

    /** The SSH folder surefire set (under target/): restored after each test, never cleared, so no later test writes to ~/.ssh. */
    private final String savedSshDir = System.getProperty(KeyPairHandler.SSH_DIR_PROPERTY);

    @AfterEach
    void restoreSshDir() {
        if (savedSshDir == null) {
            System.clearProperty(KeyPairHandler.SSH_DIR_PROPERTY);
        } else {
            System.setProperty(KeyPairHandler.SSH_DIR_PROPERTY, savedSshDir);
        }
    }

    private static ResourceRecord roundTripUpToDelete(NetworkFixture f, ResolvedSpec spec) {
        ResourceHandler h = f.handler(spec.spec().kind());
        ResourceRecord record = f.apply(spec);
        assertThat(Specs.ours(h.find(f.ctx, spec))).map(LiveResource::physicalId).contains(record.physicalId());
        assertThat(h.read(f.ctx, record)).map(LiveResource::physicalId).contains(record.physicalId());
        return record;
    }

    private static void destroyAndCheck(NetworkFixture f, ResolvedSpec spec, ResourceRecord record) {
        ResourceHandler h = f.handler(spec.spec().kind());
        f.destroy(record);
        assertThat(Specs.ours(h.find(f.ctx, spec))).isEmpty();
        assertThat(h.read(f.ctx, record)).isEmpty();
    }

    private static ResolvedSpec keySpec(NetworkFixture f, String mode, String name, String publicKeyFile) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("mode", mode);
        props.put("keyName", name);
        if (publicKeyFile != null) {
            props.put("publicKeyFile", publicKeyFile);
        }
        return f.spec(Ec2Kinds.KEY_PAIR, "access.key-pair", props, Map.of());
    }

    private static ResolvedSpec groupSpec(NetworkFixture f, String role, ResourceRecord vpc) {
        return f.spec(Ec2Kinds.SECURITY_GROUP, "access.sg[" + role + "]",
                Map.of("groupName", "cairn-" + f.stack + "-" + role, "description", "test " + role), Map.of("vpc", vpc));
    }

    private static ResolvedSpec ruleSpec(NetworkFixture f, String name, String protocol, int from, int to, String cidr,
            ResourceRecord group, ResourceRecord source) {
        Map<String, String> props = new LinkedHashMap<>(Map.of("protocol", protocol, "fromPort", String.valueOf(from),
                "toPort", String.valueOf(to)));
        Map<String, ResourceRecord> refs = new LinkedHashMap<>(Map.of("group", group));
        if (cidr != null) {
            props.put("cidr", cidr);
        } else {
            refs.put("sourceGroup", source);
        }
        return f.spec(Ec2Kinds.SECURITY_GROUP_RULE, "access.sg-rule[" + name + "]", props, refs);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void keyPair_create_savesPrivateKeyOwnerOnlyAndKeepsItAfterDelete(AwsBackend backend) throws Exception {
        with(backend, (f, clients) -> {
            ResolvedSpec spec = keySpec(f, "create", f.stack + "-key", null);
            ResourceRecord record = roundTripUpToDelete(f, spec);
            Path pem = sshDir.resolve(f.stack + "-key.pem");

            assertThat(record.physicalId()).startsWith("key-");
            assertThat(record.attributes()).containsEntry("keyName", f.stack + "-key").containsEntry("privateKeyFile", pem.toString());
            assertThat(record.attributes().values()).noneMatch(v -> v.contains("PRIVATE KEY"));
            assertThat(Files.readString(pem)).contains("PRIVATE KEY");
            assertThat(Files.getPosixFilePermissions(pem))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

            destroyAndCheck(f, spec, record);
            assertThat(pem).exists();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void keyPair_adopt_whenPrivateKeyFileMissing_deletesTheUselessKeyPair(AwsBackend backend) throws Exception {
        with(backend, (f, clients) -> {
            ResolvedSpec spec = keySpec(f, "create", f.stack + "-key", null);
            ResourceRecord record = f.apply(spec);
            Files.delete(sshDir.resolve(f.stack + "-key.pem"));

            assertThat(Specs.ours(f.handler(Ec2Kinds.KEY_PAIR).find(f.ctx, spec))).isEmpty();
            assertThat(f.handler(Ec2Kinds.KEY_PAIR).read(f.ctx, record)).isEmpty();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void keyPair_import_uploadsThePublicKey(AwsBackend backend) throws Exception {
        with(backend, (f, clients) -> {
            Path pub = sshDir.resolve("mine.pub");
            Files.writeString(pub, opensshRsaPublicKey() + " me@laptop\n");
            ResolvedSpec spec = keySpec(f, "import", f.stack + "-imported", pub.toString());
            ResourceRecord record = roundTripUpToDelete(f, spec);
            assertThat(record.attributes()).doesNotContainKey("privateKeyFile");
            assertThat(clients.ec2(REGION).describeKeyPairs(r -> r.keyPairIds(record.physicalId())).keyPairs())
                    .singleElement().satisfies(k -> assertThat(k.keyName()).isEqualTo(f.stack + "-imported"));
            destroyAndCheck(f, spec, record);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void keyPair_existing_isAdoptedByNameAndNeverDeleted(AwsBackend backend) throws Exception {
        with(backend, (f, clients) -> {
            String id = clients.ec2(REGION).createKeyPair(r -> r.keyName("users-own")).keyPairId();
            ResolvedSpec spec = keySpec(f, "existing", "users-own", null);
            ResourceRecord record = f.apply(spec);
            assertThat(record.physicalId()).isEqualTo(id);
            f.destroy(record);
            assertThat(clients.ec2(REGION).describeKeyPairs(r -> r.keyNames("users-own")).keyPairs()).hasSize(1);

            ResolvedSpec missing = keySpec(f, "existing", "nobody-has-this", null);
            assertThatThrownBy(() -> f.handler(Ec2Kinds.KEY_PAIR).create(f.ctx, missing, "t"))
                    .hasMessageContaining("nobody-has-this").hasMessageContaining("does not exist");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void securityGroups_withCidrGroupAndIcmpRules_roundTripAndRevokeBeforeDelete(AwsBackend backend) throws Exception {
        with(backend, (f, clients) -> {
            ResourceRecord vpc = f.apply(f.spec(Ec2Kinds.VPC, "network.vpc", Map.of("cidr", "10.0.0.0/16"), Map.of()));
            ResolvedSpec bastionSpec = groupSpec(f, "bastion", vpc);
            ResourceRecord bastion = roundTripUpToDelete(f, bastionSpec);
            ResolvedSpec privateSpec = groupSpec(f, "private", vpc);
            ResourceRecord priv = f.apply(privateSpec);

            ResolvedSpec ssh = ruleSpec(f, "bastion-ssh", "tcp", 22, 22, "203.0.113.10/32", bastion, null);
            ResolvedSpec fromBastion = ruleSpec(f, "private-ssh-bastion", "tcp", 22, 22, null, priv, bastion);
            ResolvedSpec icmp = ruleSpec(f, "private-icmp", "icmp", -1, -1, "192.168.10.0/24", priv, null);
            ResourceRecord sshRule = roundTripUpToDelete(f, ssh);
            ResourceRecord groupRule = roundTripUpToDelete(f, fromBastion);
            ResourceRecord icmpRule = roundTripUpToDelete(f, icmp);
            assertThat(sshRule.physicalId()).isEqualTo(bastion.physicalId() + ":tcp:22:22:203.0.113.10/32");
            assertThat(groupRule.physicalId()).endsWith(":" + bastion.physicalId());
            // Adding the same rule again (a resumed run) is success, not InvalidPermission.Duplicate.
            assertThat(f.handler(Ec2Kinds.SECURITY_GROUP_RULE).create(f.ctx, ssh, "again").physicalId())
                    .isEqualTo(sshRule.physicalId());

            if (backend.followsAwsDependencyRules()) {
                assertThatThrownBy(() -> f.handler(Ec2Kinds.SECURITY_GROUP).delete(f.ctx, bastion))
                        .isInstanceOf(RetryableException.class)
                        .hasMessageContaining(priv.physicalId());
            }
            destroyAndCheck(f, fromBastion, groupRule);
            destroyAndCheck(f, icmp, icmpRule);
            destroyAndCheck(f, ssh, sshRule);
            destroyAndCheck(f, bastionSpec, bastion);
            destroyAndCheck(f, privateSpec, priv);
            f.destroy(vpc);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void instance_withElasticIp_runsHardenedFromSsmImageAndTerminates(AwsBackend backend) throws Exception {
        with(backend, (f, clients) -> {
            Map<String, ResourceRecord> net = new LinkedHashMap<>();
            net.put("vpc", f.apply(f.spec(Ec2Kinds.VPC, "network.vpc", Map.of("cidr", "10.0.0.0/16"), Map.of())));
            net.put("subnet", f.apply(f.spec(Ec2Kinds.SUBNET, "network.subnet[public-a]",
                    Map.of("cidr", "10.0.1.0/24", "zone", f.zone('a'), "tier", "public", "mapPublicIp", "true"),
                    Map.of("vpc", net.get("vpc")))));
            net.put("igw", f.apply(f.spec(Ec2Kinds.INTERNET_GATEWAY, "network.igw", Map.of(), Map.of())));
            net.put("attach", f.apply(f.spec(Ec2Kinds.IGW_ATTACHMENT, "network.igw-attachment", Map.of(),
                    Map.of("gateway", net.get("igw"), "vpc", net.get("vpc")))));
            net.put("sg", f.apply(groupSpec(f, "bastion", net.get("vpc"))));
            net.put("key", f.apply(keySpec(f, "create", f.stack + "-key", null)));

            ResolvedSpec spec = f.spec(Ec2Kinds.INSTANCE, "access.instance[bastion]",
                    Map.of("role", "bastion", "instanceType", "t3.micro", "imageParameter", AccessResources.AL2023_X86),
                    Map.of("subnet", net.get("subnet"), "securityGroup", net.get("sg"), "keyPair", net.get("key")));
            ResourceRecord instance = roundTripUpToDelete(f, spec);
            String expectedAmi = clients.ssm(REGION).getParameter(r -> r.name(AccessResources.AL2023_X86)).parameter().value();
            Instance described = InstanceHandler.find(clients.ec2(REGION), instance.physicalId()).orElseThrow();
            assertThat(described.imageId()).isEqualTo(expectedAmi);
            assertThat(described.keyName()).isEqualTo(f.stack + "-key");
            assertThat(described.metadataOptions().httpTokensAsString()).isEqualTo("required");
            assertThat(described.securityGroups()).anyMatch(g -> g.groupId().equals(net.get("sg").physicalId()));
            assertThat(instance.attributes()).containsKey("privateIp").containsEntry("instanceType", "t3.micro");
            String volumeId = described.blockDeviceMappings().get(0).ebs().volumeId();
            assertThat(clients.ec2(REGION).describeVolumes(r -> r.volumeIds(volumeId)).volumes().get(0).encrypted()).isTrue();

            ResourceRecord eip = f.apply(f.spec(Ec2Kinds.ELASTIC_IP, "access.eip[bastion]", Map.of(), Map.of()));
            ResolvedSpec assocSpec = f.spec(Ec2Kinds.EIP_ASSOCIATION, "access.eip-association[bastion]", Map.of(),
                    Map.of("eip", eip, "instance", instance));
            ResourceRecord assoc = roundTripUpToDelete(f, assocSpec);
            assertThat(assoc.attributes()).containsEntry("publicIp", eip.attributes().get("publicIp"));
            assertThat(new Ec2TagScanner(clients).scan(f.stack, Set.of(REGION))).extracting(TaggedResource::resourceType)
                    .contains("instance", "security-group", "key-pair");

            destroyAndCheck(f, assocSpec, assoc);
            f.destroy(eip);
            destroyAndCheck(f, spec, instance);
            assertThat(new Ec2TagScanner(clients).scan(f.stack, Set.of(REGION)))
                    .as("a terminated instance counts as gone").noneMatch(t -> t.resourceType().equals("instance"));
            f.destroy(net.get("key"));
            f.destroy(net.get("sg"));
            f.destroy(net.get("attach"));
            f.destroy(net.get("igw"));
            f.destroy(net.get("subnet"));
            f.destroy(net.get("vpc"));
            assertThat(new Ec2TagScanner(clients).scan(f.stack, Set.of(REGION))).isEmpty();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void instance_update_changesTypeByStopModifyStartAndKeepsItsId(AwsBackend backend) throws Exception {
        with(backend, (f, clients) -> {
            Map<String, ResourceRecord> net = new LinkedHashMap<>();
            net.put("vpc", f.apply(f.spec(Ec2Kinds.VPC, "network.vpc", Map.of("cidr", "10.0.0.0/16"), Map.of())));
            net.put("subnet", f.apply(f.spec(Ec2Kinds.SUBNET, "network.subnet[app-a]",
                    Map.of("cidr", "10.0.11.0/24", "zone", f.zone('a'), "tier", "app", "mapPublicIp", "false"),
                    Map.of("vpc", net.get("vpc")))));
            net.put("sg", f.apply(groupSpec(f, "private", net.get("vpc"))));
            Map<String, String> small = Map.of("role", "private", "instanceType", "t3.micro",
                    "imageParameter", AccessResources.AL2023_X86);
            ResolvedSpec spec = f.spec(Ec2Kinds.INSTANCE, "access.instance[private]", small,
                    Map.of("subnet", net.get("subnet"), "securityGroup", net.get("sg")));
            ResourceRecord instance = f.apply(spec);
            Map<String, String> bigger = new LinkedHashMap<>(small);
            bigger.put("instanceType", "t3.small");
            ResolvedSpec wanted = f.spec(Ec2Kinds.INSTANCE, "access.instance[private]", bigger,
                    Map.of("subnet", net.get("subnet"), "securityGroup", net.get("sg")));

            List<String> waitedFor = new CopyOnWriteArrayList<>();
            Poll done = Specs.poll(() -> {
                Poll p = f.handler(Ec2Kinds.INSTANCE).update(f.ctx, wanted, instance, Set.of("instanceType"));
                waitedFor.add(p.message().english());
                return p;
            }, NetworkFixture.LOCAL_TIMEOUT);

            assertThat(done.outcome()).as("%s", done.message()).isEqualTo(Poll.Outcome.DONE);
            Instance after = InstanceHandler.find(clients.ec2(REGION), instance.physicalId()).orElseThrow();
            assertThat(after.instanceTypeAsString()).isEqualTo("t3.small");
            assertThat(after.state().nameAsString()).isEqualTo("running");
            assertThat(waitedFor).anyMatch(m -> m.startsWith("stopping " + instance.physicalId() + " to change its type"));

            f.destroy(Specs.record(wanted, LiveResource.of(instance.physicalId())));
            f.destroy(net.get("sg"));
            f.destroy(net.get("subnet"));
            f.destroy(net.get("vpc"));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void instance_create_whenImageQueryMatchesNothing_namesTheImageAndTheWayOut(AwsBackend backend) throws Exception {
        with(backend, (f, clients) -> {
            ResourceRecord vpc = f.apply(f.spec(Ec2Kinds.VPC, "network.vpc", Map.of("cidr", "10.0.0.0/16"), Map.of()));
            ResourceRecord subnet = f.apply(f.spec(Ec2Kinds.SUBNET, "network.subnet[public-a]",
                    Map.of("cidr", "10.0.1.0/24", "zone", f.zone('a'), "tier", "public", "mapPublicIp", "true"), Map.of("vpc", vpc)));
            ResourceRecord sg = f.apply(groupSpec(f, "vpn", vpc));
            ResolvedSpec spec = f.spec(Ec2Kinds.INSTANCE, "access.instance[vpn]",
                    Map.of("role", "vpn", "instanceType", "t3.micro", "imageQuery", "aws-marketplace:No Such Image Cairn*"),
                    Map.of("subnet", subnet, "securityGroup", sg));
            assertThatThrownBy(() -> f.handler(Ec2Kinds.INSTANCE).create(f.ctx, spec, "t"))
                    .hasMessageContaining("No Such Image Cairn*").hasMessageContaining("access.vpn.amiId");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(BACKENDS)
    void peering_requestedInOneRegionAcceptedInTheOther_routesBothWaysThenDeletedOnBothSides(AwsBackend backend) throws Exception {
        with(backend, (f, clients) -> {
            NetworkFixture peer = new NetworkFixture(f.handlers, f.stack, PEER_REGION, NetworkFixture.LOCAL_TIMEOUT);
            ResourceRecord vpc = f.apply(f.spec(Ec2Kinds.VPC, "network.vpc", Map.of("cidr", "10.1.0.0/16"), Map.of()));
            ResourceRecord peerVpc = peer.apply(peer.spec(Ec2Kinds.VPC, "peer.vpc", Map.of("cidr", "192.168.10.0/24"), Map.of()));
            ResourceRecord table = f.apply(f.spec(Ec2Kinds.ROUTE_TABLE, "network.route-table[private]",
                    Map.of("tier", "private"), Map.of("vpc", vpc)));
            ResourceRecord peerTable = peer.apply(peer.spec(Ec2Kinds.ROUTE_TABLE, "peer.route-table[private]",
                    Map.of("tier", "private"), Map.of("vpc", peerVpc)));

            ResolvedSpec request = f.spec(Ec2Kinds.VPC_PEERING, "access.peering", Map.of("peerRegion", PEER_REGION),
                    Map.of("vpc", vpc, "peerVpc", peerVpc));
            ResourceRecord peering = roundTripUpToDelete(f, request);
            ResolvedSpec acceptSpec = peer.spec(Ec2Kinds.VPC_PEERING_ACCEPTANCE, "peer.peering-acceptance", Map.of(),
                    Map.of("peering", peering));
            ResourceRecord accepted = peer.apply(acceptSpec);
            assertThat(accepted.physicalId()).isEqualTo(peering.physicalId());
            assertThat(VpcPeeringHandler.find(clients.ec2(REGION), peering.physicalId()).orElseThrow().status().codeAsString())
                    .isEqualTo("active");
            assertThat(Specs.ours(f.handler(Ec2Kinds.VPC_PEERING_ACCEPTANCE).find(peer.ctx, acceptSpec))).isPresent();

            ResolvedSpec route = f.spec(Ec2Kinds.ROUTE, "access.route[private-peer]", Map.of("destination", "192.168.10.0/24"),
                    Map.of("routeTable", table, "peering", peering));
            ResolvedSpec peerRoute = peer.spec(Ec2Kinds.ROUTE, "peer.route[private-main]", Map.of("destination", "10.1.0.0/16"),
                    Map.of("routeTable", peerTable, "peering", peering));
            ResourceRecord r1 = roundTripUpToDelete(f, route);
            ResourceRecord r2 = roundTripUpToDelete(peer, peerRoute);
            assertThat(r1.attributes()).containsEntry("target", peering.physicalId());

            destroyAndCheck(f, route, r1);
            destroyAndCheck(peer, peerRoute, r2);
            peer.destroy(accepted);
            destroyAndCheck(f, request, peering);
            assertThat(VpcPeeringHandler.find(clients.ec2(PEER_REGION), peering.physicalId()).filter(p -> !VpcPeeringHandler.isGone(p)))
                    .as("deleted in the peer region too").isEmpty();
            f.destroy(table);
            peer.destroy(peerTable);
            peer.destroy(peerVpc);
            f.destroy(vpc);
            assertThat(new Ec2TagScanner(clients).scan(f.stack, Set.of(REGION, PEER_REGION))).isEmpty();
        });
    }

    /** An OpenSSH {@code ssh-rsa AAAA…} public key line, made with the JDK (RFC 4253 encoding). */
    static String opensshRsaPublicKey() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        RSAPublicKey key = (RSAPublicKey) gen.generateKeyPair().getPublic();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        writeBlob(out, "ssh-rsa".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        writeBlob(out, key.getPublicExponent().toByteArray());
        writeBlob(out, key.getModulus().toByteArray());
        return "ssh-rsa " + Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    private static void writeBlob(DataOutputStream out, byte[] blob) throws IOException {
        out.writeInt(blob.length);
        out.write(blob);
    }
}
