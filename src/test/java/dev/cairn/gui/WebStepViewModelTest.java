package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.model.FieldError;
import dev.cairn.step.web.UserData;
import dev.cairn.step.web.WebSection;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Web tier page's model: the form writes the web section, each rule shows at its field, the cost range follows. */
class WebStepViewModelTest {

    @TempDir
    Path home;

    private TargetHolder targets;
    private WorkspaceViewModel workspace;
    private WebStepViewModel vm;

    @BeforeEach
    void open() {
        targets = GuiFixtures.sandbox(home);
        workspace = GuiFixtures.model(home, new CurrentThreadTaskExecutor(), targets).workspace();
        workspace.openInitial(null);
        vm = workspace.web();
    }

    @AfterEach
    void close() {
        targets.close();
    }

    private WebSection section() {
        return workspace.blueprintProperty().get().section(WebSection.KEY);
    }

    @Test
    void include_writesTheGuideDefaultsIntoTheBlueprintAndPricesBothEnds() {
        assertThat(section()).isNull();

        vm.includedProperty().set(true);

        assertThat(vm.errors()).isEmpty();
        WebSection web = section();
        assertThat(web.image()).isEqualTo("latest");
        assertThat(web.loadBalancer()).isEqualTo(new WebSection.LoadBalancer("/", 30));
        assertThat(web.autoScaling()).isEqualTo(new WebSection.AutoScaling(1, 1, 3, 10, 70, 10));
        assertThat(web.https()).isNull();
        assertThat(vm.costRangeProperty().get()).isNotNull();
        assertThat(vm.costRangeProperty().get().hourlyAtMax()).isGreaterThan(vm.costRangeProperty().get().hourlyAtDesired());
        assertThat(workspace.statusProperty(WizardStep.WEB).get()).isEqualTo(StepStatus.VALID);
    }

    @Test
    void desiredAboveMax_showsAtDesiredAndMaxAndKeepsTheLastValidSection() {
        vm.includedProperty().set(true);
        vm.desiredProperty().set(5);

        assertThat(vm.errorAt(WebStepViewModel.DESIRED).get()).extracting(FieldError::rule).isEqualTo("web.sizeOrder");
        assertThat(vm.errorAt(WebStepViewModel.MAX).get()).extracting(FieldError::rule).isEqualTo("web.sizeOrder");
        assertThat(vm.validProperty().get()).isFalse();
        assertThat(workspace.canApplyBinding().get()).isFalse();
        assertThat(section().autoScaling().desired()).as("the blueprint keeps the last valid section").isEqualTo(1);

        vm.maxProperty().set(5);
        assertThat(vm.errors()).isEmpty();
        assertThat(section().autoScaling().desired()).isEqualTo(5);
    }

    @Test
    void healthCheckPathWithoutSlash_errorAtThePath() {
        vm.includedProperty().set(true);
        vm.healthCheckPathProperty().set("health");

        assertThat(vm.errorAt(WebStepViewModel.HEALTH_CHECK_PATH).get()).extracting(FieldError::rule)
                .isEqualTo("web.healthCheckPath");
    }

    @Test
    void https_needsADomainAndWritesTheSubdomainDefault() {
        vm.includedProperty().set(true);
        vm.httpsOnProperty().set(true);
        assertThat(vm.errorAt(WebStepViewModel.DOMAIN).get()).extracting(FieldError::rule).isEqualTo("field.required");

        vm.domainProperty().set("example");
        assertThat(vm.errorAt(WebStepViewModel.DOMAIN).get()).extracting(FieldError::rule).isEqualTo("web.domain");

        vm.domainProperty().set("example.com");
        assertThat(vm.errors()).isEmpty();
        assertThat(section().https()).isEqualTo(new WebSection.Https("example.com", "autoscaling"));
    }

    @Test
    void amiChoice_validatesTheIdAtTheImageField() {
        vm.includedProperty().set(true);
        vm.imageChoiceProperty().set(WebStepViewModel.ImageChoice.AMI);
        vm.amiIdProperty().set("ami-12");
        assertThat(vm.errorAt(WebStepViewModel.IMAGE).get()).extracting(FieldError::rule).isEqualTo("web.image");

        vm.amiIdProperty().set("ami-0123456789abcdef0");
        assertThat(vm.errors()).isEmpty();
        assertThat(section().image()).isEqualTo("ami-0123456789abcdef0");
    }

    @Test
    void userData_showsCairnsScriptUntilTheUserWritesTheirOwn() {
        vm.includedProperty().set(true);
        assertThat(vm.userDataProperty().get()).isEqualTo(UserData.defaultScript());
        assertThat(section().app()).isNull();

        vm.customAppProperty().set(true);
        assertThat(vm.appProperty().get()).as("starts from Cairn's script").isEqualTo(UserData.defaultScript());
        vm.appProperty().set("#!/bin/bash\necho mine\n");

        assertThat(vm.userDataProperty().get()).isEqualTo("#!/bin/bash\necho mine\n");
        assertThat(section().app()).isEqualTo("#!/bin/bash\necho mine\n");
    }

    @Test
    void leftOut_removesTheSection() {
        vm.includedProperty().set(true);
        assertThat(section()).isNotNull();
        vm.includedProperty().set(false);
        assertThat(section()).isNull();
        assertThat(vm.validProperty().get()).isTrue();
    }
}
