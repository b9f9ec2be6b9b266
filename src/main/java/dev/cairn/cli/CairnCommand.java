package dev.cairn.cli;

import dev.cairn.engine.StackLockedException;
import dev.cairn.engine.StackMovedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code cairn}: the command line face of Cairn. Each verb is its own class; this one only
 * gathers them and fixes the exit codes: 0 success, 1 failed or something left behind,
 * 2 invalid input or usage, 3 the stack is locked by another run.
 */
@Command(name = "cairn",
        mixinStandardHelpOptions = true,
        versionProvider = CairnCommand.Version.class,
        description = "Builds a standard AWS environment step by step, shows it, and tears it down leaving nothing behind.",
        subcommands = {
            SandboxCommand.class,
            BlueprintCommand.class,
            PlanCommand.class,
            ApplyCommand.class,
            DestroyCommand.class,
            StatusCommand.class,
            DiagramCommand.class,
            StateCommand.class,
            PipelineCommand.class,
            CommandLine.HelpCommand.class
        })
public final class CairnCommand implements Runnable {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;
    /** Another run holds the stack's lock: nothing was done; stderr names the holder. */
    public static final int EXIT_LOCKED = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the command line with Cairn's exit-code rules. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new CairnCommand());
        // picocli asks this mapper for parse errors too (unknown option, --sandbox with --endpoint):
        // those are usage errors, exit 2, like Cairn's own UsageException.
        cl.setExitCodeExceptionMapper(e -> e instanceof StackLockedException ? EXIT_LOCKED
                : e instanceof UsageException || e instanceof CommandLine.ParameterException ? EXIT_USAGE : EXIT_FAILED);
        cl.setExecutionExceptionHandler((e, cmd, parse) -> {
            if (e instanceof StackLockedException locked) {
                cmd.getErr().println("error: " + locked.getMessage());
                return EXIT_LOCKED;
            }
            if (e instanceof StackMovedException moved) {
                cmd.getErr().println("error: " + moved.getMessage());
                return EXIT_USAGE;
            }
            if (e instanceof UsageException) {
                cmd.getErr().println("error: " + e.getMessage());
                return EXIT_USAGE;
            }
            cmd.getErr().println("error: " + describe(e));
            return EXIT_FAILED;
        });
        return cl;
    }

    /** Runs the CLI and returns its exit code (used by {@code Main} and by tests). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** Bad input found by Cairn itself (not by picocli's parser): exit code 2. */
    public static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = CairnCommand.class.getPackage().getImplementationVersion();
            return new String[] {"cairn " + (v == null ? "development build" : v)};
        }
    }
}
