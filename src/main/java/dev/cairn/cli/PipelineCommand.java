package dev.cairn.cli;

import dev.cairn.app.PipelineRuns;
import dev.cairn.app.Target;
import dev.cairn.engine.CancellationToken;
import dev.cairn.model.Blueprint;
import dev.cairn.step.pipeline.PipelineFiles;
import dev.cairn.step.pipeline.PipelineResources;
import dev.cairn.step.pipeline.PipelineSection;
import dev.cairn.step.storage.BucketNames;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cairn pipeline files}: the repository files the pipeline reads (and a sample app);
 * {@code cairn pipeline release}: the console's "Release change", followed to the end.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true, description = "The Pipeline step's repository files and releases.",
        subcommands = {PipelineCommand.FilesCommand.class, PipelineCommand.Release.class})
final class PipelineCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The blueprint's enabled pipeline section, or a usage error saying there is none. */
    static PipelineSection pipeline(Blueprint bp, Path file) {
        PipelineSection p = bp.section(PipelineSection.KEY);
        if (p == null || !p.on()) {
            throw new CairnCommand.UsageException(file + " has no enabled pipeline section; add one (see `cairn blueprint"
                    + " example`)");
        }
        return p;
    }

    @Command(name = "files", mixinStandardHelpOptions = true,
            description = "Write buildspec.yml, appspec.yaml and taskdef.json for the repository (and, with --sample, a sample"
                    + " app: Dockerfile and index.html).")
    static final class FilesCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        StackOptions options;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write the files into.")
        Path out;

        @Option(names = "--sample", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "Also write the sample app (Dockerfile, index.html) for a new repository (default on; --no-sample"
                        + " leaves them out). Existing files are never overwritten by the sample.")
        boolean sample;

        @Override
        public Integer call() throws IOException {
            PrintWriter o = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Blueprint bp = options.loadBlueprint(err);
            pipeline(bp, options.blueprint);
            String account = account(bp, err);
            Files.createDirectories(out);
            Map<String, String> files = PipelineFiles.files(bp, account, sample);
            List<String> written = new ArrayList<>();
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path path = out.resolve(f.getKey());
                boolean sampleFile = f.getKey().equals(PipelineFiles.DOCKERFILE) || f.getKey().equals(PipelineFiles.INDEX);
                if (sampleFile && Files.exists(path)) {
                    o.println("kept    " + path + " (your app's own; the sample is for a new repository)");
                    continue;
                }
                Files.writeString(path, f.getValue());
                written.add(f.getKey());
                o.println("wrote   " + path);
            }
            o.println("Commit them to the root of " + bp.section(PipelineSection.KEY).source().repository() + " on "
                    + bp.section(PipelineSection.KEY).source().branch() + ": a push starts the pipeline.");
            o.flush();
            return CairnCommand.EXIT_OK;
        }

        /** The target's account, or {@link BucketNames#UNKNOWN_ACCOUNT} with a warning when there are no credentials. */
        private String account(Blueprint bp, PrintWriter err) {
            try (Target target = options.openTarget()) {
                return target.identity(bp.region()).account();
            } catch (CairnCommand.UsageException | software.amazon.awssdk.core.exception.SdkException e) {
                err.println("warning: taskdef.json names the account as " + BucketNames.UNKNOWN_ACCOUNT + " ("
                        + e.getMessage() + "); replace it with your account ID, or run again with credentials");
                err.flush();
                return BucketNames.UNKNOWN_ACCOUNT;
            }
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true,
            description = "Start the pipeline on its latest commit (the console's Release change) and follow it to the end:"
                    + " exit 0 only when it succeeded.")
    static final class Release implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        StackOptions options;

        @Override
        public Integer call() throws Exception {
            PrintWriter o = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Blueprint bp = options.loadBlueprint(err);
            pipeline(bp, options.blueprint);
            String name = PipelineResources.pipelineName(bp.name());
            try (Target target = options.openTarget()) {
                PipelineRuns runs = new PipelineRuns(target.clients(), bp.region());
                String id = runs.start(name);
                o.println("Release of pipeline " + name + " started: execution " + id);
                o.flush();
                ReleasePrinter printer = new ReleasePrinter(o);
                // Ctrl-C ends only the following: the execution goes on in AWS, as in the console.
                PipelineRuns.Execution end = runs.follow(name, id, printer::changed, new CancellationToken());
                o.println("Execution " + id + " " + end.status()
                        + (end.statusSummary().isEmpty() ? "" : ": " + end.statusSummary()));
                o.flush();
                return end.succeeded() ? CairnCommand.EXIT_OK : CairnCommand.EXIT_FAILED;
            } catch (software.amazon.awssdk.awscore.exception.AwsServiceException e) {
                err.println("error: " + e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage());
                return CairnCommand.EXIT_FAILED;
            }
        }
    }

    /**
     * Prints what changed since the last read, one line each: a stage's status, an action's status
     * with its summary and the build's log link, the deployment's lifecycle events and traffic shift.
     */
    static final class ReleasePrinter {
        private final PrintWriter out;
        private final java.util.Set<String> said = new java.util.HashSet<>();

        ReleasePrinter(PrintWriter out) {
            this.out = out;
        }

        void changed(PipelineRuns.Execution e) {
            e.revision().ifPresent(r -> once("commit " + r.id() + (r.summary().isEmpty() ? "" : " — " + r.summary())));
            for (PipelineRuns.StageRun stage : e.stages()) {
                if (!PipelineRuns.NOT_STARTED.equals(stage.status())) {
                    once(stage.name() + ": " + stage.status());
                }
                for (PipelineRuns.ActionRun a : stage.actions()) {
                    if (PipelineRuns.NOT_STARTED.equals(a.status())) {
                        continue;
                    }
                    once("  " + stage.name() + "/" + a.name() + " " + a.status()
                            + (a.summary().isEmpty() ? "" : " — " + a.summary()) + (a.error().isEmpty() ? "" : " — " + a.error()));
                    a.log().filter(l -> !l.url().isEmpty()).ifPresent(l -> once("    build log: " + l.url()));
                    a.log().ifPresent(l -> once("    build phase: " + l.phase()));
                    a.deployment().ifPresent(d -> {
                        once("    deployment " + d.id() + " " + d.status() + (d.error().isEmpty() ? "" : " — " + d.error()));
                        d.events().forEach(ev -> once("    " + ev.name() + ": " + ev.status()));
                        d.taskSets().forEach(t -> once(String.format(java.util.Locale.ROOT,
                                "    traffic: %s task set %.0f %% (%d/%d running)", t.label(), t.trafficWeight(), t.running(),
                                t.desired())));
                    });
                }
            }
            out.flush();
        }

        private void once(String line) {
            if (said.add(line)) {
                out.println(line);
            }
        }
    }
}
