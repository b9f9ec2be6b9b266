package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.HowToUse;
import dev.cairn.app.MyIpResolver;
import dev.cairn.model.FieldError;
import dev.cairn.plan.CostEstimate;
import dev.cairn.step.BlueprintYaml;
import dev.cairn.step.access.AccessSection;
import dev.cairn.step.access.KeyPairMode;
import dev.cairn.step.network.NetworkSection;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessStepViewModelTest {

    @TempDir
    Path home;

    private TargetHolder targets;
    private WorkspaceViewModel workspace;
    private AccessStepViewModel vm;

    @BeforeEach
    void open() {
        targets = GuiFixtures.sandbox(home);
        workspace = GuiFixtures.model(home, new CurrentThreadTaskExecutor(), targets).workspace();
        workspace.openInitial(null);
        vm = workspace.access();
        vm.includedProperty().set(true);
        workspace.detectMyIp();
    }

    @AfterEach
    void close() {
        targets.close();
    }

    private Path blueprintFile() {
        return home.resolve("stacks/my-network/blueprint.yaml");
    }

    @Test
    void detectMyIp_inTheSandbox_fillsTheDocumentationAddressAndTheStepValidates() {
        assertThat(vm.myIpProperty().get()).isEqualTo(MyIpResolver.SANDBOX_ADDRESS);
        assertThat(vm.errors()).isEmpty();
        assertThat(vm.validProperty().get()).isTrue();
        assertThat(workspace.canApplyBinding().get()).isTrue();
        assertThat(workspace.statusProperty(WizardStep.ACCESS).get()).isEqualTo(StepStatus.VALID);
    }

    @Test
    void myIp_whenNotAnAddress_errorAtTheFieldAndApplyDisabled() {
        vm.myIpProperty().set("203.0.113");

        FieldError e = vm.errorAt(AccessStepViewModel.MY_IP).get();
        assertThat(e).isNotNull();
        assertThat(e.rule()).isEqualTo("myIp.format");
        assertThat(new Messages(java.util.Locale.ENGLISH).error(e)).contains("203.0.113").contains("IPv4");
        assertThat(workspace.canApplyBinding().get()).isFalse();
        assertThat(workspace.flow().canEnter(WizardStep.REVIEW)).isFalse();
        assertThat(workspace.statusProperty(WizardStep.ACCESS).get()).isEqualTo(StepStatus.INVALID);
    }

    @Test
    void myIp_whenAnywhere_needsTheCheckboxAndThenWarns() {
        vm.myIpProperty().set("0.0.0.0/0");
        assertThat(vm.errorAt(AccessStepViewModel.MY_IP).get().rule()).isEqualTo("myIp.anywhere");
        assertThat(vm.warningProperty().get()).isNull();

        vm.allowAnywhereProperty().set(true);

        assertThat(vm.errorAt(AccessStepViewModel.MY_IP).get()).isNull();
        assertThat(vm.warningProperty().get()).isNotNull();
        assertThat(vm.warningProperty().get().rule()).isEqualTo("myIp.anywhere");
        assertThat(workspace.canApplyBinding().get()).isTrue();
    }

    @Test
    void explainType_whenGravitonName_namesEveryPart() {
        var t = AccessStepViewModel.explainType("t4g.micro").orElseThrow();
        assertThat(t.family()).isEqualTo("t");
        assertThat(t.generation()).isEqualTo(4);
        assertThat(t.attributeDescriptions()).containsExactly("AWS Graviton processor");
        assertThat(t.size()).isEqualTo("micro");
        assertThat(AccessStepViewModel.explainType("t4g-micro")).isEmpty();
    }

    @Test
    void instanceType_whenMalformed_errorAtThatHostsPicker() {
        vm.bastionTypeProperty().set("t3micro");

        assertThat(vm.errorAt(AccessStepViewModel.BASTION_TYPE).get().rule()).isEqualTo("instanceType.format");
        assertThat(vm.errorAt(AccessStepViewModel.PRIVATE_TYPE).get()).isNull();
        assertThat(vm.validProperty().get()).isFalse();
    }

    @Test
    void instanceTypes_byDefault_areTheRegionsFreeTierType() {
        assertThat(vm.bastionTypeProperty().get()).isEqualTo("t2.micro");
        assertThat(vm.privateTypeProperty().get()).isEqualTo("t2.micro");
        vm.peerRegionProperty().set("eu-north-1");
        assertThat(vm.peerTypeProperty().get()).isEqualTo("t3.micro");
    }

    @Test
    void peerCidr_whenOverlappingTheMainVpc_errorAtTheCidrField() {
        vm.peeringOnProperty().set(true);
        vm.peerRegionProperty().set("us-east-1");
        vm.peerCidrProperty().set(workspace.network().vpcCidrProperty().get());

        FieldError e = vm.errorAt(AccessStepViewModel.PEER_CIDR).get();
        assertThat(e).isNotNull();
        assertThat(e.rule()).isEqualTo("peering.overlap");
        assertThat(vm.errorAt(AccessStepViewModel.PEER_REGION).get()).isNull();
        assertThat(workspace.canApplyBinding().get()).isFalse();

        vm.peerCidrProperty().set("10.2.0.0/16");
        assertThat(vm.errorAt(AccessStepViewModel.PEER_CIDR).get()).isNull();
    }

    @Test
    void peerRegions_neverOfferTheStacksOwnRegion() {
        assertThat(vm.peerRegions()).isNotEmpty().doesNotContain("ap-northeast-2");
    }

    @Test
    void importMode_whenThePublicKeyIsMissingOrNotAKey_errorAtTheFileField() throws Exception {
        vm.keyModeProperty().set(KeyPairMode.IMPORT);
        assertThat(vm.errorAt(AccessStepViewModel.KEY_FILE).get().rule()).isEqualTo("field.required");

        vm.publicKeyFileProperty().set(home.resolve("absent.pub").toString());
        assertThat(vm.errorAt(AccessStepViewModel.KEY_FILE).get().rule()).isEqualTo("keyPair.publicKey");

        Path notAKey = Files.writeString(home.resolve("notes.txt"), "hello");
        vm.publicKeyFileProperty().set(notAKey.toString());
        assertThat(vm.errorAt(AccessStepViewModel.KEY_FILE).get().rule()).isEqualTo("keyPair.publicKey");

        Path key = Files.writeString(home.resolve("id_ed25519.pub"),
                "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJqfI5l1Yc5mGZ3ZxYzV7y5m4PqP0rQ3Z8sQ0bYt6m9x me@laptop\n");
        vm.publicKeyFileProperty().set(key.toString());
        assertThat(vm.errorAt(AccessStepViewModel.KEY_FILE).get()).isNull();
        assertThat(vm.validProperty().get()).isTrue();
    }

    @Test
    void costs_withPeering_oneEstimatePerRegionWithItsInstances() {
        vm.peeringOnProperty().set(true);
        vm.peerRegionProperty().set("us-east-1");

        assertThat(vm.costs()).extracting(CostEstimate::region).containsExactly("ap-northeast-2", "us-east-1");
        CostEstimate main = vm.costs().get(0);
        assertThat(main.lines()).anySatisfy(l -> assertThat(l.item()).startsWith("Instance t2.micro"));
        // Bastion, VPN and private instance: three of the region's free-tier type.
        assertThat(main.lines()).filteredOn(l -> l.item().startsWith("Instance")).singleElement()
                .satisfies(l -> assertThat(l.quantity()).isEqualTo(3));
        assertThat(vm.costs().get(1).lines()).anySatisfy(l -> assertThat(l.item()).startsWith("Instance"));
        assertThat(main.monthly()).isPositive();
    }

    @Test
    void reviewCosts_withPeering_coverBothStepsInBothRegions() {
        vm.peeringOnProperty().set(true);
        vm.peerRegionProperty().set("us-east-1");

        assertThat(workspace.review().costs()).extracting(CostEstimate::region).containsExactly("ap-northeast-2", "us-east-1");
        assertThat(workspace.review().costProperty().get().lines())
                .anySatisfy(l -> assertThat(l.item()).startsWith("Instance"))
                .anySatisfy(l -> assertThat(l.item()).isEqualTo("NAT gateway"));
        assertThat(workspace.review().lines()).anySatisfy(a -> assertThat(a.spec().address().value()).startsWith("peer."));
    }

    @Test
    void validChange_isSavedWithTheAccessSection_andANetworkEditKeepsIt() {
        vm.bastionTypeProperty().set("t3.small");
        assertThat(BlueprintYaml.read(blueprintFile()).blueprint().section(AccessSection.KEY).bastion().instanceType()).isEqualTo("t3.small");

        workspace.network().natProperty().set(dev.cairn.step.network.NatMode.NONE);

        var saved = BlueprintYaml.read(blueprintFile()).blueprint();
        assertThat(saved.section(NetworkSection.KEY).nat()).isEqualTo(dev.cairn.step.network.NatMode.NONE);
        assertThat(saved.section(AccessSection.KEY).bastion().instanceType()).isEqualTo("t3.small");
        assertThat(saved.section(AccessSection.KEY).myIp()).isEqualTo(MyIpResolver.SANDBOX_ADDRESS);
    }

    @Test
    void networkEdit_whileAccessIsInvalid_isSavedWithTheLastValidAccessSection() {
        vm.bastionTypeProperty().set("t3.small");
        vm.myIpProperty().set("not an address");

        workspace.network().natProperty().set(dev.cairn.step.network.NatMode.NONE);

        var saved = BlueprintYaml.read(blueprintFile()).blueprint();
        assertThat(saved.section(NetworkSection.KEY).nat()).isEqualTo(dev.cairn.step.network.NatMode.NONE);
        assertThat(saved.section(AccessSection.KEY).myIp()).isEqualTo(MyIpResolver.SANDBOX_ADDRESS);
        assertThat(saved.section(AccessSection.KEY).bastion().instanceType()).isEqualTo("t3.small");
    }

    @Test
    void leftOut_theBlueprintHasNoAccessSectionAndTheStepDoesNotBlock() {
        vm.myIpProperty().set("nonsense");
        vm.includedProperty().set(false);

        assertThat(vm.validProperty().get()).isTrue();
        assertThat(workspace.blueprint().section(AccessSection.KEY)).isNull();
        assertThat(BlueprintYaml.read(blueprintFile()).blueprint().section(AccessSection.KEY)).isNull();
        assertThat(workspace.statusProperty(WizardStep.ACCESS).get()).isEqualTo(StepStatus.NOT_STARTED);
    }

    @Test
    void apply_inTheSandbox_howToUseShowsTheJumpCommand() {
        vm.vpnOnProperty().set(false);
        workspace.apply();

        assertThat(workspace.outcomeProperty().get().succeeded()).isTrue();
        assertThat(vm.howToUse()).anySatisfy(s -> assertThat(s.command()).contains("ssh -i").contains(" -J ec2-user@"));
        HowToUse.Step jump = vm.howToUse().get(1);
        assertThat(jump.way()).isEqualTo(HowToUse.Way.PRIVATE_SSH);
        assertThat(jump.command()).startsWith("ssh -i").contains(" -J ").doesNotContain("(through");
        assertThat(jump.note()).startsWith("through the bastion").doesNotEndWith(")");
        assertThat(workspace.statusProperty(WizardStep.ACCESS).get()).isEqualTo(StepStatus.APPLIED);
    }

    @Test
    void teardown_keepsTheSavedKeyUnlessAsked_thenDeletesItWhenAsked() {
        vm.vpnOnProperty().set(false);
        workspace.apply();
        java.util.List<java.nio.file.Path> keys = workspace.savedKeyFiles();
        assertThat(keys).hasSize(1);
        assertThat(keys.get(0)).exists();

        workspace.teardown();
        assertThat(workspace.outcomeProperty().get().succeeded()).isTrue();
        assertThat(keys.get(0)).as("kept by default").exists();

        workspace.apply();
        workspace.teardown(true);
        assertThat(workspace.outcomeProperty().get().succeeded()).isTrue();
        assertThat(keys.get(0)).as("deleted when asked").doesNotExist();
    }
}
