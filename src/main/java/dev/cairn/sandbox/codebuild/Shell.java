package dev.cairn.sandbox.codebuild;

import dev.cairn.sandbox.codebuild.CodeBuildStore.ShellState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The small shell a Sandbox build runs its buildspec's commands with: exactly the subset the
 * generated {@code buildspec.yml} uses, with the output and exit status the real tools give.
 *
 * <ul>
 *   <li>{@code NAME=value} and {@code NAME=$(…)} assignments (no field splitting, as sh);</li>
 *   <li>{@code $NAME} and {@code ${NAME}} expansion, single and double quotes, {@code \} escapes;</li>
 *   <li>pipes ({@code a | b}: the status is the last command's, sh has no pipefail) and
 *       {@code > file} / {@code >> file} redirection of standard output;</li>
 *   <li>{@code echo}, {@code printf FORMAT ARGS}, {@code cut -d X -f LIST} and {@code cut -c LIST}
 *       on standard input;</li>
 *   <li>{@code aws ecr get-login-password}, {@code docker login --password-stdin},
 *       {@code docker build -t TAG DIR} and {@code docker push TAG}, through the {@link Host}.</li>
 * </ul>
 *
 * Any other command is not run: the line fails with {@code [Sandbox] command not supported here: …},
 * so a buildspec never appears to do what the Sandbox did not do. Variables persist between
 * commands and phases (buildspec 0.2 runs every command in one shell); they live in the build's
 * {@link ShellState}.
 */
final class Shell {
    /** What the shell's ECR and Docker commands ask of the build's world. */
    interface Host {
        /**
         * {@code aws ecr get-login-password}: the password, or a {@link Failure} with the CLI's error.
         * The password is a secret: it only ever goes to the next command's standard input.
         */
        String ecrLoginPassword(String region) throws Failure;

        /** Whether the build can reach a Docker daemon (CodeBuild's privileged mode). */
        boolean dockerAvailable();

        /** {@code docker login}: checks the registry and password; a {@link Failure} with Docker's message. */
        void dockerLogin(String registry, String password) throws Failure;

        /** The files of the build's workspace (the source, then what commands wrote), by relative path. */
        Map<String, byte[]> workspace();

        /** Pushes an image ({@code registry/name:tag}) of these files; returns its digest. */
        String push(String registry, String repository, String tag, Map<String, byte[]> files) throws Failure;
    }

    /** A command's failure, with what it printed (its error message). */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message, null, false, false);
        }
    }

    /** A line the shell does not run: the build fails with this message. */
    static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        Unsupported(String line) {
            super("[Sandbox] command not supported here: " + line, null, false, false);
        }
    }

    /** What a command line did: its exit status and what it printed, line by line. */
    record Outcome(int status, List<String> output) {
        boolean succeeded() {
            return status == 0;
        }
    }

    /** The folder a build's source is in, as CodeBuild names it (Docker's messages show it). */
    static final String SOURCE_DIR = "/codebuild/output/src1/src";
    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(.*)", Pattern.DOTALL);
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Docker's reference grammar, as far as a tag given to {@code -t} needs it. */
    private static final Pattern REFERENCE = Pattern.compile(
            "(?:([a-zA-Z0-9.-]+(?::[0-9]+)?)/)?([a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)"
                    + "(?::([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?");

    private final ShellState state;
    private final Host host;

    Shell(ShellState state, Host host) {
        this.state = state;
        this.host = host;
    }

    /** Runs one command line of a buildspec. */
    Outcome run(String line) throws Unsupported {
        List<String> out = new ArrayList<>();
        int status;
        try {
            status = execute(line, out, null);
        } catch (Unsupported e) {
            throw new Unsupported(line);
        }
        return new Outcome(status, out);
    }

    /**
     * Runs a line; what it prints goes to {@code out} (standard error and output alike, as a
     * build's log shows them), or to {@code captured} for a command substitution's output.
     */
    private int execute(String line, List<String> log, StringBuilder captured) throws Unsupported {
        String trimmed = line.strip();
        if (trimmed.isEmpty()) {
            return 0;
        }
        Matcher assignment = ASSIGNMENT.matcher(trimmed);
        if (assignment.matches()) {
            if (hasUnquotedBlank(assignment.group(2))) {
                // NAME=value command: an environment prefix, not a plain assignment.
                throw new Unsupported(line);
            }
            Lexed value = lex(assignment.group(2), false, log);
            if (value.words().size() == 1 && value.operators().isEmpty()) {
                state.variables.put(assignment.group(1), value.words().get(0));
                return value.substitutionStatus();
            }
            throw new Unsupported(line);
        }
        Lexed lexed = lex(trimmed, true, log);
        List<List<String>> stages = new ArrayList<>();
        List<String> current = new ArrayList<>();
        String redirect = null;
        boolean append = false;
        int word = 0;
        for (Object token : lexed.sequence()) {
            if (token instanceof Operator op) {
                switch (op) {
                    case PIPE -> {
                        if (current.isEmpty() || redirect != null) {
                            throw new Unsupported(line);
                        }
                        stages.add(current);
                        current = new ArrayList<>();
                    }
                    case GREATER, APPEND -> {
                        if (redirect != null) {
                            throw new Unsupported(line);
                        }
                        redirect = "";
                        append = op == Operator.APPEND;
                    }
                }
            } else {
                String w = (String) token;
                if (redirect != null && redirect.isEmpty()) {
                    redirect = w;
                } else if (redirect != null) {
                    throw new Unsupported(line);
                } else {
                    current.add(w);
                }
                word++;
            }
        }
        if (current.isEmpty() || (redirect != null && redirect.isEmpty()) || word == 0) {
            throw new Unsupported(line);
        }
        stages.add(current);
        String stdin = "";
        int status = 0;
        for (int i = 0; i < stages.size(); i++) {
            // The last stage's output goes to the terminal (the log) unless redirected or captured.
            boolean terminal = i == stages.size() - 1 && redirect == null && captured == null;
            Io io = new Io(log, terminal);
            status = command(stages.get(i), stdin, io);
            io.flush();
            stdin = terminal ? "" : io.out.toString();
        }
        if (redirect != null) {
            String path = normalise(redirect);
            String before = append ? state.written.getOrDefault(path, "") : "";
            state.written.put(path, before + stdin);
        } else if (captured != null) {
            captured.append(stdin);
        }
        return status;
    }

    /** One simple command: reads {@code stdin}, writes {@code stdout}; errors go to the log. */
    private int command(List<String> words, String stdin, Io io) throws Unsupported {
        String name = words.get(0);
        List<String> args = words.subList(1, words.size());
        return switch (name) {
            case "echo" -> echo(args, io);
            case "printf" -> printf(args, io);
            case "cut" -> cut(args, stdin, io);
            case "aws" -> aws(args, io);
            case "docker" -> docker(args, stdin, io);
            default -> throw new Unsupported(name);
        };
    }

    /**
     * A command's standard output and error. Errors go to the log at once; the output too when it
     * goes to the terminal, flushed before each error so the log shows them in the order printed.
     */
    static final class Io {
        final StringBuilder out = new StringBuilder();
        private final List<String> log;
        private final boolean terminal;

        Io(List<String> log, boolean terminal) {
            this.log = log;
            this.terminal = terminal;
        }

        void err(String line) {
            flush();
            log.add(line);
        }

        void flush() {
            if (terminal && out.length() > 0) {
                out.toString().lines().forEach(log::add);
                out.setLength(0);
            }
        }
    }

    // ------------------------------------------------------------------ echo, printf, cut

    private static int echo(List<String> args, Io io) {
        boolean newline = true;
        List<String> rest = args;
        if (!rest.isEmpty() && rest.get(0).equals("-n")) {
            newline = false;
            rest = rest.subList(1, rest.size());
        }
        io.out.append(String.join(" ", rest));
        if (newline) {
            io.out.append('\n');
        }
        return 0;
    }

    /** printf as sh's builtin: the format is reused while arguments remain; {@code %s}, {@code %d}, {@code %%}, escapes. */
    private static int printf(List<String> args, Io io) {
        if (args.isEmpty()) {
            io.err("printf: usage: printf [-v var] format [arguments]");
            return 2;
        }
        String format = args.get(0);
        List<String> values = args.subList(1, args.size());
        int next = 0;
        do {
            boolean consumed = false;
            for (int i = 0; i < format.length(); i++) {
                char c = format.charAt(i);
                if (c == '\\' && i + 1 < format.length()) {
                    char e = format.charAt(++i);
                    io.out.append(switch (e) {
                        case 'n' -> "\n";
                        case 't' -> "\t";
                        case '\\' -> "\\";
                        case '"' -> "\"";
                        default -> "\\" + e;
                    });
                } else if (c == '%' && i + 1 < format.length()) {
                    char spec = format.charAt(++i);
                    if (spec == '%') {
                        io.out.append('%');
                        continue;
                    }
                    String value = next < values.size() ? values.get(next) : "";
                    next++;
                    consumed = true;
                    if (spec == 's') {
                        io.out.append(value);
                    } else if (spec == 'd') {
                        try {
                            io.out.append(value.isEmpty() ? 0 : Long.parseLong(value.strip()));
                        } catch (NumberFormatException e) {
                            io.err("printf: " + value + ": invalid number");
                            return 1;
                        }
                    } else {
                        io.err("printf: %" + spec + ": invalid directive");
                        return 1;
                    }
                } else {
                    io.out.append(c);
                }
            }
            if (!consumed) {
                break;
            }
        } while (next < values.size());
        return 0;
    }

    /** GNU cut on standard input: {@code -d X -f LIST} or {@code -c LIST}, with its error messages. */
    static int cut(List<String> args, String stdin, Io io) throws Unsupported {
        String delimiter = null;
        String fields = null;
        String chars = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String value;
            char option;
            if (a.startsWith("-") && a.length() >= 2 && "dfc".indexOf(a.charAt(1)) >= 0) {
                option = a.charAt(1);
                if (a.length() > 2) {
                    value = a.substring(2);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    io.err("cut: option requires an argument -- '" + option + "'");
                    io.err("Try 'cut --help' for more information.");
                    return 1;
                }
            } else {
                // A file operand or another option: only the forms the buildspec uses are modelled.
                throw new Unsupported("cut");
            }
            switch (option) {
                case 'd' -> delimiter = value;
                case 'f' -> fields = value;
                default -> chars = value;
            }
        }
        if (fields == null && chars == null) {
            return usage(io, "you must specify a list of bytes, characters, or fields");
        }
        if (fields != null && chars != null) {
            return usage(io, "only one type of list may be specified");
        }
        if (delimiter != null && fields == null) {
            return usage(io, "an input delimiter may be specified only when operating on fields");
        }
        if (delimiter != null && delimiter.length() != 1) {
            return usage(io, "the delimiter must be a single character");
        }
        List<int[]> ranges = new ArrayList<>();
        for (String part : (fields != null ? fields : chars).split(",", -1)) {
            Matcher m = Pattern.compile("(\\d*)(-?)(\\d*)").matcher(part);
            if (part.isEmpty() || part.equals("-") || !m.matches()) {
                return usage(io, fields != null ? "invalid field value '" + part + "'"
                        : "invalid byte or character range");
            }
            long from = m.group(1).isEmpty() ? 1 : Long.parseLong(m.group(1));
            long to = m.group(2).isEmpty() ? from : m.group(3).isEmpty() ? Integer.MAX_VALUE : Long.parseLong(m.group(3));
            if ((!m.group(1).isEmpty() && from == 0) || (!m.group(3).isEmpty() && to == 0)) {
                return usage(io, "fields and positions are numbered from 1");
            }
            if (from > to) {
                return usage(io, "invalid decreasing range");
            }
            ranges.add(new int[] {(int) Math.min(from, Integer.MAX_VALUE), (int) Math.min(to, Integer.MAX_VALUE)});
        }
        String d = delimiter == null ? "\t" : delimiter;
        for (String l : stdin.lines().toList()) {
            if (fields != null) {
                if (!l.contains(d)) {
                    // GNU cut prints a line without the delimiter whole.
                    io.out.append(l).append('\n');
                    continue;
                }
                String[] parts = l.split(Pattern.quote(d), -1);
                List<String> picked = new ArrayList<>();
                for (int i = 1; i <= parts.length; i++) {
                    if (selected(ranges, i)) {
                        picked.add(parts[i - 1]);
                    }
                }
                io.out.append(String.join(d, picked)).append('\n');
            } else {
                StringBuilder picked = new StringBuilder();
                for (int i = 1; i <= l.length(); i++) {
                    if (selected(ranges, i)) {
                        picked.append(l.charAt(i - 1));
                    }
                }
                io.out.append(picked).append('\n');
            }
        }
        return 0;
    }

    private static boolean selected(List<int[]> ranges, int position) {
        for (int[] r : ranges) {
            if (position >= r[0] && position <= r[1]) {
                return true;
            }
        }
        return false;
    }

    private static int usage(Io io, String message) {
        io.err("cut: " + message);
        io.err("Try 'cut --help' for more information.");
        return 1;
    }

    // ------------------------------------------------------------------ aws, docker

    private int aws(List<String> args, Io io) throws Unsupported {
        if (args.size() < 2 || !args.get(0).equals("ecr") || !args.get(1).equals("get-login-password")) {
            throw new Unsupported("aws");
        }
        String region = state.variables.get("AWS_DEFAULT_REGION");
        for (int i = 2; i < args.size(); i++) {
            if (args.get(i).equals("--region") && i + 1 < args.size()) {
                region = args.get(++i);
            } else {
                throw new Unsupported("aws");
            }
        }
        try {
            io.out.append(host.ecrLoginPassword(region)).append('\n');
            return 0;
        } catch (Failure f) {
            io.err("");
            io.err(f.getMessage());
            return 254;
        }
    }

    private int docker(List<String> args, String stdin, Io io) throws Unsupported {
        if (args.isEmpty()) {
            throw new Unsupported("docker");
        }
        String sub = args.get(0);
        List<String> rest = args.subList(1, args.size());
        if (!List.of("login", "build", "push").contains(sub)) {
            throw new Unsupported("docker");
        }
        if (!host.dockerAvailable()) {
            io.err("Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?");
            return 1;
        }
        return switch (sub) {
            case "login" -> dockerLogin(rest, stdin, io);
            case "build" -> dockerBuild(rest, io);
            default -> dockerPush(rest, io);
        };
    }

    private int dockerLogin(List<String> args, String stdin, Io io)
            throws Unsupported {
        String user = null;
        boolean passwordStdin = false;
        String registry = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if ((a.equals("--username") || a.equals("-u")) && i + 1 < args.size()) {
                user = args.get(++i);
            } else if (a.equals("--password-stdin")) {
                passwordStdin = true;
            } else if (!a.startsWith("-") && registry == null) {
                registry = a;
            } else {
                throw new Unsupported("docker");
            }
        }
        if (!passwordStdin || user == null || registry == null) {
            throw new Unsupported("docker");
        }
        String password = stdin.strip();
        if (password.isEmpty()) {
            io.err("Error: Cannot perform an interactive login from a non TTY device");
            return 1;
        }
        try {
            host.dockerLogin(registry, password);
        } catch (Failure f) {
            io.err(f.getMessage());
            return 1;
        }
        if (!state.loggedIn.contains(registry)) {
            state.loggedIn.add(registry);
        }
        io.out.append("WARNING! Your password will be stored unencrypted in /root/.docker/config.json.\n")
                .append("Configure a credential helper to remove this warning. See\n")
                .append("https://docs.docker.com/engine/reference/commandline/login/#credentials-store\n\n")
                .append("Login Succeeded\n");
        return 0;
    }

    private int dockerBuild(List<String> args, Io io) throws Unsupported {
        String tag = null;
        String context = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if ((a.equals("-t") || a.equals("--tag")) && i + 1 < args.size()) {
                tag = args.get(++i);
            } else if (!a.startsWith("-") && context == null) {
                context = a;
            } else {
                throw new Unsupported("docker");
            }
        }
        if (context == null) {
            io.err("\"docker build\" requires exactly 1 argument.");
            return 1;
        }
        if (tag != null && !REFERENCE.matcher(tag).matches()) {
            io.err("invalid argument \"" + tag + "\" for \"-t, --tag\" flag: invalid reference format");
            return 125;
        }
        String dir = normalise(context);
        Map<String, byte[]> files = under(host.workspace(), dir);
        String where = dir.isEmpty() ? SOURCE_DIR : SOURCE_DIR + "/" + dir;
        byte[] dockerfile = files.get("Dockerfile");
        if (dockerfile == null) {
            io.err("unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat " + where
                    + "/Dockerfile: no such file or directory");
            return 1;
        }
        long size = files.values().stream().mapToLong(b -> b.length).sum();
        io.out.append("Sending build context to Docker daemon  ").append(String.format("%.2fkB", size / 1000.0))
                .append("\n");
        List<String> steps = new String(dockerfile, StandardCharsets.UTF_8).lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        for (int i = 0; i < steps.size(); i++) {
            io.out.append("Step ").append(i + 1).append('/').append(steps.size()).append(" : ").append(steps.get(i))
                    .append('\n');
        }
        String id = digest(files).substring("sha256:".length(), "sha256:".length() + 12);
        io.out.append("Successfully built ").append(id).append('\n');
        if (tag != null) {
            state.images.put(withTag(tag), dir);
            io.out.append("Successfully tagged ").append(withTag(tag)).append('\n');
        }
        return 0;
    }

    private int dockerPush(List<String> args, Io io) throws Unsupported {
        if (args.size() != 1 || args.get(0).startsWith("-")) {
            throw new Unsupported("docker");
        }
        String ref = withTag(args.get(0));
        Matcher m = REFERENCE.matcher(ref);
        if (!m.matches()) {
            io.err("invalid reference format");
            return 1;
        }
        String registry = m.group(1);
        String repository = m.group(2);
        String tag = m.group(3);
        String name = registry == null ? "docker.io/library/" + repository : registry + "/" + repository;
        String dir = state.images.get(ref);
        if (dir == null) {
            io.err("An image does not exist locally with the tag: " + (registry == null ? "" : registry + "/")
                    + repository);
            return 1;
        }
        io.out.append("The push refers to repository [").append(name).append("]\n");
        if (registry == null || !state.loggedIn.contains(registry)) {
            io.err("no basic auth credentials");
            return 1;
        }
        try {
            String digest = host.push(registry, repository, tag, under(host.workspace(), dir));
            io.out.append(digest, "sha256:".length(), "sha256:".length() + 12).append(": Pushed\n");
            io.out.append(tag).append(": digest: ").append(digest).append(" size: 528\n");
            return 0;
        } catch (Failure f) {
            io.err(f.getMessage());
            return 1;
        }
    }

    /** A reference with its tag: Docker's default tag is {@code latest}. */
    private static String withTag(String ref) {
        int slash = ref.lastIndexOf('/');
        return ref.indexOf(':', slash + 1) < 0 ? ref + ":latest" : ref;
    }

    /** The files under a folder of the workspace, by their path relative to it. */
    private static Map<String, byte[]> under(Map<String, byte[]> workspace, String dir) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        String prefix = dir.isEmpty() ? "" : dir + "/";
        workspace.forEach((path, body) -> {
            if (path.startsWith(prefix)) {
                out.put(path.substring(prefix.length()), body);
            }
        });
        return out;
    }

    /** A workspace path without {@code ./}, leading or doubled slashes; {@code .} is the root (empty). */
    static String normalise(String path) {
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
                continue;
            }
            parts.add(p);
        }
        return String.join("/", parts);
    }

    // ------------------------------------------------------------------ words

    private enum Operator { PIPE, GREATER, APPEND }

    /** A lexed line: words and operators in order, and the status of its last command substitution. */
    private record Lexed(List<Object> sequence, int substitutionStatus) {
        List<String> words() {
            return sequence.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }

        List<Operator> operators() {
            return sequence.stream().filter(Operator.class::isInstance).map(Operator.class::cast).toList();
        }
    }

    /**
     * Splits a line into words and operators, expanding variables and command substitutions.
     * With {@code split} false (an assignment's value) nothing is split and operators are text.
     */
    private Lexed lex(String text, boolean split, List<String> log) throws Unsupported {
        List<Object> sequence = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int substitution = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (split && (c == ' ' || c == '\t')) {
                if (inWord) {
                    sequence.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (split && c == '|') {
                if (inWord) {
                    sequence.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                if (i + 1 < text.length() && text.charAt(i + 1) == '|') {
                    throw new Unsupported(text);
                }
                sequence.add(Operator.PIPE);
                i++;
            } else if (split && c == '>') {
                if (inWord) {
                    sequence.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                boolean twice = i + 1 < text.length() && text.charAt(i + 1) == '>';
                sequence.add(twice ? Operator.APPEND : Operator.GREATER);
                i += twice ? 2 : 1;
            } else if (split && ";&<`".indexOf(c) >= 0) {
                // Lists, background jobs, input redirection and backquotes are beyond this shell.
                throw new Unsupported(text);
            } else if (c == '\'') {
                int close = text.indexOf('\'', i + 1);
                if (close < 0) {
                    throw new Unsupported(text);
                }
                word.append(text, i + 1, close);
                inWord = true;
                i = close + 1;
            } else if (c == '"') {
                i++;
                inWord = true;
                while (true) {
                    if (i >= text.length()) {
                        throw new Unsupported(text);
                    }
                    char q = text.charAt(i);
                    if (q == '"') {
                        i++;
                        break;
                    }
                    if (q == '\\' && i + 1 < text.length() && "\"\\$`".indexOf(text.charAt(i + 1)) >= 0) {
                        word.append(text.charAt(i + 1));
                        i += 2;
                    } else if (q == '$') {
                        Expansion e = expand(text, i, log);
                        word.append(e.value());
                        if (e.status() >= 0) {
                            substitution = e.status();
                        }
                        i = e.end();
                    } else if (q == '`') {
                        throw new Unsupported(text);
                    } else {
                        word.append(q);
                        i++;
                    }
                }
            } else if (c == '\\' && i + 1 < text.length()) {
                word.append(text.charAt(i + 1));
                inWord = true;
                i += 2;
            } else if (c == '$') {
                Expansion e = expand(text, i, log);
                if (e.status() >= 0) {
                    substitution = e.status();
                }
                i = e.end();
                if (!split) {
                    word.append(e.value());
                    inWord = true;
                } else {
                    // Unquoted: the value is split into fields on blanks and newlines.
                    String v = e.value();
                    for (int k = 0; k < v.length(); k++) {
                        char x = v.charAt(k);
                        if (x == ' ' || x == '\t' || x == '\n') {
                            if (inWord) {
                                sequence.add(word.toString());
                                word.setLength(0);
                                inWord = false;
                            }
                        } else {
                            word.append(x);
                            inWord = true;
                        }
                    }
                }
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord || (!split && sequence.isEmpty())) {
            sequence.add(word.toString());
        }
        return new Lexed(sequence, substitution);
    }

    /** An expansion's value, where the text after it starts, and a substitution's status (-1 for a variable). */
    private record Expansion(String value, int end, int status) {
    }

    private Expansion expand(String text, int dollar, List<String> log) throws Unsupported {
        int i = dollar + 1;
        if (i >= text.length()) {
            return new Expansion("$", i, -1);
        }
        char c = text.charAt(i);
        if (c == '(') {
            if (i + 1 < text.length() && text.charAt(i + 1) == '(') {
                throw new Unsupported(text); // arithmetic
            }
            int close = matchingParen(text, i);
            if (close < 0) {
                throw new Unsupported(text);
            }
            StringBuilder captured = new StringBuilder();
            int status = execute(text.substring(i + 1, close), log, captured);
            String value = captured.toString();
            while (value.endsWith("\n")) {
                value = value.substring(0, value.length() - 1);
            }
            return new Expansion(value, close + 1, status);
        }
        if (c == '{') {
            int close = text.indexOf('}', i);
            if (close < 0) {
                throw new Unsupported(text);
            }
            String name = text.substring(i + 1, close);
            if (!NAME.matcher(name).matches()) {
                throw new Unsupported(text); // ${x:-y} and the like
            }
            return new Expansion(state.variables.getOrDefault(name, ""), close + 1, -1);
        }
        Matcher m = NAME.matcher(text).region(i, text.length());
        if (m.lookingAt()) {
            return new Expansion(state.variables.getOrDefault(m.group(), ""), m.end(), -1);
        }
        return new Expansion("$", i, -1);
    }

    /** Whether an assignment's value has a blank outside quotes and substitutions (then a command follows). */
    private static boolean hasUnquotedBlank(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t') {
                return true;
            }
            if (c == '\\') {
                i++;
            } else if (c == '\'') {
                int close = value.indexOf('\'', i + 1);
                i = close < 0 ? value.length() : close;
            } else if (c == '"') {
                int j = i + 1;
                while (j < value.length() && value.charAt(j) != '"') {
                    j += value.charAt(j) == '\\' ? 2 : 1;
                }
                i = j;
            } else if (c == '$' && i + 1 < value.length() && value.charAt(i + 1) == '(') {
                int close = matchingParen(value, i + 1);
                i = close < 0 ? value.length() : close;
            }
        }
        return false;
    }

    /** An image's content digest: SHA-256 over its files in path order (what {@code docker build} shows). */
    static String digest(Map<String, byte[]> files) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            new java.util.TreeMap<>(files).forEach((path, body) -> {
                sha.update(path.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(body);
            });
            return "sha256:" + java.util.HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The index of the {@code )} closing the {@code (} at {@code open}, skipping quotes; -1 when none. */
    private static int matchingParen(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'') {
                int close = text.indexOf('\'', i + 1);
                if (close < 0) {
                    return -1;
                }
                i = close;
            } else if (c == '"') {
                int j = i + 1;
                while (j < text.length() && text.charAt(j) != '"') {
                    j += text.charAt(j) == '\\' ? 2 : 1;
                }
                i = j;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }
}
