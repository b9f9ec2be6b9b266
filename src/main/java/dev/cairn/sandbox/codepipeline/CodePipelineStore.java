package dev.cairn.sandbox.codepipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.sandbox.core.StoreSpec;
import dev.cairn.sandbox.core.TaggedResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * CodePipeline's store: per account, then per region, the pipelines (their declarations as sent)
 * and their executions. Saved as {@code codepipeline.json}; schema 1. The rules live in
 * {@link Pipelines} (structure) and {@link Runner} (executions).
 */
final class CodePipelineStore {
    static final StoreSpec<CodePipelineStore> SPEC = StoreSpec.of("codepipeline.json", CodePipelineStore.class,
            CodePipelineStore::new);

    /** A pipeline: {@link TaggedResource#id} is its name. */
    static final class Pipeline extends TaggedResource {
        /** The declaration as sent (without {@code version}), with the defaults AWS fills in. */
        public ObjectNode declaration;
        public int version = 1;
        public long updatedAt;
        /**
         * The push watcher's memory: source action name → the branch head it last saw, so a new head
         * starts an execution (a GitHub push through the connection).
         */
        public LinkedHashMap<String, String> watchedHeads = new LinkedHashMap<>();
    }

    /** An artifact an action produced: where it is in the artifact bucket. */
    static final class Artifact {
        public String name;
        public String bucket;
        public String key;
    }

    /** A source revision an execution runs with. */
    static final class Revision {
        public String actionName;
        public String revisionId;
        public String summary;
        public String url;
        public long created;
    }

    /** One action of one execution. */
    static final class ActionRun {
        public String stageName;
        public String actionName;
        public String actionExecutionId;
        /** {@code InProgress}, {@code Succeeded}, {@code Failed}, {@code Abandoned}; null before it starts. */
        public String status;
        public String summary;
        public long startTime;
        public long lastUpdateTime;
        public String externalExecutionId;
        public String externalExecutionUrl;
        public String errorCode;
        public String errorMessage;
        public Integer percentComplete;
        public List<Artifact> inputArtifacts = new ArrayList<>();
        public List<Artifact> outputArtifacts = new ArrayList<>();
        public LinkedHashMap<String, String> outputVariables = new LinkedHashMap<>();
        /** When the action's own work is due to end (source fetch), epoch ms. */
        public long dueAt;
    }

    /** One stage of one execution. */
    static final class StageRun {
        public String name;
        /** {@code InProgress}, {@code Succeeded}, {@code Failed}, {@code Stopped}, {@code Stopping}, {@code Cancelled}; null before it is entered. */
        public String status;
        public List<ActionRun> actions = new ArrayList<>();
    }

    /** One execution of a pipeline. */
    static final class Execution {
        public String id;
        public String pipelineName;
        public int pipelineVersion;
        /** {@code InProgress}, {@code Stopping}, {@code Stopped}, {@code Succeeded}, {@code Superseded}, {@code Failed}. */
        public String status = "InProgress";
        public String statusSummary;
        public long startTime;
        public long lastUpdateTime;
        public String triggerType;
        public String triggerDetail;
        public String executionMode;
        public List<Revision> sourceRevisions = new ArrayList<>();
        public LinkedHashMap<String, String> variables = new LinkedHashMap<>();
        public List<StageRun> stages = new ArrayList<>();
        /** The declaration this execution runs (a later update does not change a running execution). */
        public ObjectNode declaration;
        public boolean stopRequested;
        public boolean abandon;
        public String stopReason;
        /** Artifact name → where it is, as the actions produce them. */
        public LinkedHashMap<String, Artifact> artifacts = new LinkedHashMap<>();
    }

    /** One region's CodePipeline. */
    static final class RegionState {
        public LinkedHashMap<String, Pipeline> pipelines = new LinkedHashMap<>();
        /** pipeline name → its executions, oldest first. */
        public LinkedHashMap<String, List<Execution>> executions = new LinkedHashMap<>();
    }

    /** account → region → state. */
    public LinkedHashMap<String, LinkedHashMap<String, RegionState>> accounts = new LinkedHashMap<>();

    RegionState region(String account, String region) {
        return accounts.computeIfAbsent(account, a -> new LinkedHashMap<>())
                .computeIfAbsent(region, r -> new RegionState());
    }

    RegionState existing(String account, String region) {
        LinkedHashMap<String, RegionState> regions = accounts.get(account);
        return regions == null ? null : regions.get(region);
    }
}
