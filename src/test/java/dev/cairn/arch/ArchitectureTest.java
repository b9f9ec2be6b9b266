package dev.cairn.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.cairn.engine.ResourceHandler;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.kinds.Ec2Kinds;
import dev.cairn.model.kinds.ResourceKinds;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of ARCHITECTURE.md, kept as tests (after JabRef's CommonArchitectureTest):
 * one direction of data flow, no GUI in logic, only the CLI prints, and kinds named only where
 * they are defined, built and planned.
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

    /**
     * Issue #9: a kind is one definition, and nothing else switches over kinds. A kind constant
     * ({@code Ec2Kinds.NAT_GATEWAY}, any {@code model.kinds} class but the registry) may be named
     * only by
     *
     * <ul>
     *   <li>the definitions themselves ({@code model.kinds});
     *   <li>the handler of each kind in {@code aws} (one class per kind by design), and classes
     *       nested in one;
     *   <li>the step modules ({@code step}), which plan specific kinds.
     * </ul>
     *
     * Everything else (topology, cost estimate, diagram, console links, engine, CLI, app) reads
     * the kind's facts; the registry ({@code ResourceKinds}) is open to all.
     */
    static final ArchRule KIND_CONSTANTS_ONLY_IN_DEFINITIONS_HANDLERS_AND_STEPS = noClasses()
            .that(DescribedPredicate.not(mayNameKinds()))
            .should().dependOnClassesThat(kindDefinitions())
            .because("a resource kind is one definition; every other class reads its facts (issue #9)");

    private static DescribedPredicate<JavaClass> kindDefinitions() {
        return JavaClass.Predicates.resideInAPackage(pkg("model.kinds"))
                .and(DescribedPredicate.not(JavaClass.Predicates.equivalentTo(ResourceKinds.class)))
                .as("kind definitions (model.kinds, but the registry)");
    }

    private static DescribedPredicate<JavaClass> mayNameKinds() {
        DescribedPredicate<JavaClass> handler = DescribedPredicate.describe("a kind's handler in aws", c -> {
            JavaClass top = c;
            while (top.getEnclosingClass().isPresent()) {
                top = top.getEnclosingClass().get();
            }
            return top.getPackageName().startsWith(BASE + "aws") && top.isAssignableTo(ResourceHandler.class);
        });
        return JavaClass.Predicates.resideInAnyPackage(pkg("model.kinds"), BASE + "step..").or(handler);
    }

    @Test
    void kindConstants_areNamedOnlyByDefinitionsHandlersAndStepModules() {
        KIND_CONSTANTS_ONLY_IN_DEFINITIONS_HANDLERS_AND_STEPS.check(classes);
    }

    /** Something that compares against a kind constant, as the layout and the cost estimate once did. */
    static final class ComparesAgainstAKind {
        boolean isNat(ResourceKind kind) {
            return kind == Ec2Kinds.NAT_GATEWAY;
        }
    }

    @Test
    void kindConstants_whenAnotherClassComparesAgainstOne_ruleFails() {
        JavaClasses violator = new ClassFileImporter().importClasses(ComparesAgainstAKind.class);

        assertThatThrownBy(() -> KIND_CONSTANTS_ONLY_IN_DEFINITIONS_HANDLERS_AND_STEPS.check(violator))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("ComparesAgainstAKind")
                .hasMessageContaining("Ec2Kinds");
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
