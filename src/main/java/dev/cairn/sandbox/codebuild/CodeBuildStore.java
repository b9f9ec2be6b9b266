package dev.cairn.sandbox.codebuild;

import dev.cairn.sandbox.core.StoreSpec;
import dev.cairn.sandbox.core.TaggedResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * CodeBuild's store, saved as {@code codebuild.json} (schema 1), per account and region: projects
 * by name and builds by ID, each build with the phases it went through and, while it runs, the
 * state of its shell (variables, files it wrote, images it built). Plain public fields so Jackson
 * writes it as it is; the rules live in {@link Projects} and {@link Builds}.
 */
final class CodeBuildStore {
    static final StoreSpec<CodeBuildStore> SPEC = StoreSpec.of("codebuild.json", CodeBuildStore.class,
            CodeBuildStore::new);

    /** One environment variable of a project or a build ({@code PLAINTEXT} only in the Sandbox). */
    static final class Variable {
        public String name;
        public String value;
        public String type = "PLAINTEXT";

        Variable() {
        }

        Variable(String name, String value, String type) {
            this.name = name;
            this.value = value;
            this.type = type;
        }
    }

    /** A project's build environment. */
    static final class Environment {
        public String type;
        public String image;
        public String computeType;
        public boolean privilegedMode;
        public String imagePullCredentialsType = "CODEBUILD";
        public List<Variable> variables = new ArrayList<>();
    }

    /** Where a project's (or a build's) source comes from. */
    static final class Source {
        /** {@code CODEPIPELINE}, {@code NO_SOURCE} or {@code S3} ({@code bucket/key} of a zip). */
        public String type;
        public String location;
        /** An inline buildspec; null reads {@code buildspec.yml} from the source. */
        public String buildspec;
    }

    /** Where a project's artifacts go. */
    static final class Artifacts {
        /** {@code CODEPIPELINE}, {@code NO_ARTIFACTS} or {@code S3}. */
        public String type;
        public String location;
        public String path;
        public String name;
        public String packaging;
    }

    /** A build project: {@link TaggedResource#id} is its name. */
    static final class Project extends TaggedResource {
        public String arn;
        public String description;
        public Source source = new Source();
        public String sourceVersion;
        public Artifacts artifacts = new Artifacts();
        public Environment environment = new Environment();
        public String serviceRole;
        public int timeoutInMinutes = Projects.DEFAULT_TIMEOUT_MINUTES;
        public int queuedTimeoutInMinutes = Projects.DEFAULT_QUEUED_TIMEOUT_MINUTES;
        public String encryptionKey;
        /** {@code ENABLED} or {@code DISABLED}. */
        public String logsStatus = "ENABLED";
        /** The log group; null is CodeBuild's default {@code /aws/codebuild/<name>}. */
        public String logsGroup;
        /** The stream prefix; null for none. */
        public String logsStream;
        public long lastModified;
        /** Builds started so far: the next build's number is one more. */
        public long buildCount;
    }

    /** One phase a build went through. {@code end} is when its status shows; null only for {@code COMPLETED}. */
    static final class Phase {
        public String type;
        public String status;
        public long start;
        public Long end;
        public String contextCode;
        public String contextMessage;
    }

    /** What a build's shell keeps between commands and phases (buildspec 0.2 runs them in one shell). */
    static final class ShellState {
        public LinkedHashMap<String, String> variables = new LinkedHashMap<>();
        /** Files the commands wrote (workspace path → content, UTF-8), over the source's. */
        public LinkedHashMap<String, String> written = new LinkedHashMap<>();
        /** Registries {@code docker login} succeeded for. */
        public List<String> loggedIn = new ArrayList<>();
        /** Images {@code docker build} made: tag → build context folder ({@code .} the source root). */
        public LinkedHashMap<String, String> images = new LinkedHashMap<>();
    }

    /** A build. */
    static final class Build {
        public String id;
        public String arn;
        public String projectName;
        public long buildNumber;
        public long startTime;
        public Long endTime;
        public String initiator;
        public Source source = new Source();
        public String sourceVersion;
        public String resolvedSourceVersion;
        public Environment environment = new Environment();
        public String serviceRole;
        public int timeoutInMinutes;
        public int queuedTimeoutInMinutes;
        public String logsStatus;
        public String logsGroup;
        public String logsStream;
        public Artifacts artifacts = new Artifacts();
        /** The bucket and key the output zip is written to; null for none. */
        public String outputBucket;
        public String outputKey;
        public String artifactLocation;
        public String artifactSha256;
        public String artifactMd5;
        public List<Phase> phases = new ArrayList<>();
        /** {@code IN_PROGRESS} until {@code COMPLETED}, then SUCCEEDED, FAILED or STOPPED. */
        public String buildStatus = "IN_PROGRESS";
        /** The status the build ends with once it reaches {@code COMPLETED}. */
        public String outcome = "SUCCEEDED";
        public boolean complete;
        /** The buildspec read in {@code DOWNLOAD_SOURCE}. */
        public String buildspec;
        /** The source zip while the build runs (a blob of this service); null without a source or once done. */
        public String sourceBlob;
        public ShellState shell = new ShellState();
        /** Set by StopBuild; the running phase ends STOPPED at that moment. */
        public Long stopRequestedAt;
    }

    /** One region's CodeBuild. */
    static final class RegionState {
        public LinkedHashMap<String, Project> projects = new LinkedHashMap<>();
        /** Builds by ID, in start order. */
        public LinkedHashMap<String, Build> builds = new LinkedHashMap<>();
    }

    /** account → region → state. */
    public LinkedHashMap<String, LinkedHashMap<String, RegionState>> accounts = new LinkedHashMap<>();

    RegionState region(String account, String region) {
        return accounts.computeIfAbsent(account, a -> new LinkedHashMap<>())
                .computeIfAbsent(region, r -> new RegionState());
    }

    /** A region's state if it exists, without creating it (reads must not change the store). */
    RegionState existing(String account, String region) {
        LinkedHashMap<String, RegionState> regions = accounts.get(account);
        return regions == null ? null : regions.get(region);
    }
}
