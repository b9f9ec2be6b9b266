package dev.cairn.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of ARCHITECTURE.md, kept as tests (after JabRef's CommonArchitectureTest):
 * one direction of data flow, no GUI in logic, only the CLI prints.
 */
class ArchitectureTest {

    private static final String BASE = "dev.cairn.";
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.cairn");
    }

    private static String pkg(String name) {
        return BASE + name + "..";
    }

    @Test
    void model_dependsOnNothingOfOurs() {
        noClasses().that().resideInAPackage(pkg("model"))
                .should().dependOnClassesThat().resideInAnyPackage(
                        pkg("step"), pkg("plan"), pkg("engine"), pkg("aws"), pkg("sandbox"), pkg("topology"), pkg("cli"),
                        pkg("gui"), "javafx..", "software.amazon..", "org.controlsfx..")
                .check(classes);
    }

    @Test
    void step_dependsOnlyOnModel() {
        noClasses().that().resideInAPackage(pkg("step"))
                .should().dependOnClassesThat().resideInAnyPackage(
                        pkg("plan"), pkg("engine"), pkg("aws"), pkg("sandbox"), pkg("topology"), pkg("app"), pkg("cli"),
                        pkg("gui"), "javafx..", "software.amazon..", "org.controlsfx..")
                .because("a step module is its section, YAML, rules and resources: model, Jackson and the JDK")
                .check(classes);
    }

    @Test
    void plan_dependsOnlyOnModel() {
        noClasses().that().resideInAPackage(pkg("plan"))
                .should().dependOnClassesThat().resideInAnyPackage(
                        pkg("engine"), pkg("aws"), pkg("sandbox"), pkg("topology"), pkg("cli"), pkg("gui"),
                        "javafx..", "software.amazon..")
                .check(classes);
    }

    @Test
    void engine_hasNoJavaFxNoSdkAndNoOuterLayers() {
        noClasses().that().resideInAPackage(pkg("engine"))
                .should().dependOnClassesThat().resideInAnyPackage(
                        pkg("step"), pkg("aws"), pkg("sandbox"), pkg("topology"), pkg("cli"), pkg("gui"),
                        "javafx..", "software.amazon..", "org.controlsfx..")
                .check(classes);
    }

    @Test
    void aws_neverReachesUpToFacesOrSandbox() {
        noClasses().that().resideInAPackage(pkg("aws"))
                .should().dependOnClassesThat().resideInAnyPackage(
                        pkg("sandbox"), pkg("topology"), pkg("cli"), pkg("gui"), "javafx..")
                .check(classes);
    }

    @Test
    void sandbox_usesOnlyJdkAndJackson() {
        noClasses().that().resideInAPackage(pkg("sandbox"))
                .should().dependOnClassesThat().resideInAnyPackage(
                        pkg("model"), pkg("plan"), pkg("engine"), pkg("aws"), pkg("topology"), pkg("cli"), pkg("gui"),
                        "javafx..", "software.amazon..")
                .check(classes);
    }

    @Test
    void topology_isPlainDataWithoutJavaFx() {
        noClasses().that().resideInAPackage(pkg("topology"))
                .should().dependOnClassesThat().resideInAnyPackage(
                        pkg("aws"), pkg("sandbox"), pkg("cli"), pkg("gui"), "javafx..", "software.amazon..")
                .check(classes);
    }

    @Test
    void app_isSharedByBothFacesAndKnowsNeither() {
        noClasses().that().resideInAPackage(pkg("app"))
                .should().dependOnClassesThat().resideInAnyPackage(pkg("cli"), pkg("gui"), "javafx..")
                .check(classes);
    }

    @Test
    void cli_neverUsesGui() {
        noClasses().that().resideInAPackage(pkg("cli"))
                .should().dependOnClassesThat().resideInAPackage(pkg("gui"))
                .check(classes);
    }

    @Test
    void gui_neverUsesCli() {
        noClasses().that().resideInAPackage(pkg("gui"))
                .should().dependOnClassesThat().resideInAPackage(pkg("cli"))
                .check(classes);
    }

    @Test
    void onlyCliPrintsToStdout() {
        noClasses().that().resideOutsideOfPackage(pkg("cli"))
                .and().doNotHaveFullyQualifiedName("dev.cairn.Main")
                .should().accessField(System.class, "out")
                .because("only the CLI prints; library code logs through SLF4J")
                .check(classes);
    }
}
