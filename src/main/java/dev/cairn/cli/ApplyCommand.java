package dev.cairn.cli;

import dev.cairn.app.DataAtRisk;
import dev.cairn.app.HostedZones;
import dev.cairn.app.MyIpResolver;
import dev.cairn.app.StackRunner;
import dev.cairn.app.PipelineStatus;
import dev.cairn.app.StorageStatus;
import dev.cairn.app.Target;
import dev.cairn.engine.RunResult;
import dev.cairn.model.Blueprint;
import dev.cairn.plan.Plan;
import dev.cairn.step.access.AccessSection;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cairn apply}: makes AWS match the blueprint, journal first; a killed run resumes. */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Create what the blueprint describes (and resume an interrupted run).")
final class ApplyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptions options;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Blueprint loaded = options.loadBlueprint(err);
        try (Target target = options.openTarget();
                StackRunner runner = options.openRunner(target, loaded, "apply")) {
            Blueprint bp = runner.resolve(loaded);
            Plan plan = runner.plan(bp);
            StackOptions.printWarnings(err, bp);
            PlanCommand.printDataAtRisk(err, DataAtRisk.of(plan, DataAtRisk.counter(target)));
            String where = target.describe(bp.region());
            if (!options.json()) {
                out.println("Stack " + bp.name() + " → " + where);
                AccessSection access = bp.section(AccessSection.KEY);
                if (access != null) {
                    out.println("SSH and the VPN ports are allowed from " + access.myIp());
                }
                PlanCommand.print(out, plan);
                out.println(plan.summary());
                out.flush();
            }
            if (!options.yes && !Confirm.ask(out, "Apply these changes? Type 'yes' to go on: ", "yes")) {
                err.println("Apply cancelled; nothing was changed.");
                return CairnCommand.EXIT_USAGE;
            }
            RunReport report = new RunReport(out, options.json());
            RunResult result = Interrupts.cancellable(err,
                    cancel -> runner.apply(bp, plan, report.listener(), cancel));
            int code = report.finish("Apply", bp.name(), where, result);
            if (!options.json() && StorageStatus.built(runner.state())) {
                StatusCommand.printStorage(out, bp.name(), StorageStatus.read(target, runner.state(), DataAtRisk.counter(target)));
                out.flush();
            }
            if (!options.json() && PipelineStatus.built(runner.state())) {
                // Above all the handshake: the pipeline's first run waits for a person to finish it.
                StatusCommand.printPipeline(out, bp.name(), PipelineStatus.read(target, bp, runner.state()));
                out.flush();
            }
            return code;
        } catch (StackRunner.TargetMismatchException | MyIpResolver.MyIpException e) {
            throw new CairnCommand.UsageException(e.getMessage());
        } catch (HostedZones.MissingZoneException e) {
            throw StackOptions.planTimeError(err, options.blueprint, e.error());
        }
    }

}
