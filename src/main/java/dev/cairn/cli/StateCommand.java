package dev.cairn.cli;

import dev.cairn.app.StackStores;
import dev.cairn.app.Target;
import dev.cairn.aws.AwsClients;
import dev.cairn.engine.LockHolder;
import dev.cairn.model.StateLocation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cairn state}: a stack's journal and state as a team shares them — remove a lock whose
 * holder is gone ({@code unlock}), move a stack between a folder and S3 ({@code migrate}).
 */
@Command(name = "state", mixinStandardHelpOptions = true,
        description = "Manage where a stack's journal and state live: unlock a stale lock, migrate to or from S3.",
        subcommands = {StateCommand.Unlock.class, StateCommand.Migrate.class})
final class StateCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Where the state is and how to reach S3: the stack verbs' target options without a blueprint. */
    static final class Where {
        @Option(names = "--stack", required = true, paramLabel = "NAME", description = "The stack's name.")
        String stack;

        @Option(names = "--state", paramLabel = "LOCATION",
                description = "Where the stack is: s3://BUCKET/PREFIX or a folder of stacks (default ~/.cairn/stacks).")
        String state;

        @ArgGroup(exclusive = true)
        StackOptions.Where where = new StackOptions.Where();

        @Option(names = "--sandbox-data", paramLabel = "DIR", hidden = true,
                description = "Data folder of the embedded Sandbox (default ~/.cairn/sandbox).")
        Path sandboxData;

        @Option(names = "--profile", paramLabel = "P", description = "AWS profile (default: the default credential chain).")
        String profile;

        @Option(names = "--region", paramLabel = "R",
                description = "Region to reach the state bucket in first (default: the profile's, else us-east-1).")
        String region;

        StateLocation location(String text, String option) {
            if (text == null) {
                return StateLocation.defaultLocal();
            }
            try {
                return StateLocation.parse(text);
            } catch (StateLocation.InvalidStateLocationException e) {
                throw new CairnCommand.UsageException(option + " " + text + ": " + e.getMessage());
            }
        }

        /** The target whose clients reach S3, only when a location is in S3 (a folder needs none). */
        Target openTargetIfS3(StateLocation... locations) {
            for (StateLocation l : locations) {
                if (l.isS3()) {
                    StackOptions o = new StackOptions();
                    o.where = where;
                    o.sandboxData = sandboxData;
                    o.profile = profile;
                    return o.openTarget();
                }
            }
            return null;
        }

        String region() {
            if (region != null) {
                return region;
            }
            return AwsClients.defaultRegion(Optional.ofNullable(profile)).orElse("us-east-1");
        }

        StackStores stores(Target target) {
            return new StackStores(target == null ? null : target.clients(), region(), Clock.systemUTC());
        }
    }

    @Command(name = "unlock", mixinStandardHelpOptions = true,
            description = "Remove a stack's lock whose holder is gone (a killed run). Needs --force: a live run would lose its lock.")
    static final class Unlock implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Where where;

        @Option(names = "--force", description = "Remove the lock whoever holds it.")
        boolean force;

        @Option(names = "--lock-id", paramLabel = "ID", description = "Remove it only if it is this lock (as a refused run printed it).")
        String lockId;

        @Override
        public Integer call() throws Exception {
            if (!force) {
                throw new CairnCommand.UsageException("unlock removes another run's lock; if its holder is really gone,"
                        + " run again with --force");
            }
            PrintWriter out = spec.commandLine().getOut();
            StateLocation location = where.location(where.state, "--state");
            try (Target target = where.openTargetIfS3(location)) {
                StackStores stores = where.stores(target);
                Optional<LockHolder> removed;
                try {
                    removed = stores.unlock(location, where.stack, Optional.ofNullable(lockId));
                } catch (IllegalStateException e) {
                    throw new CairnCommand.UsageException(e.getMessage());
                }
                if (removed.isEmpty()) {
                    out.println("Stack " + where.stack + " at " + location.describeStack(where.stack) + " was not locked.");
                } else {
                    LockHolder h = removed.get();
                    out.println("Removed the lock " + h.id() + " of stack " + where.stack + " (" + h.describe()
                            + (stores.stale(h) ? ", stale" : "") + ").");
                }
                out.flush();
                return CairnCommand.EXIT_OK;
            }
        }
    }

    @Command(name = "migrate", mixinStandardHelpOptions = true,
            description = "Move a stack's journal and state to another location (s3://BUCKET/PREFIX or a folder) without a gap:"
                    + " lock, copy, verify, switch.")
    static final class Migrate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Where where;

        @Option(names = "--to", required = true, paramLabel = "DEST", description = "Where to move it: s3://BUCKET/PREFIX or a folder of stacks.")
        String to;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            StateLocation from = where.location(where.state, "--state");
            StateLocation dest = where.location(to, "--to");
            if (from.equals(dest)) {
                throw new CairnCommand.UsageException("stack " + where.stack + " is already at " + dest);
            }
            try (Target target = where.openTargetIfS3(from, dest)) {
                StackStores.Migration m = where.stores(target).migrate(where.stack, from, dest);
                out.println("Moved stack " + m.stack() + ": " + m.entries() + " journal entries"
                        + (m.copied() < m.entries() ? " (" + m.copied() + " new there)" : "")
                        + (m.sideFiles().isEmpty() ? "" : " and " + String.join(", ", m.sideFiles()))
                        + " from " + m.from() + " to " + m.to() + ", verified.");
                out.println("Runs now use " + dest + (dest.isS3() ? " (pass --state " + dest + " or set state: in the blueprint)" : "")
                        + "; the old place only points there.");
                out.flush();
                return CairnCommand.EXIT_OK;
            }
        }
    }
}
