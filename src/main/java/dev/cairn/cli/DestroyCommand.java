package dev.cairn.cli;

import dev.cairn.app.DataAtRisk;
import dev.cairn.app.StackRunner;
import dev.cairn.app.Target;
import dev.cairn.engine.RunResult;
import dev.cairn.model.Blueprint;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code cairn destroy}: deletes everything the stack created, in reverse dependency order,
 * and proves with a tag scan that nothing remains (exit 1 when something does).
 */
@Command(name = "destroy", mixinStandardHelpOptions = true,
        description = "Delete everything the stack created and prove nothing tagged with it remains.")
final class DestroyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptions options;

    @Option(names = "--delete-key-file",
            description = "Also delete the private key file(s) Cairn saved for this stack (kept by default).")
    boolean deleteKeyFile;

    /**
     * The runner, its state first moved out of the bucket this stack created for it (the
     * teardown deletes that bucket; the journal driving it must not be inside).
     */
    private StackRunner openRunnerOutsideOwnBucket(Target target, Blueprint bp, PrintWriter out) throws java.io.IOException {
        if (options.stateInS3(bp)) {
            var moved = options.stores(target, bp).moveOutOfOwnBucket(options.stateLocation(bp), bp.name(),
                    dev.cairn.model.StateLocation.defaultLocal());
            moved.ifPresent(m -> {
                out.println("The state of " + bp.name() + " is in the bucket this stack created: moved it to " + m.to()
                        + " (" + m.entries() + " journal entries) before the bucket is deleted.");
                out.flush();
            });
        }
        return options.openRunner(target, bp, "destroy");
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Blueprint bp = options.loadBlueprint(err);
        try (Target target = options.openTarget();
                StackRunner runner = openRunnerOutsideOwnBucket(target, bp, out)) {
            String where = target.describe(bp.region());
            if (!options.json()) {
                out.println("Stack " + bp.name() + " → " + where);
                out.println("Teardown: " + runner.state().resources().size() + " resource(s) in state, plus anything tagged cairn:stack="
                        + bp.name() + " found by a tag scan.");
                // A bucket is emptied before its delete: say how much goes, before the confirmation.
                PlanCommand.printDataAtRisk(out, DataAtRisk.of(runner.teardownPlan(), DataAtRisk.counter(target)));
                out.flush();
            }
            if (!options.yes && !Confirm.ask(out, "Type the stack name (" + bp.name() + ") to destroy it: ", bp.name())) {
                err.println("Destroy cancelled; nothing was deleted.");
                return CairnCommand.EXIT_USAGE;
            }
            RunReport report = new RunReport(out, options.json());
            java.util.List<java.nio.file.Path> keyFiles = runner.savedKeyFiles();
            RunResult result = Interrupts.cancellable(err,
                    cancel -> runner.destroy(bp, report.listener(), cancel));
            report.tagScan(bp.name(), result);
            if (!keyFiles.isEmpty() && !options.json()) {
                if (deleteKeyFile && result.succeeded()) {
                    StackRunner.deleteKeyFiles(keyFiles).forEach(f -> out.println("Deleted the private key file " + f + "."));
                } else {
                    keyFiles.forEach(f -> out.println("Kept the private key file " + f
                            + (deleteKeyFile ? " (the teardown did not finish)" : " (--delete-key-file removes it)") + "."));
                }
            }
            return report.finish("Destroy", bp.name(), where, result);
        } catch (StackRunner.TargetMismatchException e) {
            throw new CairnCommand.UsageException(e.getMessage());
        }
    }
}
