package dev.cairn.sandbox.codebuild;

import dev.cairn.sandbox.codebuild.CodeBuildStore.Build;
import dev.cairn.sandbox.codebuild.CodeBuildStore.Phase;
import dev.cairn.sandbox.codebuild.CodeBuildStore.Project;
import dev.cairn.sandbox.codebuild.CodeBuildStore.RegionState;
import dev.cairn.sandbox.codebuild.CodeBuildStore.Variable;
import dev.cairn.sandbox.core.Arn;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Call;
import dev.cairn.sandbox.ecr.EcrImages;
import dev.cairn.sandbox.iam.IamRoles;
import dev.cairn.sandbox.logs.LogEvents;
import dev.cairn.sandbox.s3.S3Artifacts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The builds of one account and region and how they move: AWS's phases in order on the
 * Sandbox's clock, each entered when the previous one ends. A phase does its work when it is
 * entered (reads the source, runs its buildspec commands through the {@link Shell}, pushes, uploads
 * the artifacts) and shows its status only once its duration has passed; so {@code BatchGetBuilds}
 * sees the phase in progress, then done. Failures go where CodeBuild's go: a failed
 * {@code INSTALL} or {@code PRE_BUILD} skips to {@code FINALIZING}, a failed {@code BUILD} still
 * runs {@code POST_BUILD}, and {@code UPLOAD_ARTIFACTS} is always attempted after {@code BUILD}.
 *
 * <p>Invariant: a build's phases are a prefix of the order above (minus skipped phases); only the
 * last one may still be running ({@code end} in the future), and {@code COMPLETED} has no end.
 */
final class Builds {
    static final String BLOBS = "codebuild";
    /** How long each phase takes in AWS for a small build (typical figures of a BUILD_GENERAL1_SMALL build log). */
    static final Map<String, Duration> PHASE_DURATIONS = Map.of(
            "SUBMITTED", Duration.ofMillis(500),
            "QUEUED", Duration.ofSeconds(1),
            "PROVISIONING", Duration.ofSeconds(15),
            "DOWNLOAD_SOURCE", Duration.ofSeconds(2),
            "INSTALL", Duration.ofMillis(500),
            "PRE_BUILD", Duration.ofMillis(500),
            "BUILD", Duration.ofMillis(500),
            "POST_BUILD", Duration.ofMillis(500),
            "UPLOAD_ARTIFACTS", Duration.ofSeconds(1),
            "FINALIZING", Duration.ofSeconds(2));
    /** A plain shell command (echo, an assignment) takes about this long. */
    static final Duration COMMAND = Duration.ofMillis(100);
    /** {@code docker build} of the sample app: pulling nginx's alpine image and copying a file, about 20 s. */
    static final Duration DOCKER_BUILD = Duration.ofSeconds(20);
    /** {@code docker push} of its layers to ECR in the same region, about 6 s. */
    static final Duration DOCKER_PUSH = Duration.ofSeconds(6);
    /** {@code aws ecr get-login-password | docker login}, about 3 s. */
    static final Duration REGISTRY_LOGIN = Duration.ofSeconds(3);
    static final List<String> ORDER = List.of("SUBMITTED", "QUEUED", "PROVISIONING", "DOWNLOAD_SOURCE", "INSTALL",
            "PRE_BUILD", "BUILD", "POST_BUILD", "UPLOAD_ARTIFACTS", "FINALIZING", "COMPLETED");
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);
    private static final Pattern REGISTRY = Pattern.compile("(\\d{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com");

    private final RegionState state;
    private final Call call;

    Builds(RegionState state, Call call) {
        this.state = state;
        this.call = call;
    }

    /** What starts a build, beyond its project: the resolved source, output and overrides. */
    static final class Start {
        String sourceType;
        String sourceLocation;
        String buildspec;
        String sourceVersion;
        String resolvedSourceVersion;
        String outputBucket;
        String outputKey;
        String initiator;
        List<Variable> variables = new ArrayList<>();
        String serviceRole;
        Boolean privilegedMode;
        String image;
        String computeType;
        String environmentType;
        Integer timeoutInMinutes;
    }

    /** Starts a build of a project: {@code SUBMITTED} now. */
    Build start(Project p, Start s) {
        Build b = new Build();
        String uuid = UUID.randomUUID().toString();
        b.id = p.id + ":" + uuid;
        b.arn = Arn.of("codebuild", call.region(), call.accountId(), "build/" + b.id).toString();
        b.projectName = p.id;
        b.buildNumber = ++p.buildCount;
        b.startTime = call.now();
        b.initiator = s.initiator;
        b.source = CodeBuildService.copy(p.source, CodeBuildStore.Source.class);
        b.source.type = s.sourceType;
        b.source.location = s.sourceLocation;
        if (s.buildspec != null) {
            b.source.buildspec = s.buildspec;
        }
        b.sourceVersion = s.sourceVersion;
        b.resolvedSourceVersion = s.resolvedSourceVersion;
        b.environment = CodeBuildService.copy(p.environment, CodeBuildStore.Environment.class);
        if (s.privilegedMode != null) {
            b.environment.privilegedMode = s.privilegedMode;
        }
        if (s.image != null) {
            b.environment.image = s.image;
        }
        if (s.computeType != null) {
            b.environment.computeType = s.computeType;
        }
        if (s.environmentType != null) {
            b.environment.type = s.environmentType;
        }
        for (Variable v : s.variables) {
            b.environment.variables.removeIf(old -> old.name.equals(v.name));
            b.environment.variables.add(v);
        }
        b.serviceRole = s.serviceRole != null ? s.serviceRole : p.serviceRole;
        b.timeoutInMinutes = s.timeoutInMinutes != null ? s.timeoutInMinutes : p.timeoutInMinutes;
        b.queuedTimeoutInMinutes = p.queuedTimeoutInMinutes;
        b.logsStatus = p.logsStatus;
        if ("ENABLED".equals(p.logsStatus)) {
            b.logsGroup = p.logsGroup != null ? p.logsGroup : "/aws/codebuild/" + p.id;
            b.logsStream = p.logsStream != null ? p.logsStream + "/" + uuid : uuid;
        }
        b.artifacts = CodeBuildService.copy(p.artifacts, CodeBuildStore.Artifacts.class);
        b.outputBucket = s.outputBucket;
        b.outputKey = s.outputKey;
        Map<String, String> env = b.shell.variables;
        env.put("AWS_DEFAULT_REGION", call.region());
        env.put("AWS_REGION", call.region());
        env.put("CODEBUILD_BUILD_ARN", b.arn);
        env.put("CODEBUILD_BUILD_ID", b.id);
        env.put("CODEBUILD_BUILD_NUMBER", Long.toString(b.buildNumber));
        env.put("CODEBUILD_BUILD_IMAGE", b.environment.image);
        env.put("CODEBUILD_BUILD_SUCCEEDING", "1");
        env.put("CODEBUILD_INITIATOR", b.initiator);
        env.put("CODEBUILD_RESOLVED_SOURCE_VERSION", b.resolvedSourceVersion == null ? "" : b.resolvedSourceVersion);
        env.put("CODEBUILD_SOURCE_VERSION", b.sourceVersion == null ? "" : b.sourceVersion);
        env.put("CODEBUILD_SRC_DIR", Shell.SOURCE_DIR);
        env.put("CODEBUILD_START_TIME", Long.toString(b.startTime));
        env.put("HOME", "/root");
        for (Variable v : b.environment.variables) {
            env.put(v.name, v.value);
        }
        Phase submitted = new Phase();
        submitted.type = "SUBMITTED";
        submitted.start = b.startTime;
        submitted.status = "SUCCEEDED";
        submitted.end = b.startTime + duration(PHASE_DURATIONS.get("SUBMITTED"));
        b.phases.add(submitted);
        state.builds.put(b.id, b);
        return b;
    }

    /** A build by ID, brought up to the call's clock; null when there is none. */
    Build find(String id) {
        Build b = id == null ? null : state.builds.get(id);
        if (b != null) {
            advance(b);
        }
        return b;
    }

    /** Every build of the region up to the call's clock (the settler's work). */
    void advanceAll() {
        for (Build b : new ArrayList<>(state.builds.values())) {
            advance(b);
        }
    }

    /** Whether some build of the region has work due at the call's clock. */
    static boolean due(RegionState state, long now) {
        for (Build b : state.builds.values()) {
            if (!b.complete) {
                Phase last = b.phases.get(b.phases.size() - 1);
                if ((last.end != null && last.end <= now) || b.stopRequestedAt != null) {
                    return true;
                }
            }
        }
        return false;
    }

    /** StopBuild: the running phase ends {@code STOPPED} now; the build finalizes and completes {@code STOPPED}. */
    Build stop(Build b) {
        advance(b);
        if (!b.complete) {
            b.stopRequestedAt = call.now();
            advance(b);
        }
        return b;
    }

    /** Enters every phase whose time has come. */
    void advance(Build b) {
        while (!b.complete) {
            Phase current = b.phases.get(b.phases.size() - 1);
            if (b.stopRequestedAt != null && !current.type.equals("FINALIZING")
                    && !"STOPPED".equals(current.status)) {
                if (current.end == null || current.end > b.stopRequestedAt) {
                    current.end = Math.max(current.start, b.stopRequestedAt);
                    current.status = "STOPPED";
                    current.contextCode = null;
                    current.contextMessage = null;
                }
                b.outcome = "STOPPED";
            }
            if (current.end > call.now()) {
                return;
            }
            enter(b, next(b, current), current.end);
        }
    }

    private static String next(Build b, Phase current) {
        if ("STOPPED".equals(current.status) || b.stopRequestedAt != null) {
            return current.type.equals("FINALIZING") ? "COMPLETED" : "FINALIZING";
        }
        if ("FAILED".equals(current.status)) {
            return switch (current.type) {
                case "BUILD" -> "POST_BUILD";
                case "POST_BUILD" -> "UPLOAD_ARTIFACTS";
                case "FINALIZING" -> "COMPLETED";
                default -> "FINALIZING";
            };
        }
        return ORDER.get(ORDER.indexOf(current.type) + 1);
    }

    /** Enters a phase at {@code start}: does its work, decides its status and when it ends. */
    private void enter(Build b, String type, long start) {
        Phase p = new Phase();
        p.type = type;
        p.start = start;
        b.phases.add(p);
        if (type.equals("COMPLETED")) {
            b.complete = true;
            b.endTime = start;
            b.buildStatus = b.outcome;
            return;
        }
        Work work = new Work(b, p);
        Duration took = switch (type) {
            case "PROVISIONING" -> work.provision();
            case "DOWNLOAD_SOURCE" -> work.downloadSource();
            case "INSTALL", "PRE_BUILD", "BUILD", "POST_BUILD" -> work.commands();
            case "UPLOAD_ARTIFACTS" -> work.uploadArtifacts();
            case "FINALIZING" -> work.finish();
            default -> Duration.ZERO;
        };
        if (p.status == null) {
            p.status = "SUCCEEDED";
        }
        if (p.status.equals("FAILED")) {
            b.outcome = "FAILED";
            b.shell.variables.put("CODEBUILD_BUILD_SUCCEEDING", "0");
        }
        p.end = start + duration(PHASE_DURATIONS.get(type).plus(took));
        work.log.flush(p.end);
    }

    private long duration(Duration real) {
        return call.world().timing().scaledMillis(real);
    }

    // ------------------------------------------------------------------ a phase's work

    /** The lines of the build's log a phase writes, stamped as CodeBuild's agent stamps them. */
    private final class Log {
        private final Build build;
        private final List<String> lines = new ArrayList<>();
        private long at;

        Log(Build build, long at) {
            this.build = build;
            this.at = at;
        }

        void container(String message) {
            lines.add("[Container] " + LOG_TIME.format(Instant.ofEpochMilli(at)) + " " + message);
        }

        void output(List<String> out) {
            lines.addAll(out);
        }

        void pass(Duration d) {
            at += duration(d);
        }

        /** Appends the phase's lines to the build's stream; nothing when logs are off, or CloudWatch Logs is not served. */
        void flush(long end) {
            at = end;
            if (lines.isEmpty() || build.logsGroup == null) {
                return;
            }
            Optional<LogEvents> logs = call.optionalPeer(LogEvents.class);
            // A group that does not exist is one CodeBuild would create; the Sandbox's Logs interface cannot.
            logs.ifPresent(l -> l.append(build.logsGroup, build.logsStream, List.copyOf(lines)));
            lines.clear();
        }
    }

    private final class Work implements Shell.Host {
        private final Build b;
        private final Phase p;
        private final Log log;
        private final Set<String> issuedPasswords = new HashSet<>();
        private Map<String, byte[]> source;

        Work(Build b, Phase p) {
            this.b = b;
            this.p = p;
            this.log = new Log(b, p.start);
        }

        /** The phase's status so far: it succeeds unless something failed it. */
        private String state() {
            return p.status == null ? "SUCCEEDED" : p.status;
        }

        private void fail(String code, String message) {
            p.status = "FAILED";
            p.contextCode = code;
            p.contextMessage = message;
        }

        Duration provision() {
            Optional<IamRoles> iam = call.optionalPeer(IamRoles.class);
            if (iam.isPresent() && !iam.get().assumableBy(b.serviceRole, Projects.SERVICE_PRINCIPAL)) {
                fail("CLIENT_ERROR", "CodeBuild is not authorized to perform: sts:AssumeRole on " + b.serviceRole);
            }
            return Duration.ZERO;
        }

        Duration downloadSource() {
            log.container("Running on CodeBuild On-demand");
            log.container("Waiting for agent ping");
            log.container("Waiting for DOWNLOAD_SOURCE");
            String text = b.source.buildspec;
            if (!b.source.type.equals("NO_SOURCE")) {
                String bucket;
                String key;
                int slash = b.source.location.indexOf('/');
                bucket = b.source.location.substring(0, slash);
                key = b.source.location.substring(slash + 1);
                Optional<byte[]> zip = call.optionalPeer(S3Artifacts.class).flatMap(s3 -> s3.get(bucket, key));
                if (zip.isEmpty()) {
                    fail("CLIENT_ERROR", "NoSuchKey: The specified key does not exist. for primary source and source "
                            + "version arn:aws:s3:::" + b.source.location);
                    log.container("Phase complete: DOWNLOAD_SOURCE State: FAILED");
                    log.container("Phase context status code: " + p.contextCode + " Message: " + p.contextMessage);
                    return Duration.ZERO;
                }
                try {
                    b.sourceBlob = call.world().blobs().write(BLOBS, new ByteArrayInputStream(zip.get()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (text == null) {
                    byte[] file = workspace().get("buildspec.yml");
                    if (file == null) {
                        fail("YAML_FILE_ERROR", "stat " + Shell.SOURCE_DIR + "/buildspec.yml: no such file or directory");
                        log.container("Phase complete: DOWNLOAD_SOURCE State: FAILED");
                        log.container("Phase context status code: " + p.contextCode + " Message: " + p.contextMessage);
                        return Duration.ZERO;
                    }
                    text = new String(file, StandardCharsets.UTF_8);
                }
            }
            log.container("CODEBUILD_SRC_DIR=" + Shell.SOURCE_DIR);
            log.container("YAML location is " + (b.source.buildspec == null ? Shell.SOURCE_DIR + "/buildspec.yml"
                    : "inline"));
            try {
                Buildspec spec = Buildspec.parse(text);
                log.container("Processing environment variables");
                Set<String> fromProject = new HashSet<>();
                b.environment.variables.forEach(v -> fromProject.add(v.name));
                // Precedence as AWS's: StartBuild overrides, then the project, then the buildspec.
                spec.variables().forEach((k, v) -> {
                    if (!fromProject.contains(k) && !k.startsWith("CODEBUILD_")) {
                        b.shell.variables.put(k, v);
                    }
                });
                b.buildspec = text;
            } catch (Buildspec.Invalid e) {
                fail("YAML_FILE_ERROR", e.getMessage());
            }
            log.container("Moving to directory " + Shell.SOURCE_DIR);
            log.container("Phase complete: DOWNLOAD_SOURCE State: " + state());
            log.container("Phase context status code: " + nullToEmpty(p.contextCode) + " Message: "
                    + nullToEmpty(p.contextMessage));
            return Duration.ZERO;
        }

        Duration commands() {
            Buildspec spec;
            try {
                spec = Buildspec.parse(b.buildspec);
            } catch (Buildspec.Invalid e) {
                throw new IllegalStateException("a buildspec read in DOWNLOAD_SOURCE no longer parses", e);
            }
            Duration took = Duration.ZERO;
            log.container("Entering phase " + p.type);
            Shell shell = new Shell(b.shell, this);
            for (String command : spec.commands().get(p.type)) {
                log.container("Running command " + command);
                Duration d = cost(command);
                took = took.plus(d);
                Shell.Outcome outcome;
                try {
                    outcome = shell.run(command);
                } catch (Shell.Unsupported e) {
                    log.output(List.of(e.getMessage()));
                    log.pass(d);
                    outcome = new Shell.Outcome(127, List.of());
                }
                log.output(outcome.output());
                log.pass(d);
                if (!outcome.succeeded()) {
                    log.container("Command did not exit successfully " + command + " exit status " + outcome.status());
                    fail("COMMAND_EXECUTION_ERROR", "Error while executing command: " + command + ". Reason: exit status "
                            + outcome.status());
                    break;
                }
            }
            log.container("Phase complete: " + p.type + " State: " + state());
            log.container("Phase context status code: " + nullToEmpty(p.contextCode) + " Message: "
                    + nullToEmpty(p.contextMessage));
            return took;
        }

        Duration uploadArtifacts() {
            log.container("Entering phase UPLOAD_ARTIFACTS");
            String type = b.artifacts.type;
            if (type.equals("NO_ARTIFACTS") || b.buildspec == null) {
                log.container("Phase complete: UPLOAD_ARTIFACTS State: " + state());
                log.container("Phase context status code:  Message: ");
                return Duration.ZERO;
            }
            Buildspec spec;
            try {
                spec = Buildspec.parse(b.buildspec);
            } catch (Buildspec.Invalid e) {
                throw new IllegalStateException(e);
            }
            Map<String, byte[]> files = new LinkedHashMap<>();
            Map<String, byte[]> workspace = workspace();
            for (String pattern : spec.artifactFiles()) {
                Pattern glob = glob(Shell.normalise(pattern));
                workspace.forEach((path, body) -> {
                    if (glob.matcher(path).matches()) {
                        String name = spec.discardPaths() ? path.substring(path.lastIndexOf('/') + 1) : path;
                        files.put(name, body);
                    }
                });
            }
            if (files.isEmpty()) {
                fail("CLIENT_ERROR", "no matching artifact paths found");
            } else {
                String bucket = b.outputBucket;
                String key = b.outputKey;
                if (type.equals("S3")) {
                    bucket = b.artifacts.location;
                    String name = b.artifacts.name != null ? b.artifacts.name : b.projectName;
                    key = (b.artifacts.path == null ? "" : Shell.normalise(b.artifacts.path) + "/") + name;
                }
                byte[] zip = zip(files);
                try {
                    call.peer(S3Artifacts.class).put(bucket, key, zip);
                    b.artifactLocation = "arn:aws:s3:::" + bucket + "/" + key;
                    b.artifactSha256 = hex("SHA-256", zip);
                    b.artifactMd5 = hex("MD5", zip);
                    log.container("Expanding base directory path: .");
                    log.container("Assembling file list");
                    log.container("Found " + files.size() + " file(s)");
                } catch (AwsException e) {
                    fail("CLIENT_ERROR", e.code() + ": " + e.getMessage());
                }
            }
            log.container("Phase complete: UPLOAD_ARTIFACTS State: " + state());
            log.container("Phase context status code: " + nullToEmpty(p.contextCode) + " Message: "
                    + nullToEmpty(p.contextMessage));
            return Duration.ZERO;
        }

        Duration finish() {
            // The build's container and its workspace go away with the build.
            if (b.sourceBlob != null) {
                if (!call.world().blobs().persistent()) {
                    try {
                        call.world().blobs().delete(BLOBS, b.sourceBlob);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                b.sourceBlob = null;
            }
            return Duration.ZERO;
        }

        // ------------------------------------------------------------ the shell's host

        @Override
        public String ecrLoginPassword(String region) throws Shell.Failure {
            if (!call.region().equals(region)) {
                throw new Shell.Failure("[Sandbox] this build reaches ECR in " + call.region() + " only, not " + region);
            }
            if (call.optionalPeer(EcrImages.class).isEmpty()) {
                throw new Shell.Failure("Could not connect to the endpoint URL: \"https://api.ecr." + region
                        + ".amazonaws.com/\" ([Sandbox] ECR is not served by this Sandbox)");
            }
            if (!allowed("ecr:GetAuthorizationToken", "*")) {
                throw new Shell.Failure("An error occurred (AccessDeniedException) when calling the GetAuthorizationToken "
                        + "operation: " + denial("ecr:GetAuthorizationToken", "*"));
            }
            byte[] token = new byte[96];
            call.world().random().nextBytes(token);
            String password = Base64.getEncoder().encodeToString(token);
            issuedPasswords.add(password);
            return password;
        }

        @Override
        public boolean dockerAvailable() {
            return b.environment.privilegedMode;
        }

        @Override
        public void dockerLogin(String registry, String password) throws Shell.Failure {
            var m = REGISTRY.matcher(registry);
            if (!m.matches() || !m.group(1).equals(call.accountId()) || !m.group(2).equals(call.region())) {
                throw new Shell.Failure("[Sandbox] this build reaches only its own account's registry "
                        + call.accountId() + ".dkr.ecr." + call.region() + ".amazonaws.com, not " + registry);
            }
            if (!issuedPasswords.contains(password)) {
                throw new Shell.Failure("Error response from daemon: Get \"https://" + registry + "/v2/\": denied: "
                        + "Your authorization token has expired. Reauthenticate and try again.");
            }
        }

        @Override
        public Map<String, byte[]> workspace() {
            Map<String, byte[]> files = new LinkedHashMap<>(source());
            b.shell.written.forEach((path, text) -> files.put(path, text.getBytes(StandardCharsets.UTF_8)));
            return files;
        }

        @Override
        public String push(String registry, String repository, String tag, Map<String, byte[]> files)
                throws Shell.Failure {
            String repositoryArn = Arn.of("ecr", call.region(), call.accountId(), "repository/" + repository).toString();
            for (String action : List.of("ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload",
                    "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage")) {
                if (!allowed(action, repositoryArn)) {
                    throw new Shell.Failure("denied: " + denial(action, repositoryArn));
                }
            }
            Optional<EcrImages> ecr = call.optionalPeer(EcrImages.class);
            if (ecr.isEmpty()) {
                throw new Shell.Failure("[Sandbox] ECR is not served by this Sandbox");
            }
            try {
                return ecr.get().push(repository, tag, files);
            } catch (AwsException e) {
                throw new Shell.Failure(switch (e.code()) {
                    case "RepositoryNotFoundException" -> "name unknown: The repository with name '" + repository
                            + "' does not exist in the registry with id '" + call.accountId() + "'";
                    case "ImageTagAlreadyExistsException" -> "tag invalid: The image tag '" + tag + "' already exists "
                            + "in the '" + repository + "' repository and cannot be overwritten because the repository "
                            + "is immutable.";
                    default -> e.code() + ": " + e.getMessage();
                });
            }
        }

        private boolean allowed(String action, String resource) {
            Optional<IamRoles> iam = call.optionalPeer(IamRoles.class);
            return iam.isEmpty() || iam.get().allows(b.serviceRole, action, resource);
        }

        /** IAM's denial as the service reports it, naming CodeBuild's session of the role. */
        private String denial(String action, String resource) {
            String roleName = b.serviceRole.substring(b.serviceRole.lastIndexOf('/') + 1);
            String session = "AWSCodeBuild-" + b.id.substring(b.id.indexOf(':') + 1);
            return "User: arn:aws:sts::" + call.accountId() + ":assumed-role/" + roleName + "/" + session
                    + " is not authorized to perform: " + action + " on resource: " + resource
                    + " because no identity-based policy allows the " + action + " action";
        }

        /** The source tree (empty without a source), read once per phase from the build's blob. */
        private Map<String, byte[]> source() {
            if (source == null) {
                source = new LinkedHashMap<>();
                if (b.sourceBlob != null) {
                    try {
                        source.putAll(unzip(Files.readAllBytes(call.world().blobs().path(BLOBS, b.sourceBlob))));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
            return source;
        }
    }

    /** How long a command takes in AWS (docker builds and pushes dominate a build). */
    static Duration cost(String command) {
        if (command.contains("docker build")) {
            return DOCKER_BUILD;
        }
        if (command.contains("docker push")) {
            return DOCKER_PUSH;
        }
        if (command.contains("docker login") || command.contains("get-login-password")) {
            return REGISTRY_LOGIN;
        }
        return COMMAND;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** A buildspec's artifact pattern: {@code *} within a folder, {@code **} across folders. */
    static Pattern glob(String pattern) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                re.append(".*");
                i++;
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '/') {
                    re.append("/?");
                    i++;
                }
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString().replace(".*/?", "(?:.*/)?"));
    }

    /** The files of a zip, by path (folders left out). */
    static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (!e.isDirectory()) {
                    out.put(Shell.normalise(e.getName()), in.readAllBytes());
                }
            }
        }
        return out;
    }

    static byte[] zip(Map<String, byte[]> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                out.putNextEntry(new ZipEntry(f.getKey()));
                out.write(f.getValue());
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static String hex(String algorithm, byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }
}
