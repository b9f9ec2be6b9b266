package dev.cairn.cli;

import dev.cairn.engine.LocalStackStore;
import dev.cairn.app.CairnHome;
import dev.cairn.app.StackRunner;
import dev.cairn.app.StackStores;
import dev.cairn.engine.LockRequest;
import dev.cairn.model.StateLocation;
import java.time.Duration;
import dev.cairn.app.Target;
import dev.cairn.aws.AwsClients;
import dev.cairn.engine.EngineOptions;
import dev.cairn.engine.StackStore;
import dev.cairn.model.Blueprint;
import dev.cairn.model.FieldError;
import dev.cairn.model.StackState;
import dev.cairn.sandbox.SandboxConfig;
import dev.cairn.step.BlueprintValidator;
import dev.cairn.step.BlueprintYaml;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** The options every stack verb shares ({@code plan | apply | destroy | status}). */
final class StackOptions {

    enum Output { text, json }

    @Option(names = "--blueprint", required = true, paramLabel = "FILE", description = "The blueprint (YAML).")
    Path blueprint;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Where the stack's journal and state live (default ~/.cairn/stacks/<name>).")
    Path stateDir;

    @Option(names = "--state", paramLabel = "LOCATION",
            description = "Where the team keeps its stacks: s3://BUCKET/PREFIX (shared, with a lock) or a folder of stacks"
                    + " (default: the blueprint's state:, else ~/.cairn/stacks).")
    String state;

    @Option(names = "--lock-timeout", paramLabel = "DURATION", converter = LockTimeout.class,
            description = "How long to wait for another run holding the stack (30s, 5m; default: refuse at once).")
    Duration lockTimeout = Duration.ZERO;

    @ArgGroup(exclusive = true)
    Where where = new Where();

    static final class Where {
        @Option(names = "--endpoint", paramLabel = "URL",
                description = "An AWS-compatible endpoint (a running `cairn sandbox serve`, moto, …), signed with the"
                        + " Sandbox's keys unless --profile names others.")
        String endpoint;

        @Option(names = "--sandbox", description = "Start the Sandbox in this process (no account, no bill).")
        boolean sandbox;
    }

    @Option(names = "--sandbox-data", paramLabel = "DIR", hidden = true,
            description = "Data folder of the embedded Sandbox (default ~/.cairn/sandbox).")
    Path sandboxData;

    @Option(names = "--profile", paramLabel = "P", description = "AWS profile (default: the default credential chain).")
    String profile;

    @Option(names = "--region", paramLabel = "R", description = "Region (overrides the blueprint's).")
    String region;

    @Option(names = "--yes", description = "Do not ask for confirmation.")
    boolean yes;

    @Option(names = "--output", paramLabel = "text|json", description = "Output format: ${COMPLETION-CANDIDATES} (default text).")
    Output output = Output.text;

    @Option(names = "--parallelism", paramLabel = "N", description = "Resources worked on at once (default 10).")
    int parallelism = 10;

    boolean json() {
        return output == Output.json;
    }

    /**
     * Reads and validates the blueprint; any error is printed (field and rule) and ends the
     * command with exit code 2, before any AWS call.
     */
    Blueprint loadBlueprint(PrintWriter err) {
        BlueprintYaml.Result read = BlueprintYaml.read(blueprint);
        List<FieldError> errors = read.errors();
        if (errors.size() == 1 && errors.get(0).rule().equals(BlueprintYaml.FILE_UNREADABLE)) {
            // No blueprint to be "not valid": the one line says what is wrong with the file.
            throw new CairnCommand.UsageException(errors.get(0).message());
        }
        Blueprint bp = read.blueprint();
        if (errors.isEmpty() && region != null && bp != null && !region.equals(bp.region())) {
            bp = BlueprintYaml.withDefaults(bp.withRegion(region));
            errors = BlueprintValidator.validate(bp);
        }
        if (!errors.isEmpty()) {
            err.println("error: " + blueprint + " is not valid (" + errors.size() + " problem"
                    + (errors.size() == 1 ? "" : "s") + "):");
            for (FieldError e : errors) {
                err.println("  " + e.message() + " [" + e.rule() + "]");
            }
            err.flush();
            throw new CairnCommand.UsageException("nothing was sent to AWS; fix the blueprint and run again");
        }
        return bp;
    }

    /**
     * A problem with the blueprint only a call could find (an HTTPS domain without its hosted
     * zone), printed like a validation error; what to throw to end the command with exit code 2.
     */
    static CairnCommand.UsageException planTimeError(PrintWriter err, Path blueprint, FieldError e) {
        err.println("error: " + blueprint + " cannot be built (1 problem):");
        err.println("  " + e.message() + " [" + e.rule() + "]");
        err.flush();
        return new CairnCommand.UsageException("nothing was changed; fix the blueprint (or the account) and run again");
    }

    /** The blueprint's warnings (valid, but worth a second look), one line each: field, message, rule. */
    static void printWarnings(PrintWriter to, Blueprint bp) {
        for (FieldError w : BlueprintValidator.warnings(bp)) {
            to.println("warning: " + w.field() + ": " + w.message() + " [" + w.rule() + "]");
        }
    }

    /**
     * The stack's folder when its state is kept on this machine: {@code --state-dir}, or its
     * folder in the {@code --state} (or blueprint's) folder of stacks, or {@code ~/.cairn/stacks/<name>};
     * null when the state is in S3.
     */
    Path stateDir(Blueprint bp) {
        if (stateDir != null) {
            return stateDir;
        }
        StateLocation location = stateLocation(bp);
        return location.isS3() ? null : location.stackFolder(bp.name());
    }

    /**
     * Where the stack's state lives: {@code --state}, else the blueprint's {@code state:}, else
     * {@code ~/.cairn/stacks}. ({@code --state-dir} names the stack's own folder instead.)
     */
    StateLocation stateLocation(Blueprint bp) {
        if (state != null && stateDir != null) {
            throw new CairnCommand.UsageException("give --state or --state-dir, not both");
        }
        if (state != null) {
            try {
                return StateLocation.parse(state);
            } catch (StateLocation.InvalidStateLocationException e) {
                throw new CairnCommand.UsageException("--state " + state + ": " + e.getMessage());
            }
        }
        return bp.stateLocation().orElseGet(StateLocation::defaultLocal);
    }

    /** Whether the stack's state is in S3 (reading it needs the target's clients). */
    boolean stateInS3(Blueprint bp) {
        return stateDir == null && stateLocation(bp).isS3();
    }

    /** The stores of this run: through {@code target}'s clients when there is one. */
    StackStores stores(Target target, Blueprint bp) {
        return new StackStores(target == null ? null : target.clients(), bp.region(), Clock.systemUTC());
    }

    /**
     * The stack's state and lock holder, read without taking the lock (a running apply goes on
     * undisturbed). A state in S3 is read through a target opened for the call.
     */
    StackStores.View readView(Blueprint bp) throws IOException {
        if (stateDir != null) {
            return StackStores.local().readFolder(stateDir, bp.name());
        }
        // The target is opened only when the state is (or was moved to) S3.
        Target[] opened = new Target[1];
        try {
            StackStores stores = new StackStores(() -> {
                if (opened[0] == null) {
                    opened[0] = openTarget();
                }
                return opened[0].clients();
            }, bp.region(), Clock.systemUTC());
            return stores.read(stateLocation(bp), bp.name());
        } finally {
            if (opened[0] != null) {
                opened[0].close();
            }
        }
    }

    /** Reads the stack's state (rebuilt from its journal) without taking its lock. */
    StackState readState(Blueprint bp) throws IOException {
        return readView(bp).state();
    }

    /**
     * Opens the stack's store for {@code command}, taking its lock (waiting up to
     * {@code --lock-timeout}): the {@code --state-dir} folder, or the store at the state location.
     */
    StackStore openStore(Target target, Blueprint bp, String command) throws IOException {
        LockRequest request = LockRequest.of(command).waiting(lockTimeout);
        if (stateDir != null) {
            return LocalStackStore.open(stateDir, bp.name(), Clock.systemUTC(), request);
        }
        return stores(target, bp).open(stateLocation(bp), bp.name(), request);
    }

    /** The runner for this stack against {@code target}, with the chosen parallelism; holds the stack's lock. */
    StackRunner openRunner(Target target, Blueprint bp, String command) throws IOException {
        StackStore store = openStore(target, bp, command);
        return new StackRunner(target, store, EngineOptions.defaults().withParallelism(parallelism));
    }

    /** {@code 30s}, {@code 5m}, {@code 1h}, a bare number of seconds, or ISO-8601 ({@code PT2M}). */
    static final class LockTimeout implements picocli.CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            try {
                if (v.startsWith("pt")) {
                    return Duration.parse(v.toUpperCase(Locale.ROOT));
                }
                char unit = v.charAt(v.length() - 1);
                if (Character.isDigit(unit)) {
                    return Duration.ofSeconds(Long.parseLong(v));
                }
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                return switch (unit) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> throw new NumberFormatException(value);
                };
            } catch (RuntimeException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a duration (30s, 5m, 1h)");
            }
        }
    }

    /** The kind of target {@link #openTarget} would open, without opening it (no call, no credentials check). */
    Target.Kind targetKind() {
        if (where.sandbox) {
            return Target.Kind.SANDBOX;
        }
        return where.endpoint != null ? Target.Kind.ENDPOINT : Target.Kind.AWS;
    }

    /**
     * Refuses a {@code --profile} that no AWS file defines, naming the files, before anything
     * needs it (an address lookup or a credentials chain would fail later with a vaguer message).
     */
    void checkProfile() {
        if (profile != null && !where.sandbox && !AwsClients.profileExists(profile)) {
            List<Path> files = AwsClients.profileFiles();
            throw new CairnCommand.UsageException("AWS profile '" + profile + "' is not in " + files.get(0) + " or "
                    + files.get(1) + "; create it with `aws configure --profile " + profile + "` (or `aws configure sso`),"
                    + " or leave out --profile");
        }
    }

    /** Opens the place actions go: embedded Sandbox, an endpoint, or AWS by the default chain. */
    Target openTarget() {
        checkProfile();
        Optional<String> prof = Optional.ofNullable(profile);
        if (where.sandbox) {
            return Target.embeddedSandbox(sandboxData != null ? sandboxData : CairnHome.sandboxData(), SandboxConfig.instant());
        }
        if (where.endpoint != null) {
            try {
                URI uri = new URI(where.endpoint);
                if (uri.getScheme() == null || !uri.getScheme().toLowerCase(Locale.ROOT).startsWith("http") || uri.getHost() == null) {
                    throw new URISyntaxException(where.endpoint, "expected http://host:port or https://host");
                }
                return Target.endpoint(uri, prof);
            } catch (URISyntaxException e) {
                throw new CairnCommand.UsageException("--endpoint " + where.endpoint + " is not a URL: " + e.getReason());
            }
        }
        if (!AwsClients.credentialsAvailable(prof)) {
            throw new CairnCommand.UsageException("no AWS credentials found"
                    + prof.map(p -> " for profile " + p).orElse("")
                    + " (environment, ~/.aws/credentials, ~/.aws/config, SSO); log in with `aws sso login`"
                    + " or `aws configure`, or practise with --sandbox");
        }
        return Target.aws(prof);
    }
}
