package dev.cairn.gui;

import dev.cairn.engine.Journal;
import dev.cairn.engine.Permissions;
import dev.cairn.engine.StackStore;
import dev.cairn.model.Blueprint;
import dev.cairn.model.FieldError;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.Regions;
import dev.cairn.model.StackState;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.BlueprintValidator;
import dev.cairn.step.BlueprintYaml;
import dev.cairn.step.network.NetworkSection;
import dev.cairn.step.network.SubnetLayout;
import dev.cairn.step.network.SubnetSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The stacks the app knows: every folder under {@code <home>/stacks/} holding a
 * {@code blueprint.yaml}. Reads state without taking a stack's lock (the journal is the truth;
 * {@link StackStore#rebuild} replays it), so listing never blocks a running apply.
 */
public final class StackCatalog {

    public static final String BLUEPRINT_FILE = "blueprint.yaml";
    /** The blueprint field a new name is checked as. */
    private static final String NAME_FIELD = "name";
    /** Any region Cairn knows, so that a name check reports the name's problems only. */
    private static final String NAME_CHECK_REGION = "us-east-1";

    /**
     * One stack as it stands: its resource count and whether a run was interrupted, read from this
     * computer; for a stack whose state is in a team bucket ({@code location} not null), neither
     * is known without a call, so both say nothing (0, false).
     */
    public record StackSummary(String name, int resources, boolean interrupted, String location) {

        public boolean team() {
            return location != null;
        }
    }

    private final Path home;

    public StackCatalog(Path home) {
        this.home = home;
    }

    public Path stacksDir() {
        return home.resolve(dev.cairn.engine.StackStore.STACKS_DIR);
    }

    public Path dir(String stack) {
        return stacksDir().resolve(stack);
    }

    public List<StackSummary> list() {
        if (!Files.isDirectory(stacksDir())) {
            return List.of();
        }
        List<StackSummary> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(stacksDir())) {
            for (Path d : dirs.sorted().toList()) {
                if (Files.isRegularFile(d.resolve(BLUEPRINT_FILE))) {
                    String name = d.getFileName().toString();
                    Optional<String> team = load(name).flatMap(StackCatalog::teamLocation);
                    if (team.isPresent()) {
                        out.add(new StackSummary(name, 0, false, team.get()));
                    } else {
                        StackState s = state(name);
                        out.add(new StackSummary(name, s.resources().size(), isInterrupted(s), null));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + stacksDir(), e);
        }
        return out;
    }

    /** True when a run stopped half-way: intents without outcome, or records left mid-change. */
    public static boolean isInterrupted(StackState s) {
        return !s.pending().isEmpty() || s.resources().values().stream()
                .anyMatch(r -> r.status() == ItemStatus.CREATING || r.status() == ItemStatus.DELETING);
    }

    /** True when the interruption was a teardown (a pending delete or a record left deleting). */
    public static boolean interruptedTeardown(StackState s) {
        return s.pending().values().stream().anyMatch(p -> "delete".equals(p.operation()))
                || s.resources().values().stream().anyMatch(r -> r.status() == ItemStatus.DELETING);
    }

    /**
     * The team bucket a blueprint keeps its stack's state in ({@code state: s3://…}), or empty when
     * its state is on this computer.
     */
    public static Optional<String> teamLocation(Blueprint blueprint) {
        if (blueprint.state() == null) {
            return Optional.empty();
        }
        try {
            dev.cairn.model.StateLocation at = dev.cairn.model.StateLocation.parse(blueprint.state());
            return at.isS3() ? Optional.of(at.toString()) : Optional.empty();
        } catch (dev.cairn.model.StateLocation.InvalidStateLocationException e) {
            // The validator names the field; until it is fixed the stack opens as a local one.
            return Optional.empty();
        }
    }

    /** The blueprint with its state kept at {@code location} ({@code s3://…}), or on this computer when null. */
    public static Blueprint withLocation(Blueprint blueprint, String location) {
        return blueprint.withState(location);
    }

    public StackState state(String stack) {
        Path dir = dir(stack);
        try {
            Path journal = dir.resolve(StackStore.JOURNAL_FILE);
            if (Files.exists(journal)) {
                return StackStore.rebuild(stack, Journal.read(journal, StackStore.mapper()));
            }
            Path file = dir.resolve(StackStore.STATE_FILE);
            return Files.exists(file) ? StackStore.readStateFile(file) : StackState.empty(stack);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the state of stack " + stack, e);
        }
    }

    public Optional<Blueprint> load(String stack) {
        Path file = dir(stack).resolve(BLUEPRINT_FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        BlueprintYaml.Result r = BlueprintYaml.read(file);
        return Optional.ofNullable(r.blueprint());
    }

    /** Writes the blueprint, commented, to its stack's folder. */
    public void save(Blueprint blueprint) {
        Path dir = dir(blueprint.name());
        try {
            // stacks/ too: an older version created it world-readable, and it names every stack.
            Permissions.createOwnerOnlyDirectories(stacksDir());
            Permissions.createOwnerOnlyDirectories(dir);
            Permissions.writeOwnerOnly(dir.resolve(BLUEPRINT_FILE),
                    BlueprintYaml.writeCommented(blueprint).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the blueprint of " + blueprint.name(), e);
        }
    }

    /** The problem with {@code name} as a new stack name, if any: the blueprint's rules, then uniqueness. */
    public Optional<Problem> checkNewName(String name) {
        // Only the name's own rule matters here: a blueprint with nothing else is checked for it.
        List<FieldError> errors = BlueprintValidator.validate(new Blueprint(name, NAME_CHECK_REGION, null));
        for (FieldError e : errors) {
            if (e.field().equals(NAME_FIELD)) {
                return Optional.of(Problem.of("stacks.error.name", name == null ? "" : name));
            }
        }
        if (Files.exists(dir(name))) {
            return Optional.of(Problem.of("stacks.error.exists", name));
        }
        return Optional.empty();
    }

    /** A new stack with the guide's network in {@code region}, saved. */
    public Blueprint create(String name, String region) {
        checkNewName(name).ifPresent(p -> {
            throw new IllegalArgumentException(p.key() + " " + p.args());
        });
        Blueprint bp = defaultBlueprint(name, region);
        save(bp);
        return bp;
    }

    /**
     * The starting point of a new stack: the guide's network exactly as {@code cairn blueprint
     * example} writes it (VPC 10.1.0.0/16, public /26 and app and db /27 subnets packed into
     * 10.1.1.0/24, one NAT gateway), on the region's default pair of zones. The Access step is left
     * out until the learner includes it: the wizard builds one step at a time.
     */
    public static Blueprint defaultBlueprint(String name, String region) {
        Blueprint demo = BlueprintExample.demo();
        List<String> zones = Regions.defaultZones(region);
        NetworkSection guide = demo.section(NetworkSection.KEY);
        NetworkSection network = new NetworkSection(guide.vpcCidr(), zones, guide.nat(),
                proposedSubnets(guide.vpcCidr(), zones).orElseThrow());
        return new Blueprint(name, region, demo.tags()).with(NetworkSection.KEY, network);
    }

    /**
     * The subnets the Network page proposes for a VPC block and zones: the guide's own layout for
     * the guide's block and two zones (its first zone mapped to the first chosen, its second to the
     * second), else the block split evenly ({@link SubnetLayout}); empty when neither fits.
     */
    public static Optional<List<SubnetSpec>> proposedSubnets(String vpcCidr, List<String> zones) {
        NetworkSection guide = BlueprintExample.demo().section(NetworkSection.KEY);
        if (!guide.vpcCidr().equals(vpcCidr) || zones == null || zones.size() != guide.zones().size()
                || zones.stream().anyMatch(java.util.Objects::isNull)) {
            return SubnetLayout.compute(vpcCidr, zones);
        }
        List<SubnetSpec> subnets = new ArrayList<>();
        for (SubnetSpec s : guide.subnets()) {
            String zone = zones.get(guide.zones().indexOf(s.zone()));
            subnets.add(new SubnetSpec(s.tier().yamlName() + "-" + Regions.zoneLetter(zone), zone, s.tier(), s.cidr()));
        }
        return Optional.of(List.copyOf(subnets));
    }

    /** Why {@code stack} cannot be renamed to {@code newName}, if it cannot. */
    public Optional<Problem> checkRename(String stack, String newName) {
        Optional<String> team = load(stack).flatMap(StackCatalog::teamLocation);
        if (team.isPresent()) {
            // Its state in the bucket is filed under this name: a new name would orphan it.
            return Optional.of(Problem.of("stacks.error.team", stack, team.get()));
        }
        if (!state(stack).isEmpty()) {
            return Optional.of(Problem.of("stacks.error.notEmpty", stack, String.valueOf(state(stack).resources().size())));
        }
        return checkNewName(newName);
    }

    /**
     * Renames a stack that owns nothing: moves its folder and rewrites the blueprint's name. The
     * old journal and target binding go, since they describe a stack that no longer exists.
     */
    public Blueprint rename(String stack, String newName) {
        checkRename(stack, newName).ifPresent(p -> {
            throw new IllegalStateException(p.key() + " " + p.args());
        });
        Blueprint old = load(stack).orElseThrow(() -> new IllegalStateException("no blueprint for " + stack));
        try {
            Files.move(dir(stack), dir(newName));
            for (String f : List.of(StackStore.JOURNAL_FILE, StackStore.STATE_FILE, "target.json")) {
                Files.deleteIfExists(dir(newName).resolve(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rename stack " + stack, e);
        }
        // Every section is kept: only the name changes.
        Blueprint renamed = old.withName(newName);
        save(renamed);
        return renamed;
    }
}
