package dev.cairn.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Asks the person at the terminal to type a word; without one, refuses rather than guessing. */
final class Confirm {
    private Confirm() {}

    static boolean ask(PrintWriter out, String prompt, String expected) {
        out.print(prompt);
        out.flush();
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw new CairnCommand.UsageException("no answer on standard input; pass --yes to run without asking");
            }
            return line.trim().equals(expected);
        } catch (IOException e) {
            throw new CairnCommand.UsageException("cannot read the answer (" + e.getMessage() + "); pass --yes to run without asking");
        }
    }
}
