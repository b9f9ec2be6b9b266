package dev.cairn.cli;

import dev.cairn.step.BlueprintExample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cairn blueprint example [--out FILE]}: the guide's environment as an editable blueprint. */
@Command(name = "blueprint", description = "Work with blueprint files.",
        subcommands = BlueprintCommand.Example.class, mixinStandardHelpOptions = true)
final class BlueprintCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "example", mixinStandardHelpOptions = true,
            description = "Print (or write) the guide's example blueprint: stack demo in ap-northeast-2.")
    static final class Example implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of standard output.")
        Path out;

        @Override
        public Integer call() throws IOException {
            String yaml = BlueprintExample.demoYaml();
            if (out == null) {
                spec.commandLine().getOut().print(yaml);
                spec.commandLine().getOut().flush();
            } else {
                if (Files.isDirectory(out)) {
                    throw new CairnCommand.UsageException("--out " + out + " is a folder; give a file name, such as "
                            + out.resolve("demo.yaml"));
                }
                Path parent = out.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.writeString(out, yaml);
                spec.commandLine().getOut().println("Wrote " + out);
            }
            return CairnCommand.EXIT_OK;
        }
    }
}
