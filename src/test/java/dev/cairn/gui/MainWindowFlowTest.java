package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.MyIpResolver;
import dev.cairn.gui.AppEvent.RunKind;
import dev.cairn.gui.topology.DiagramView;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.kinds.Ec2Kinds;
import dev.cairn.topology.Diagram;
import dev.cairn.topology.NodeStatus;
import java.util.Locale;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;

/** The flows a person walks through the main window, with a robot (headless Monocle). */
class MainWindowFlowTest extends FxWindowTest {

    private void replaceText(String query, String text) {
        TextField field = robot.lookup(query).queryAs(TextField.class);
        robot.clickOn(field);
        robot.interact(field::selectAll);
        robot.write(text);
    }

    @Test
    void invalidCidr_showsMessageAtTheFieldAndDisablesApply() {
        robot.clickOn("#step-network");
        assertThat(robot.lookup("#networkApply").queryButton().isDisabled()).isFalse();

        replaceText("#vpcCidr", "10.0.0.0/33");

        Label error = robot.lookup("#vpcCidrError").queryAs(Label.class);
        assertThat(error.isVisible()).isTrue();
        assertThat(error.getText()).contains("10.0.0.0/33").contains("not an IPv4 CIDR block");
        assertThat(robot.lookup("#networkApply").queryButton().isDisabled()).isTrue();
        assertThat(robot.lookup("#errorSummary").queryAs(Node.class).isVisible()).isTrue();
        assertThat(robot.lookup("#next").queryButton().isDisabled()).as("the wizard cannot advance").isTrue();

        replaceText("#vpcCidr", "10.2.0.0/16");
        assertThat(error.isVisible()).isFalse();
        assertThat(robot.lookup("#networkApply").queryButton().isDisabled()).isFalse();
    }

    @Test
    void accountPage_paceChosen_restartsTheSandboxAtItAndSaysWhatItMeans() throws Exception {
        SandboxPaceViewModel pace = app.model.workspace().account().pace();
        Label hint = robot.lookup("#paceHint").queryAs(Label.class);
        assertThat(hint.getText()).contains("at once");

        robot.clickOn("#sandboxPace");
        robot.clickOn("AWS\u2019s pace, 4\u00d7 faster");
        app.waitUntil(() -> pace.appliedProperty().get() == SandboxPace.QUARTER && !pace.changingProperty().get());

        assertThat(hint.getText()).contains("a quarter", "25 s");
        assertThat(app.targets.sandboxConfig().timeScale()).isEqualTo(0.25);
        assertThat(Settings.load(home).pace()).isEqualTo(SandboxPace.QUARTER);
        AccountViewModel account = app.model.workspace().account();
        app.waitUntil(() -> !account.checkingProperty().get() && account.checkedProperty().get() != null);
        assertThat(account.problemProperty().get()).as("the restarted Sandbox answers").isNull();
    }

    @Test
    void accountCheck_whenItReadsTheZones_keepsTheZonesChosenOnTheNetworkPage() throws Exception {
        robot.clickOn("#step-network");
        NetworkStepViewModel network = app.model.workspace().network();
        String a = network.zoneAProperty().get();
        String b = network.zoneBProperty().get();
        // The check's zone list replaces the combo boxes' items, which used to clear their values.
        robot.interact(() -> network.setAvailableZones(java.util.List.of(b, a, "zz-test-9z")));
        assertThat(robot.lookup("#zoneA").<String>queryComboBox().getValue()).isEqualTo(a);
        assertThat(robot.lookup("#zoneB").<String>queryComboBox().getValue()).isEqualTo(b);
        assertThat(robot.lookup("#networkApply").queryButton().isDisabled()).isFalse();
    }

    @Test
    void applyInSandbox_makesEveryRowAndEveryDiagramNodeReady() throws Exception {
        robot.clickOn("#step-network");
        robot.clickOn("#networkApply");
        app.waitUntil(() -> app.model.workspace().outcomeProperty().get() != null);

        WorkspaceViewModel vm = app.model.workspace();
        assertThat(vm.outcomeProperty().get().succeeded()).as(String.valueOf(vm.outcomeProperty().get())).isTrue();
        assertThat(vm.activity().rows()).hasSizeGreaterThan(10)
                .allSatisfy(r -> assertThat(r.statusProperty().get()).isEqualTo(ItemStatus.READY));
        assertThat(vm.topology().inputProperty().get().live().values()).isNotEmpty()
                .allSatisfy(s -> assertThat(s).isEqualTo(ItemStatus.READY));
        app.waitForTopology();
        Diagram d = vm.topology().diagramProperty().get();
        assertThat(d.nodes()).isNotEmpty().allSatisfy(n -> assertThat(n.status()).isEqualTo(NodeStatus.READY));
        DiagramView drawn = robot.lookup("#diagram").queryAs(DiagramView.class);
        assertThat(drawn.diagram()).get().extracting(Diagram::nodes).asList().isNotEmpty()
                .allSatisfy(n -> assertThat(((Diagram.Node) n).status()).isEqualTo(NodeStatus.READY));
        FxHarness.waitForReport();
        assertThat(robot.lookup("#reportText").queryAs(Label.class).getText()).startsWith("Took");
        assertThat(robot.lookup("#step-network").queryButton().getText()).isNull();
        assertThat(vm.statusProperty(WizardStep.NETWORK).get()).isEqualTo(StepStatus.APPLIED);
    }

    @Test
    void teardownWithTypedName_emptiesStateAndDiagramAndReportsNothingLeft() throws Exception {
        WorkspaceViewModel vm = app.model.workspace();
        robot.interact(vm::apply);
        app.waitUntil(() -> vm.outcomeProperty().get() != null && vm.runningProperty().get() == null);
        FxHarness.closeReport();
        app.waitForTopology();
        int applied = vm.topology().diagramProperty().get().nodes().size();

        robot.clickOn("#step-review");
        robot.clickOn("#teardown");
        Button ok = robot.lookup("#teardownOk").queryButton();
        assertThat(ok.isDisabled()).isTrue();
        robot.clickOn("#teardownName").write("my-net");
        assertThat(ok.isDisabled()).as("a partial name does not confirm").isTrue();
        robot.push(KeyCode.ESCAPE);
        assertThat(robot.lookup("#teardownOk").tryQuery()).as("Escape closes the dialog").isEmpty();
        assertThat(vm.runningProperty().get()).isNull();
        assertThat(vm.stateProperty().get().resources()).isNotEmpty();

        robot.clickOn("#teardown");
        robot.clickOn("#teardownName").write("my-network");
        assertThat(robot.lookup("#teardownOk").queryButton().isDisabled()).isFalse();
        robot.clickOn("#teardownOk");
        app.waitUntil(() -> vm.outcomeProperty().get() != null && vm.outcomeProperty().get().kind() == RunKind.TEARDOWN);

        assertThat(vm.outcomeProperty().get().result().remaining()).isEmpty();
        assertThat(vm.stateProperty().get().isEmpty()).isTrue();
        // The picture goes back to the plan, not to an empty canvas beside a valid plan.
        app.waitForTopology();
        DiagramView drawn = robot.lookup("#diagram").queryAs(DiagramView.class);
        assertThat(drawn.diagram()).get().extracting(Diagram::nodes).asList().hasSize(applied)
                .allSatisfy(n -> assertThat(((Diagram.Node) n).status()).isEqualTo(NodeStatus.PLANNED));
        assertThat(drawn.isVisible()).isTrue();
        FxHarness.waitForReport();
        assertThat(robot.lookup(".dialog-pane .header-panel .label").queryAs(Label.class).getText())
                .startsWith("Everything is gone");
    }

    @Test
    void accessPage_invalidMyIpThenApplyAndTeardown_buildsEverythingAndLeavesNothing() throws Exception {
        WorkspaceViewModel vm = app.model.workspace();
        robot.clickOn("#step-access");
        robot.clickOn("#accessInclude");
        app.waitUntil(() -> MyIpResolver.SANDBOX_ADDRESS.equals(vm.access().myIpProperty().get()));
        assertThat(robot.lookup("#accessApply").queryButton().isDisabled()).isFalse();

        replaceText("#myIp", "203.0.113");

        Label error = robot.lookup("#myIpError").queryAs(Label.class);
        assertThat(error.isVisible()).as("typed %s", vm.access().myIpProperty().get()).isTrue();
        assertThat(error.getText()).contains("203.0.113").contains("IPv4 address");
        assertThat(robot.lookup("#accessApply").queryButton().isDisabled()).isTrue();
        assertThat(robot.lookup("#next").queryButton().isDisabled()).as("the wizard cannot advance").isTrue();

        replaceText("#myIp", "203.0.113.10");
        assertThat(error.isVisible()).isFalse();
        assertThat(robot.lookup("#accessApply").queryButton().isDisabled()).isFalse();

        robot.clickOn("#accessApply");
        app.waitUntil(() -> vm.outcomeProperty().get() != null && vm.runningProperty().get() == null);
        FxHarness.closeReport();

        assertThat(vm.outcomeProperty().get().succeeded()).as(String.valueOf(vm.outcomeProperty().get())).isTrue();
        assertThat(vm.activity().rows()).hasSizeGreaterThan(20)
                .allSatisfy(r -> assertThat(r.statusProperty().get()).isEqualTo(ItemStatus.READY));
        app.waitForTopology();
        Diagram d = vm.topology().diagramProperty().get();
        assertThat(d.nodes()).filteredOn(n -> n.kind() == Ec2Kinds.INSTANCE).hasSize(3)
                .allSatisfy(n -> assertThat(n.status()).isEqualTo(NodeStatus.READY));
        DiagramView drawn = robot.lookup("#diagram").queryAs(DiagramView.class);
        assertThat(drawn.diagram()).get().extracting(Diagram::nodes).asList()
                .allSatisfy(n -> assertThat(((Diagram.Node) n).status()).isEqualTo(NodeStatus.READY));
        assertThat(robot.lookup("#howToUse").queryAs(Node.class).isVisible()).isTrue();
        assertThat(robot.lookup(".command-line").queryAllAs(TextField.class))
                .anySatisfy(t -> assertThat(t.getText()).contains("ssh -i").contains(" -J ec2-user@"));
        assertThat(vm.statusProperty(WizardStep.ACCESS).get()).isEqualTo(StepStatus.APPLIED);

        robot.clickOn("#step-review");
        robot.clickOn("#teardown");
        robot.clickOn("#teardownName").write("my-network");
        robot.clickOn("#teardownOk");
        app.waitUntil(() -> vm.outcomeProperty().get() != null && vm.outcomeProperty().get().kind() == RunKind.TEARDOWN);

        assertThat(vm.outcomeProperty().get().result().remaining()).isEmpty();
        assertThat(vm.stateProperty().get().isEmpty()).isTrue();
        assertThat(vm.access().howToUse()).isEmpty();
        // Its report opens a few pulses after the end: closed here, not over the next test's window.
        FxHarness.closeReport();
    }
}
