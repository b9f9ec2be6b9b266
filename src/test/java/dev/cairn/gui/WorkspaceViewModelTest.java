package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.engine.LocalStackStore;
import dev.cairn.gui.AppEvent.RunKind;
import dev.cairn.model.Blueprint;
import dev.cairn.model.ItemStatus;
import dev.cairn.plan.Action;
import dev.cairn.step.BlueprintYaml;
import dev.cairn.step.access.AccessSection;
import dev.cairn.step.network.NatMode;
import dev.cairn.step.network.NetworkSection;
import dev.cairn.topology.NodeStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceViewModelTest {

    @TempDir
    Path home;

    private TargetHolder targets;
    private AppModel model;
    private WorkspaceViewModel vm;

    @BeforeEach
    void open() {
        targets = GuiFixtures.sandbox(home);
        model = GuiFixtures.model(home, new CurrentThreadTaskExecutor(), targets);
        vm = model.workspace();
        vm.openInitial(null);
    }

    @AfterEach
    void close() {
        targets.close();
    }

    @Test
    void openInitial_whenNoStacks_createsAndSavesTheFirstOne() {
        assertThat(vm.stackProperty().get()).isEqualTo(WorkspaceViewModel.FIRST_STACK);
        assertThat(home.resolve("stacks/my-network/blueprint.yaml")).exists();
        assertThat(vm.stacks()).extracting(StackCatalog.StackSummary::name).containsExactly("my-network");
        assertThat(model.settings().lastStack()).isEqualTo("my-network");
    }

    @Test
    void review_whenNothingBuilt_plansEveryResourceAsCreate() {
        assertThat(vm.review().lines()).isNotEmpty().allSatisfy(a -> assertThat(a.action()).isEqualTo(Action.CREATE));
        assertThat(vm.review().costProperty().get().monthly()).isPositive();
        assertThat(vm.statusProperty(WizardStep.NETWORK).get()).isEqualTo(StepStatus.VALID);
    }

    @Test
    void flowGoingToAPage_focusesTheTopologyOnThatPagesResources() {
        assertThat(vm.topology().focusProperty().get()).as("Account: every resource").isEmpty();
        vm.flow().go(WizardStep.NETWORK);
        assertThat(vm.topology().focusProperty().get()).containsExactly("network");
        vm.flow().go(WizardStep.ACCESS);
        assertThat(vm.topology().focusProperty().get()).containsExactlyInAnyOrder("access", "peer");
        vm.flow().go(WizardStep.REVIEW);
        assertThat(vm.topology().focusProperty().get()).isEmpty();
    }

    @Test
    void invalidNetwork_disablesApplyAndClearsThePlan() {
        vm.network().vpcCidrProperty().set("10.0.0.0/33");
        assertThat(vm.canApplyBinding().get()).isFalse();
        assertThat(vm.review().lines()).isEmpty();
        assertThat(vm.statusProperty(WizardStep.NETWORK).get()).isEqualTo(StepStatus.INVALID);
        assertThat(vm.flow().canEnter(WizardStep.REVIEW)).isFalse();
    }

    @Test
    void validChange_isSavedAsYaml() throws Exception {
        vm.network().vpcCidrProperty().set("10.42.0.0/16");
        assertThat(Files.readString(home.resolve("stacks/my-network/blueprint.yaml"))).contains("10.42.0.0/16");
    }

    @Test
    void openStack_writesNothingBack_andTheNextEditIsSaved() throws Exception {
        // A blueprint as a person writes it: no comments, their own order and spacing.
        Path file = home.resolve("stacks/my-network/blueprint.yaml");
        String own = BlueprintYaml.write(vm.blueprint());
        assertThat(own).isNotEqualTo(Files.readString(file));
        Files.writeString(file, own);

        vm.openStack("my-network");

        assertThat(Files.readString(file)).as("opened as read").isEqualTo(own);
        assertThat(vm.review().lines()).as("and planned").isNotEmpty();
        vm.network().vpcCidrProperty().set("10.42.0.0/16");
        assertThat(Files.readString(file)).contains("10.42.0.0/16");
    }

    @Test
    void reopeningTheLastStack_leavesTheSettingsFileAlone_openingAnotherRemembersIt() throws Exception {
        Path file = home.resolve(Settings.FILE);
        String own = "{\"lastStack\":\"my-network\",\"note\":\"written by hand\"}";
        Files.writeString(file, own);

        vm.openStack("my-network");
        assertThat(Files.readString(file)).as("nothing changed, nothing written").isEqualTo(own);

        vm.createStack("shop");
        assertThat(Settings.load(home).lastStack()).isEqualTo("shop");
    }

    @Test
    void createStack_whenNameBreaksTheRules_isRefusedWithReason() {
        assertThat(vm.checkNewName("Bad Name")).contains(Problem.of("stacks.error.name", "Bad Name"));
        assertThat(vm.checkNewName("aws-shop")).isPresent();
        assertThat(vm.checkNewName("my-network")).contains(Problem.of("stacks.error.exists", "my-network"));
        assertThat(vm.checkNewName("shop")).isEmpty();
        vm.createStack("shop");
        assertThat(vm.stackProperty().get()).isEqualTo("shop");
        assertThat(vm.stacks()).hasSize(2);
    }

    @Test
    void renameStack_whenEmpty_movesItAndRenamesBlueprint() {
        vm.renameStack("renamed");
        assertThat(vm.stackProperty().get()).isEqualTo("renamed");
        assertThat(home.resolve("stacks/my-network")).doesNotExist();
        assertThat(vm.network().currentBlueprint().name()).isEqualTo("renamed");
    }

    @Test
    void applyThenTeardown_inSandbox_buildsEverythingThenLeavesNothing() {
        vm.apply();
        WorkspaceViewModel.RunOutcome applied = vm.outcomeProperty().get();
        assertThat(applied.kind()).isEqualTo(RunKind.APPLY);
        assertThat(applied.succeeded()).as(String.valueOf(applied)).isTrue();
        assertThat(vm.activity().rows()).isNotEmpty()
                .allSatisfy(r -> assertThat(r.statusProperty().get()).isEqualTo(ItemStatus.READY));
        assertThat(vm.topology().diagramProperty().get().nodes())
                .allSatisfy(n -> assertThat(n.status()).isEqualTo(NodeStatus.READY));
        assertThat(vm.statusProperty(WizardStep.NETWORK).get()).isEqualTo(StepStatus.APPLIED);
        assertThat(vm.stacks().get(0).resources()).isEqualTo(vm.stateProperty().get().resources().size()).isPositive();

        assertThat(vm.checkRename("other")).isPresent().get().extracting(Problem::key).isEqualTo("stacks.error.notEmpty");

        vm.teardown();
        WorkspaceViewModel.RunOutcome torn = vm.outcomeProperty().get();
        assertThat(torn.kind()).isEqualTo(RunKind.TEARDOWN);
        assertThat(torn.succeeded()).as(String.valueOf(torn)).isTrue();
        assertThat(torn.result().remaining()).isEmpty();
        assertThat(vm.stateProperty().get().resources()).isEmpty();
        assertThat(vm.topology().diagramProperty().get().nodes()).as("the stack the next Apply builds")
                .isNotEmpty().allSatisfy(n -> assertThat(n.status()).isEqualTo(NodeStatus.PLANNED));
        assertThat(vm.activity().rows()).allSatisfy(r -> assertThat(r.statusProperty().get()).isEqualTo(ItemStatus.DELETED));
    }

    @Test
    void openStack_whenStateHasPendingCreate_offersResumeAndResumeFinishesTheApply() throws Exception {
        var spec = dev.cairn.step.network.NetworkResources.specs(vm.network().currentBlueprint()).get(0);
        try (var store = dev.cairn.engine.LocalStackStore.open(home.resolve("stacks/my-network"), "my-network",
                java.time.Clock.systemUTC())) {
            store.append(dev.cairn.engine.JournalEntry.intent(dev.cairn.engine.JournalEntry.CREATE, spec, "token-1", null));
        }
        vm.openStack("my-network");
        assertThat(vm.resumeOfferProperty().get()).isEqualTo(RunKind.APPLY);
        assertThat(vm.stacks().get(0).interrupted()).isTrue();

        vm.resume();
        assertThat(vm.outcomeProperty().get().succeeded()).isTrue();
        assertThat(vm.resumeOfferProperty().get()).isNull();
        assertThat(vm.stateProperty().get().pending()).isEmpty();
    }

    @Test
    void openStack_whenStateHasPendingDelete_offersToFinishTheTeardown() throws Exception {
        vm.apply();
        var record = vm.stateProperty().get().resources().values().iterator().next();
        try (var store = dev.cairn.engine.LocalStackStore.open(home.resolve("stacks/my-network"), "my-network",
                java.time.Clock.systemUTC())) {
            store.append(dev.cairn.engine.JournalEntry.intent(dev.cairn.engine.JournalEntry.DELETE, record.spec(), null,
                    record.physicalId()));
        }
        vm.openStack("my-network");
        assertThat(vm.resumeOfferProperty().get()).isEqualTo(RunKind.TEARDOWN);
        vm.resume();
        assertThat(vm.outcomeProperty().get().succeeded()).isTrue();
        assertThat(vm.stateProperty().get().isEmpty()).isTrue();
    }

    @Test
    void includeAccess_whenMyIpIsEmpty_detectsItWithoutItsPage() {
        assertThat(vm.access().myIpProperty().get()).isEmpty();

        vm.access().includedProperty().set(true);

        assertThat(vm.access().myIpProperty().get()).isEqualTo(dev.cairn.app.MyIpResolver.SANDBOX_ADDRESS);
    }

    /** The open stack with its Access step in, My IP detected: a valid whole with both sections. */
    private Blueprint withAccess() {
        vm.access().includedProperty().set(true);
        vm.detectMyIp();
        assertThat(vm.access().validProperty().get()).isTrue();
        return vm.blueprint();
    }

    private Blueprint saved(String stack) {
        return BlueprintYaml.read(home.resolve("stacks/" + stack + "/blueprint.yaml")).blueprint();
    }

    @Test
    void blueprint_isOneValueThatEveryPageEditsItsOwnSectionOf() {
        Blueprint before = withAccess();
        assertThat(before.section(AccessSection.KEY)).isNotNull();

        vm.network().vpcCidrProperty().set("10.42.0.0/16");
        vm.access().bastionTypeProperty().set("t3.small");

        Blueprint after = vm.blueprint();
        assertThat(after.section(NetworkSection.KEY).vpcCidr()).isEqualTo("10.42.0.0/16");
        assertThat(after.section(AccessSection.KEY).bastion().instanceType()).isEqualTo("t3.small");
        assertThat(after.section(AccessSection.KEY).myIp()).isEqualTo(before.section(AccessSection.KEY).myIp());
        assertThat(saved("my-network")).isEqualTo(after);
        assertThat(vm.access().sectionProperty().get()).isEqualTo(after.section(AccessSection.KEY));
    }

    @Test
    void networkEdit_neverDropsTheAccessSection_evenWhileTheAccessPageIsInvalid() {
        AccessSection access = withAccess().section(AccessSection.KEY);
        vm.access().myIpProperty().set("not an address");

        vm.network().natProperty().set(NatMode.NONE);
        vm.network().vpcCidrProperty().set("10.7.0.0/16");

        assertThat(vm.blueprint().section(AccessSection.KEY)).isEqualTo(access);
        assertThat(saved("my-network").section(AccessSection.KEY)).isEqualTo(access);
        assertThat(saved("my-network").section(NetworkSection.KEY).vpcCidr()).isEqualTo("10.7.0.0/16");
        assertThat(vm.canApplyBinding().get()).isFalse();
    }

    @Test
    void renameStack_keepsEverySection() {
        Blueprint before = withAccess();
        vm.renameStack("renamed");

        assertThat(vm.blueprint().name()).isEqualTo("renamed");
        assertThat(vm.blueprint().sections()).isEqualTo(before.sections());
        assertThat(saved("renamed").sections()).isEqualTo(before.sections());
        assertThat(vm.access().includedProperty().get()).isTrue();
    }

    @Test
    void openStack_whileAPageHoldsAnotherStacksForm_loadsTheOpenedStackUntouched() {
        vm.network().vpcCidrProperty().set("10.42.0.0/16");
        vm.createStack("shop");
        vm.openStack("my-network");
        vm.network().zoneBProperty().set(vm.network().zoneAProperty().get());
        assertThat(vm.network().validProperty().get()).isFalse();

        vm.openStack("shop");

        assertThat(vm.blueprint()).isEqualTo(saved("shop"));
        assertThat(vm.blueprint().section(NetworkSection.KEY).vpcCidr()).isNotEqualTo("10.42.0.0/16");
        assertThat(vm.network().validProperty().get()).isTrue();
        assertThat(saved("my-network").section(NetworkSection.KEY).vpcCidr()).isEqualTo("10.42.0.0/16");
    }

    @Test
    void statuses_afterANetworkOnlyApply_followEachPagesOwnResources() {
        vm.apply();
        assertThat(vm.outcomeProperty().get().succeeded()).isTrue();
        assertThat(vm.statusProperty(WizardStep.ACCESS).get()).isEqualTo(StepStatus.NOT_STARTED);

        withAccess();

        assertThat(vm.statusProperty(WizardStep.NETWORK).get()).isEqualTo(StepStatus.APPLIED);
        assertThat(vm.statusProperty(WizardStep.ACCESS).get()).isEqualTo(StepStatus.VALID);
        assertThat(vm.access().planned()).isNotEmpty().allSatisfy(a -> assertThat(a.action()).isEqualTo(Action.CREATE));
        assertThat(vm.network().planned()).isNotEmpty().allSatisfy(a -> assertThat(a.action()).isEqualTo(Action.KEEP));
        assertThat(vm.statusProperty(WizardStep.REVIEW).get()).isEqualTo(StepStatus.VALID);
    }
}
