package dev.cairn.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.model.ItemStatus;
import dev.cairn.model.Regions;
import dev.cairn.plan.Action;
import dev.cairn.step.network.NatMode;
import dev.cairn.step.network.SubnetTier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every key in both bundles, every key the code or FXML uses in the bundles, and no key that
 * nothing uses (after JabRef's LocalizationConsistencyTest). Keys built at run time come from
 * the enums and rule lists they are built from.
 */
class LocalizationConsistencyTest {

    private static final Path GUI_SOURCES = Path.of("src/main/java/dev/cairn/gui");
    private static final Path GUI_RESOURCES = Path.of("src/main/resources/dev/cairn/gui");
    private static final Path STEP_SOURCES = Path.of("src/main/java/dev/cairn/step");
    private static final Pattern I18N_CALL = Pattern.compile("i18n\\(\\s*\"([a-zA-Z0-9_.-]+)\"\\s*[,)]");
    /** Keys passed to helpers that translate them later: Problem.of("…"), header("…"). */
    private static final Pattern KEY_ARG = Pattern.compile("(?:Problem\\.of\\(|header\\(|stackName\\([^\"]*)\"([a-zA-Z0-9_.-]+)\"");
    private static final Pattern TERNARY_KEY = Pattern.compile("\\?\\s*\"([a-z]+\\.[a-zA-Z0-9_.-]+)\"\\s*:\\s*\"([a-z]+\\.[a-zA-Z0-9_.-]+)\"");
    private static final Pattern FXML_KEY = Pattern.compile("\"%([a-zA-Z0-9_.-]+)\"");
    /** Any string literal shaped like a key: counts as a use (not as a lookup that must resolve). */
    private static final Pattern LITERAL_KEY = Pattern.compile("\"([a-z]+\\.[a-zA-Z0-9_.-]+)\"");
    private static final Pattern RULE = Pattern.compile("(?:FieldError\\.of\\([^,]+,\\s*|CidrFormatException\\()\"([a-zA-Z.]+)\"");

    private static Properties bundle(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(GUI_RESOURCES.resolve(name))) {
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    private static Set<String> keys(Properties p) {
        Set<String> s = new TreeSet<>();
        p.stringPropertyNames().forEach(s::add);
        return s;
    }

    @Test
    void bundles_haveTheSameKeys() throws IOException {
        assertThat(keys(bundle("messages_ko.properties"))).isEqualTo(keys(bundle("messages.properties")));
    }

    @Test
    void everyUsedKey_isInBothBundles() throws IOException {
        Set<String> used = usedKeys();
        assertThat(keys(bundle("messages.properties"))).containsAll(used);
        assertThat(keys(bundle("messages_ko.properties"))).containsAll(used);
    }

    @Test
    void everyBundleKey_isUsed() throws IOException {
        Set<String> unused = keys(bundle("messages.properties"));
        unused.removeAll(usedKeys());
        // The diagram component builds its keys at run time; its own DiagramMessagesTest checks them.
        unused.removeIf(k -> k.startsWith("diagram."));
        for (Path file : files(GUI_SOURCES, ".java")) {
            Matcher m = LITERAL_KEY.matcher(Files.readString(file));
            while (m.find()) {
                unused.remove(m.group(1));
            }
        }
        assertThat(unused).as("keys in messages.properties that nothing uses").isEmpty();
    }

    @Test
    void koreanBundle_isActuallyKorean() throws IOException {
        assertThat(bundle("messages_ko.properties").getProperty("wizard.network.title")).isEqualTo("네트워크");
        assertThat(new Messages(java.util.Locale.KOREAN).i18n("rule.cidr.hostBits", "10.0.0.1/16", "10.0.0.0/16"))
                .contains("10.0.0.0/16").contains("호스트");
    }

    @Test
    void duplicateKeyRule_inBothLanguages_namesTheKeyAndBothLines() {
        dev.cairn.model.FieldError twice = dev.cairn.step.BlueprintYaml.read("name: a\nregion: x\nname: b\n").errors().get(0);
        assertThat(new Messages(java.util.Locale.ENGLISH).error(twice)).isEqualTo("name is given twice: lines 1 and 3. Keep one of them.");
        assertThat(new Messages(java.util.Locale.KOREAN).error(twice)).contains("name").contains("1행").contains("3행");
    }

    private static Set<String> usedKeys() throws IOException {
        Set<String> used = new TreeSet<>();
        for (Path file : files(GUI_SOURCES, ".java")) {
            String text = Files.readString(file);
            collect(I18N_CALL, text, used);
            collect(KEY_ARG, text, used);
            Matcher t = TERNARY_KEY.matcher(text);
            while (t.find()) {
                used.add(t.group(1));
                used.add(t.group(2));
            }
        }
        if (Files.isDirectory(GUI_RESOURCES)) {
            for (Path file : files(GUI_RESOURCES, ".fxml")) {
                collect(FXML_KEY, Files.readString(file), used);
            }
        }
        // Instance type parts: one key per family, attribute letter and size the model describes.
        dev.cairn.model.InstanceTypeName.describedFamilies().forEach(f -> used.add(InstanceTypeText.familyKey(f)));
        dev.cairn.model.InstanceTypeName.describedAttributes().forEach(c -> used.add(InstanceTypeText.attributeKey(c)));
        dev.cairn.model.InstanceTypeName.describedSizes().forEach(z -> used.add(InstanceTypeText.sizeKey(z)));
        for (dev.cairn.step.access.KeyPairMode mode : dev.cairn.step.access.KeyPairMode.values()) {
            used.add("access.key.mode." + mode.yamlName());
        }
        // The warnings the validator can give, each with its own text beside My IP.
        used.add("access.warning.myIp.anywhere");
        for (dev.cairn.app.HowToUse.Way way : dev.cairn.app.HowToUse.Way.values()) {
            String key = way.key();
            used.add(key);
            if (!way.note().isEmpty()) {
                used.add(key + ".note");
            }
        }
        // Keys built at run time, from what they are built from.
        for (ItemStatus s : ItemStatus.values()) {
            used.add(Messages.statusKey(s));
        }
        for (NatMode n : NatMode.values()) {
            used.add(Messages.natKey(n));
            used.add(Messages.natKey(n) + ".hint");
        }
        for (SubnetTier t : SubnetTier.values()) {
            used.add("tier." + t.yamlName());
        }
        for (Action a : Action.values()) {
            used.add(ReviewView.actionKey(a));
        }
        for (SandboxPace p : SandboxPace.values()) {
            used.add(p.messageKey());
            used.add(p.messageKey() + ".hint");
        }
        // The words of the kinds' usage charges the cost pane translates (cost.usage.<charge's key>).
        Properties english = bundle("messages.properties");
        for (dev.cairn.model.ResourceKind k : dev.cairn.model.kinds.ResourceKinds.all()) {
            dev.cairn.model.ResourceKind.Cost cost = k.cost();
            if (cost.hasUsage()) {
                java.util.List<dev.cairn.model.ResourceKind.Usage> usages = new java.util.ArrayList<>(cost.moreUsage());
                usages.add(new dev.cairn.model.ResourceKind.Usage(cost.usageNote(), cost.usageUnit()));
                usages.stream().map(u -> "cost.usage." + u.key()).filter(english::containsKey).forEach(used::add);
            }
        }
        for (dev.cairn.step.storage.KeyType t : dev.cairn.step.storage.KeyType.values()) {
            used.add("storage.keyType." + t.name());
        }
        for (WizardStep w : WizardStep.values()) {
            used.add(w.titleKey());
        }
        for (StepStatus s : StepStatus.values()) {
            used.add(s.key());
        }
        for (Regions.Region r : Regions.all()) {
            used.add("region." + r.code());
        }
        // The YAML reader's own rule that a page may show: a key given twice.
        used.add(Messages.ruleKey(dev.cairn.step.BlueprintYaml.DUPLICATE_KEY));
        // The rules of the blueprint and of every step (each step's *Validator), and of CIDRs.
        java.util.List<Path> ruleSources = new java.util.ArrayList<>(files(STEP_SOURCES, "Validator.java"));
        ruleSources.add(Path.of("src/main/java/dev/cairn/model/Cidr.java"));
        for (Path source : ruleSources) {
            Matcher m = RULE.matcher(Files.readString(source));
            while (m.find()) {
                used.add(Messages.ruleKey(m.group(1)));
            }
        }
        return used;
    }

    private static void collect(Pattern p, String text, Set<String> into) {
        Matcher m = p.matcher(text);
        while (m.find()) {
            into.add(m.group(1));
        }
    }

    private static java.util.List<Path> files(Path root, String suffix) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(f -> f.toString().endsWith(suffix)).toList();
        }
    }
}
