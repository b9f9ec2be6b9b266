package dev.cairn.sandbox.codebuild;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.sandbox.codebuild.CodeBuildStore.Artifacts;
import dev.cairn.sandbox.codebuild.CodeBuildStore.Environment;
import dev.cairn.sandbox.codebuild.CodeBuildStore.Project;
import dev.cairn.sandbox.codebuild.CodeBuildStore.RegionState;
import dev.cairn.sandbox.codebuild.CodeBuildStore.Source;
import dev.cairn.sandbox.codebuild.CodeBuildStore.Variable;
import dev.cairn.sandbox.core.Arn;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Call;
import dev.cairn.sandbox.iam.IamRoles;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of build projects in one account and region: names, the source and artifact types
 * the Sandbox builds from, the environment's type, compute type and image, the service role
 * (which CodeBuild must be able to assume), timeouts, logs and tags, with CodeBuild's errors.
 */
final class Projects {
    /** CodeBuild's default build timeout (AWS: 60 minutes). */
    static final int DEFAULT_TIMEOUT_MINUTES = 60;
    /** CodeBuild's default queued timeout (AWS: 480 minutes). */
    static final int DEFAULT_QUEUED_TIMEOUT_MINUTES = 480;
    static final String SERVICE_PRINCIPAL = "codebuild.amazonaws.com";
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9\\-_]{1,149}");
    static final Set<String> ENVIRONMENT_TYPES = Set.of("WINDOWS_CONTAINER", "LINUX_CONTAINER", "LINUX_GPU_CONTAINER",
            "ARM_CONTAINER", "WINDOWS_SERVER_2019_CONTAINER", "WINDOWS_SERVER_2022_CONTAINER",
            "LINUX_LAMBDA_CONTAINER", "ARM_LAMBDA_CONTAINER", "LINUX_EC2", "ARM_EC2", "WINDOWS_EC2", "MAC_ARM");
    static final Set<String> COMPUTE_TYPES = Set.of("BUILD_GENERAL1_SMALL", "BUILD_GENERAL1_MEDIUM",
            "BUILD_GENERAL1_LARGE", "BUILD_GENERAL1_XLARGE", "BUILD_GENERAL1_2XLARGE", "BUILD_LAMBDA_1GB",
            "BUILD_LAMBDA_2GB", "BUILD_LAMBDA_4GB", "BUILD_LAMBDA_8GB", "BUILD_LAMBDA_10GB", "ATTRIBUTE_BASED_COMPUTE",
            "CUSTOM_INSTANCE_TYPE");
    static final Set<String> SOURCE_TYPES = Set.of("CODECOMMIT", "CODEPIPELINE", "GITHUB", "GITLAB",
            "GITLAB_SELF_MANAGED", "S3", "BITBUCKET", "GITHUB_ENTERPRISE", "NO_SOURCE");
    /** The source types a Sandbox build can read: the pipeline's artifact, a zip in S3, or none. */
    static final Set<String> BUILDABLE_SOURCES = Set.of("CODEPIPELINE", "S3", "NO_SOURCE");
    static final Set<String> ARTIFACT_TYPES = Set.of("CODEPIPELINE", "S3", "NO_ARTIFACTS");
    static final int MAX_TAGS = 50;

    private final RegionState state;
    private final Call call;

    Projects(RegionState state, Call call) {
        this.state = state;
        this.call = call;
    }

    static AwsException invalid(String message) {
        return new AwsException("InvalidInputException", message);
    }

    static AwsException notFound(String message) {
        return new AwsException("ResourceNotFoundException", message);
    }

    /** A project by name or ARN; {@code ResourceNotFoundException} when there is none. */
    Project get(String nameOrArn) {
        Project p = find(nameOrArn);
        if (p == null) {
            throw notFound("Project cannot be found: " + arn(nameOrArn));
        }
        return p;
    }

    /** A project by name or ARN, or null. */
    Project find(String nameOrArn) {
        if (nameOrArn == null) {
            return null;
        }
        String name = nameOrArn.startsWith("arn:") ? nameOrArn.substring(nameOrArn.lastIndexOf('/') + 1) : nameOrArn;
        return state.projects.get(name);
    }

    String arn(String nameOrArn) {
        return nameOrArn.startsWith("arn:") ? nameOrArn
                : Arn.of("codebuild", call.region(), call.accountId(), "project/" + nameOrArn).toString();
    }

    /** CreateProject. */
    Project create(JsonNode in) {
        String name = in.path("name").asText(null);
        if (name == null || !NAME.matcher(name).matches()) {
            throw invalid("1 validation error detected: Value '" + name + "' at 'name' failed to satisfy constraint: "
                    + "Member must satisfy regular expression pattern: [A-Za-z0-9][A-Za-z0-9\\-_]{1,149}");
        }
        if (state.projects.containsKey(name)) {
            throw new AwsException("ResourceAlreadyExistsException", "Project already exists: " + name);
        }
        for (String required : List.of("source", "artifacts", "environment", "serviceRole")) {
            if (!in.hasNonNull(required)) {
                throw invalid("1 validation error detected: Value null at '" + required
                        + "' failed to satisfy constraint: Member must not be null");
            }
        }
        Project p = new Project();
        p.id = name;
        p.arn = arn(name);
        p.createdAt = call.now();
        apply(p, in);
        state.projects.put(name, p);
        return p;
    }

    /** UpdateProject: what the input names replaces what the project had. */
    Project update(JsonNode in) {
        Project p = get(in.path("name").asText(null));
        // Validate on a copy, so a refused update changes nothing.
        Project copy = CodeBuildService.copy(p, Project.class);
        apply(copy, in);
        state.projects.put(p.id, copy);
        return copy;
    }

    /** DeleteProject: CodeBuild answers success for a project that is already gone. Builds stay, as AWS's do. */
    void delete(String name) {
        Project p = find(name);
        if (p != null) {
            state.projects.remove(p.id);
        }
    }

    private void apply(Project p, JsonNode in) {
        if (in.has("description")) {
            String d = in.path("description").asText("");
            if (d.length() > 255) {
                throw invalid("1 validation error detected: Value at 'description' failed to satisfy constraint: "
                        + "Member must have length less than or equal to 255");
            }
            p.description = d;
        }
        if (in.hasNonNull("source")) {
            p.source = source(in.get("source"));
        }
        if (in.has("sourceVersion")) {
            p.sourceVersion = in.path("sourceVersion").asText(null);
        }
        if (in.hasNonNull("artifacts")) {
            p.artifacts = artifacts(in.get("artifacts"));
        }
        if ("CODEPIPELINE".equals(p.source.type) != "CODEPIPELINE".equals(p.artifacts.type)) {
            throw invalid("Both source and artifacts must be set to CodePipeline");
        }
        if (in.hasNonNull("environment")) {
            p.environment = environment(in.get("environment"));
        }
        if (in.hasNonNull("serviceRole")) {
            p.serviceRole = serviceRole(in.get("serviceRole").asText());
        }
        if (in.hasNonNull("timeoutInMinutes")) {
            p.timeoutInMinutes = range(in.get("timeoutInMinutes").asInt(), 5, 2160, "timeoutInMinutes");
        }
        if (in.hasNonNull("queuedTimeoutInMinutes")) {
            p.queuedTimeoutInMinutes = range(in.get("queuedTimeoutInMinutes").asInt(), 5, 480, "queuedTimeoutInMinutes");
        }
        if (in.hasNonNull("encryptionKey")) {
            p.encryptionKey = in.get("encryptionKey").asText();
        }
        if (in.hasNonNull("logsConfig")) {
            JsonNode cw = in.get("logsConfig").path("cloudWatchLogs");
            if (!cw.isMissingNode() && !cw.isNull()) {
                String status = cw.path("status").asText(null);
                if (!"ENABLED".equals(status) && !"DISABLED".equals(status)) {
                    throw invalid("1 validation error detected: Value '" + status + "' at 'logsConfig.cloudWatchLogs.status' "
                            + "failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]");
                }
                p.logsStatus = status;
                p.logsGroup = blankToNull(cw.path("groupName").asText(null));
                p.logsStream = blankToNull(cw.path("streamName").asText(null));
            }
        }
        if (in.hasNonNull("tags")) {
            p.tags = tags(in.get("tags"));
        }
        p.lastModified = call.now();
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    static int range(int value, int min, int max, String field) {
        if (value < min || value > max) {
            throw invalid("1 validation error detected: Value '" + value + "' at '" + field + "' failed to satisfy "
                    + "constraint: Member must have value " + (value < min ? "greater than or equal to " + min
                    : "less than or equal to " + max));
        }
        return value;
    }

    static Source source(JsonNode in) {
        Source s = new Source();
        s.type = in.path("type").asText(null);
        if (s.type == null || !SOURCE_TYPES.contains(s.type)) {
            throw invalid("1 validation error detected: Value '" + s.type + "' at 'source.type' failed to satisfy "
                    + "constraint: Member must satisfy enum value set: " + sorted(SOURCE_TYPES));
        }
        if (!BUILDABLE_SOURCES.contains(s.type)) {
            throw invalid("The Sandbox's CodeBuild builds from CODEPIPELINE, S3 and NO_SOURCE sources only, not "
                    + s.type);
        }
        s.location = blankToNull(in.path("location").asText(null));
        s.buildspec = blankToNull(in.path("buildspec").asText(null));
        if (s.type.equals("NO_SOURCE") && s.buildspec == null) {
            throw invalid("Project source buildspec cannot be null or empty when source type is NO_SOURCE");
        }
        if (s.type.equals("S3") && (s.location == null || !s.location.contains("/"))) {
            throw invalid("Invalid source location: " + s.location + ". S3 source location must be of the form "
                    + "<bucket-name>/<object-key>");
        }
        if (s.type.equals("NO_SOURCE") && s.location != null) {
            throw invalid("Project source location must be empty when source type is NO_SOURCE");
        }
        return s;
    }

    static Artifacts artifacts(JsonNode in) {
        Artifacts a = new Artifacts();
        a.type = in.path("type").asText(null);
        if (a.type == null || !ARTIFACT_TYPES.contains(a.type)) {
            throw invalid("1 validation error detected: Value '" + a.type + "' at 'artifacts.type' failed to satisfy "
                    + "constraint: Member must satisfy enum value set: " + sorted(ARTIFACT_TYPES));
        }
        a.location = blankToNull(in.path("location").asText(null));
        a.path = blankToNull(in.path("path").asText(null));
        a.name = blankToNull(in.path("name").asText(null));
        a.packaging = blankToNull(in.path("packaging").asText(null));
        if (a.type.equals("S3") && a.location == null) {
            throw invalid("Artifacts location must be specified for artifacts type S3");
        }
        if (a.type.equals("NO_ARTIFACTS") && a.location != null) {
            throw invalid("Invalid artifacts: location must not be specified when artifacts type is NO_ARTIFACTS");
        }
        return a;
    }

    static Environment environment(JsonNode in) {
        Environment e = new Environment();
        e.type = in.path("type").asText(null);
        if (e.type == null || !ENVIRONMENT_TYPES.contains(e.type)) {
            throw invalid("1 validation error detected: Value '" + e.type + "' at 'environment.type' failed to satisfy "
                    + "constraint: Member must satisfy enum value set: " + sorted(ENVIRONMENT_TYPES));
        }
        e.computeType = in.path("computeType").asText(null);
        if (e.computeType == null || !COMPUTE_TYPES.contains(e.computeType)) {
            throw invalid("1 validation error detected: Value '" + e.computeType + "' at 'environment.computeType' "
                    + "failed to satisfy constraint: Member must satisfy enum value set: " + sorted(COMPUTE_TYPES));
        }
        boolean lambdaType = e.type.endsWith("_LAMBDA_CONTAINER");
        boolean lambdaCompute = e.computeType.startsWith("BUILD_LAMBDA_");
        if (lambdaType != lambdaCompute) {
            throw invalid("Invalid compute type " + e.computeType + " for environment type " + e.type);
        }
        e.image = in.path("image").asText("");
        if (e.image.isEmpty()) {
            throw invalid("1 validation error detected: Value at 'environment.image' failed to satisfy constraint: "
                    + "Member must have length greater than or equal to 1");
        }
        e.privilegedMode = in.path("privilegedMode").asBoolean(false);
        if (lambdaType && e.privilegedMode) {
            throw invalid("Privileged mode is not supported for Lambda compute");
        }
        e.imagePullCredentialsType = in.path("imagePullCredentialsType").asText("CODEBUILD");
        e.variables = variables(in.path("environmentVariables"));
        return e;
    }

    static List<Variable> variables(JsonNode list) {
        List<Variable> out = new java.util.ArrayList<>();
        for (JsonNode v : list) {
            String name = v.path("name").asText("");
            if (name.isEmpty() || !v.has("value")) {
                throw invalid("Environment variable name and value must not be null");
            }
            String type = v.path("type").asText("PLAINTEXT");
            if (!type.equals("PLAINTEXT")) {
                // Parameter Store and Secrets Manager are not in the Sandbox: such a value could not be resolved.
                throw invalid("The Sandbox's CodeBuild resolves PLAINTEXT environment variables only, not " + type
                        + " (" + name + ")");
            }
            out.add(new Variable(name, v.get("value").asText(), type));
        }
        return out;
    }

    /** The service role: an IAM role ARN CodeBuild can assume (checked when the Sandbox serves IAM). */
    String serviceRole(String role) {
        String arn = role.startsWith("arn:") ? role
                : "arn:aws:iam::" + call.accountId() + ":role/" + role;
        Arn parsed = Arn.parse(arn);
        if (parsed == null || !parsed.service().equals("iam") || !parsed.resource().startsWith("role/")) {
            throw invalid("Invalid service role: " + role);
        }
        Optional<IamRoles> iam = call.optionalPeer(IamRoles.class);
        if (iam.isPresent() && !iam.get().assumableBy(arn, SERVICE_PRINCIPAL)) {
            throw invalid("CodeBuild is not authorized to perform: sts:AssumeRole on " + arn);
        }
        return arn;
    }

    static LinkedHashMap<String, String> tags(JsonNode list) {
        LinkedHashMap<String, String> out = new LinkedHashMap<>();
        for (JsonNode t : list) {
            String key = t.path("key").asText("");
            String value = t.path("value").asText("");
            if (key.isEmpty() || key.length() > 127 || value.length() > 255) {
                throw invalid("Invalid tag: keys must be 1 to 127 characters and values at most 255");
            }
            if (key.startsWith("aws:")) {
                throw invalid("Invalid tag: keys must not begin with aws:");
            }
            out.put(key, value);
        }
        if (out.size() > MAX_TAGS) {
            throw invalid("Invalid tags: a project may have at most " + MAX_TAGS + " tags");
        }
        return out;
    }

    private static String sorted(Set<String> values) {
        return values.stream().sorted().toList().toString();
    }
}
