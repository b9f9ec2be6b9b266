package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.gui.GeneratedFilesPane.GeneratedFile;
import dev.cairn.model.FieldError;
import dev.cairn.step.pipeline.Capacity;
import dev.cairn.step.pipeline.PipelineFiles;
import dev.cairn.step.pipeline.PipelineSection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Pipeline page's model: the form writes the pipeline section, each rule shows at its field in
 * both languages, the generated files are shown while the blueprint is valid (and gone while it is
 * not), the roles are explained from the step's own resources, and the cost is priced.
 */
class PipelineStepViewModelTest {

    @TempDir
    Path home;

    private TargetHolder targets;
    private WorkspaceViewModel workspace;
    private PipelineStepViewModel vm;

    @BeforeEach
    void open() {
        targets = GuiFixtures.sandbox(home);
        workspace = GuiFixtures.model(home, new CurrentThreadTaskExecutor(), targets).workspace();
        workspace.openInitial(null);
        vm = workspace.pipeline();
    }

    @AfterEach
    void close() {
        targets.close();
    }

    private PipelineSection section() {
        return workspace.blueprintProperty().get().section(PipelineSection.KEY);
    }

    private static String rule(FieldError e) {
        return e == null ? null : e.rule();
    }

    private String file(String name) {
        return vm.files().stream().filter(f -> f.name().equals(name)).map(GeneratedFile::text).findFirst()
                .orElseThrow(() -> new AssertionError("no file " + name + " in " + vm.files()));
    }

    @Test
    void include_writesTheGuidesSectionAndShowsTheFilesRolesAndCost() {
        assertThat(section()).isNull();
        assertThat(vm.files()).as("nothing to show while the step is left out").isEmpty();

        vm.includedProperty().set(true);

        assertThat(vm.errors()).isEmpty();
        PipelineSection s = section();
        assertThat(s.source().repository()).isEqualTo(PipelineStepViewModel.EXAMPLE_REPOSITORY);
        assertThat(s.source().branch()).isEqualTo("main");
        assertThat(s.service().capacity()).isEqualTo(Capacity.EC2);
        assertThat(s.artifactBucket()).isEqualTo(PipelineSection.BUCKET_AUTO);
        assertThat(vm.files()).extracting(GeneratedFile::name).containsExactly(PipelineFiles.BUILDSPEC,
                PipelineFiles.APPSPEC, PipelineFiles.TASKDEF, PipelineFiles.DOCKERFILE, PipelineFiles.INDEX);
        String stack = workspace.blueprintProperty().get().name();
        assertThat(file(PipelineFiles.TASKDEF)).contains("\"family\": \"" + stack + "-frontend\"")
                .contains(":role/cairn/" + stack + "/" + stack + "-task-execution").doesNotContain("\"tags\"");
        assertThat(file(PipelineFiles.INDEX)).contains("<h1>Version 1</h1>");
        assertThat(vm.roles()).extracting(PipelineStepViewModel.RoleLine::name)
                .contains(stack + "-codebuild", stack + "-codepipeline", stack + "-codedeploy", stack + "-task-execution");
        PipelineStepViewModel.RoleLine build = vm.roles().stream().filter(r -> r.name().endsWith("-codebuild"))
                .findFirst().orElseThrow();
        assertThat(build.trustedBy()).isEqualTo("codebuild.amazonaws.com");
        assertThat(build.may()).anyMatch(x -> x.startsWith("ecr: ") && x.contains("GetAuthorizationToken")
                && x.contains("PutImage"));
        PipelineStepViewModel.RoleLine deploy = vm.roles().stream().filter(r -> r.name().endsWith("-codedeploy"))
                .findFirst().orElseThrow();
        assertThat(deploy.may()).contains("managed:AWSCodeDeployRoleForECS");
        assertThat(vm.costs()).isNotEmpty();
    }

    @Test
    void files_whenAccountChecked_carryTheAccountElseAPlaceholder() {
        vm.includedProperty().set(true);
        vm.accountProperty().set(null);
        assertThat(file(PipelineFiles.TASKDEF)).contains("arn:aws:iam::" + PipelineStepViewModel.ACCOUNT_WORD + ":role/");

        vm.accountProperty().set("123456789012");

        assertThat(file(PipelineFiles.TASKDEF)).contains("arn:aws:iam::123456789012:role/");
    }

    @Test
    void repository_whenNotOwnerSlashName_showsTheRuleAtItInBothLanguagesAndHidesTheFiles() {
        vm.includedProperty().set(true);
        PipelineSection before = section();

        vm.repositoryProperty().set("frontend");

        FieldError e = vm.errorAt(PipelineStepViewModel.REPOSITORY).get();
        assertThat(rule(e)).isEqualTo("pipeline.repository");
        assertThat(new Messages(Locale.ENGLISH).error(e)).contains("frontend");
        assertThat(new Messages(Locale.KOREAN).error(e)).contains("frontend");
        assertThat(vm.validProperty().get()).isFalse();
        assertThat(section()).as("the blueprint keeps the last valid section").isEqualTo(before);
        assertThat(vm.files()).as("no stale files while the form is invalid").isEmpty();

        vm.repositoryProperty().set("octo/frontend");
        assertThat(vm.validProperty().get()).isTrue();
        assertThat(section().source().repository()).isEqualTo("octo/frontend");
        assertThat(vm.files()).isNotEmpty();
    }

    @Test
    void ports_whenTheSame_showTheRuleAtTheTestPort() {
        vm.includedProperty().set(true);
        vm.testPortProperty().set(80);
        assertThat(rule(vm.errorAt(PipelineStepViewModel.TEST_PORT).get())).isEqualTo("pipeline.samePorts");
        vm.testPortProperty().set(8080);
        assertThat(vm.errorAt(PipelineStepViewModel.TEST_PORT).get()).isNull();
    }

    @Test
    void https_withoutAWebTierCertificate_showsTheRuleAndMovesThePorts() {
        vm.includedProperty().set(true);
        vm.httpsProperty().set(true);
        assertThat(vm.productionPortProperty().get()).isEqualTo(443);
        assertThat(vm.testPortProperty().get()).isEqualTo(8443);
        assertThat(rule(vm.errorAt(PipelineStepViewModel.HTTPS).get())).isEqualTo("pipeline.httpsNoCertificate");
        vm.httpsProperty().set(false);
        assertThat(vm.productionPortProperty().get()).isEqualTo(80);
        assertThat(vm.errorAt(PipelineStepViewModel.HTTPS).get()).isNull();
    }

    @Test
    void fargate_writesNoInstancesAndTheTaskDefinitionSaysFargate() {
        vm.includedProperty().set(true);
        vm.capacityProperty().set(Capacity.FARGATE);
        assertThat(section().service().capacity()).isEqualTo(Capacity.FARGATE);
        assertThat(section().service().instances()).isNull();
        assertThat(file(PipelineFiles.TASKDEF)).contains("\"FARGATE\"");
    }

    @Test
    void reopen_fillsTheFormFromTheSection() {
        vm.includedProperty().set(true);
        vm.repositoryProperty().set("octo/shop");
        vm.terminationWaitProperty().set(15);
        workspace.openStack(workspace.stackProperty().get());
        assertThat(vm.includedProperty().get()).isTrue();
        assertThat(vm.repositoryProperty().get()).isEqualTo("octo/shop");
        assertThat(vm.terminationWaitProperty().get()).isEqualTo(15);
    }

    @Test
    void save_writesTheFileAndSaysWhere() throws Exception {
        vm.includedProperty().set(true);
        Path out = home.resolve("buildspec.yml");
        vm.save(vm.files().get(0), out);
        assertThat(Files.readString(out)).isEqualTo(file(PipelineFiles.BUILDSPEC));
        assertThat(vm.savedProperty().get()).isEqualTo(Problem.of("pipeline.files.saved", out.toString()));

        vm.save(vm.files().get(0), home.resolve("no-such-dir").resolve("x.yml"));
        assertThat(vm.savedProperty().get().key()).isEqualTo("pipeline.files.saveFailed");
    }
}
