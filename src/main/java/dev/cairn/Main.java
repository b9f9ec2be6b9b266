package dev.cairn;

import dev.cairn.cli.CairnCommand;

/** Entry point: {@code cairn <verb> …} runs the command line. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(CairnCommand.run(args));
    }
}
