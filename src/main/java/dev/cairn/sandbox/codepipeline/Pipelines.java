package dev.cairn.sandbox.codepipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.sandbox.core.AwsException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A pipeline declaration's rules, as CreatePipeline and UpdatePipeline check them
 * ({@code InvalidStructureException} and friends), and the defaults AWS fills in.
 */
final class Pipelines {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9.@\\-_]{1,100}");
    /** Category → the providers AWS offers that the Sandbox knows (it runs the first three kinds). */
    static final Map<String, List<String>> PROVIDERS = Map.of(
            "Source", List.of("CodeStarSourceConnection", "S3", "ECR", "CodeCommit", "GitHub"),
            "Build", List.of("CodeBuild", "ECRBuildAndPublish"),
            "Test", List.of("CodeBuild"),
            "Deploy", List.of("CodeDeployToECS", "ECS", "CodeDeploy", "S3", "CloudFormation"),
            "Approval", List.of("Manual"),
            "Invoke", List.of("Lambda"));
    /** AWS's limits: 2–50 stages, up to 50 actions a stage. */
    static final int MIN_STAGES = 2;
    static final int MAX_STAGES = 50;

    private Pipelines() {
    }

    static void checkName(String name, String member) {
        if (name == null || name.isEmpty()) {
            throw validation("Value null at '" + member + "' failed to satisfy constraint: Member must not be null");
        }
        if (!NAME.matcher(name).matches()) {
            throw validation("Value '" + name + "' at '" + member + "' failed to satisfy constraint: Member must "
                    + "satisfy regular expression pattern: [A-Za-z0-9.@\\-_]+");
        }
    }

    static AwsException validation(String message) {
        return new AwsException("ValidationException", "1 validation error detected: " + message);
    }

    private static AwsException structure(String message) {
        return new AwsException("InvalidStructureException", message);
    }

    /**
     * Checks a declaration and returns it with AWS's defaults (pipelineType V1, executionMode
     * SUPERSEDED, runOrder 1, empty artifact lists), without {@code version}.
     */
    static ObjectNode normalise(JsonNode declaration) {
        if (declaration == null || !declaration.isObject()) {
            throw validation("Value null at 'pipeline' failed to satisfy constraint: Member must not be null");
        }
        ObjectNode p = ((ObjectNode) declaration).deepCopy();
        p.remove("version");
        checkName(p.path("name").asText(null), "pipeline.name");
        if (p.path("roleArn").asText("").isEmpty()) {
            throw validation("Value null at 'pipeline.roleArn' failed to satisfy constraint: Member must not be null");
        }
        if (!p.has("artifactStore") && !p.has("artifactStores")) {
            throw structure("Pipeline must have an artifact store");
        }
        if (p.has("artifactStore")) {
            JsonNode store = p.get("artifactStore");
            if (!"S3".equals(store.path("type").asText()) || store.path("location").asText("").isEmpty()) {
                throw structure("The artifact store must be of type S3 with a location");
            }
        }
        String type = p.path("pipelineType").asText("V1");
        if (!type.equals("V1") && !type.equals("V2")) {
            throw validation("Value '" + type + "' at 'pipeline.pipelineType' failed to satisfy constraint: Member "
                    + "must satisfy enum value set: [V1, V2]");
        }
        p.put("pipelineType", type);
        String mode = p.path("executionMode").asText("SUPERSEDED");
        if (!List.of("QUEUED", "SUPERSEDED", "PARALLEL").contains(mode)) {
            throw validation("Value '" + mode + "' at 'pipeline.executionMode' failed to satisfy constraint: Member "
                    + "must satisfy enum value set: [QUEUED, SUPERSEDED, PARALLEL]");
        }
        if (!mode.equals("SUPERSEDED") && type.equals("V1")) {
            throw new AwsException("ValidationException", "Execution mode " + mode + " is only supported for V2 "
                    + "pipelines");
        }
        p.put("executionMode", mode);
        JsonNode stages = p.path("stages");
        if (!stages.isArray() || stages.size() < MIN_STAGES) {
            throw structure("Pipeline has only " + stages.size() + " stage(s). There must be at least "
                    + MIN_STAGES + " stages in a pipeline.");
        }
        if (stages.size() > MAX_STAGES) {
            throw new AwsException("LimitExceededException", "A pipeline can have at most " + MAX_STAGES + " stages");
        }
        Set<String> stageNames = new HashSet<>();
        Set<String> produced = new HashSet<>();
        Set<String> sourceActions = new HashSet<>();
        for (int i = 0; i < stages.size(); i++) {
            ObjectNode stage = (ObjectNode) stages.get(i);
            String stageName = stage.path("name").asText("");
            checkName(stageName, "pipeline.stages." + (i + 1) + ".member.name");
            if (!stageNames.add(stageName)) {
                throw new AwsException("InvalidStageDeclarationException", "Stage name " + stageName
                        + " is used more than once");
            }
            JsonNode actions = stage.path("actions");
            if (!actions.isArray() || actions.isEmpty()) {
                throw structure("Stage " + stageName + " has no actions. A stage must have at least one action.");
            }
            Set<String> actionNames = new HashSet<>();
            Set<String> producedHere = new HashSet<>();
            for (JsonNode a : actions) {
                ObjectNode action = (ObjectNode) a;
                String name = action.path("name").asText("");
                checkName(name, "pipeline.stages." + (i + 1) + ".member.actions.member.name");
                if (!actionNames.add(name)) {
                    throw new AwsException("InvalidActionDeclarationException", "Action name " + name
                            + " is used more than once in stage " + stageName);
                }
                JsonNode typeId = action.path("actionTypeId");
                String category = typeId.path("category").asText("");
                String provider = typeId.path("provider").asText("");
                List<String> known = PROVIDERS.get(category);
                if (known == null || !known.contains(provider) || typeId.path("owner").asText("").isEmpty()
                        || typeId.path("version").asText("").isEmpty()) {
                    throw structure("ActionType (Category: '" + category + "', Provider: '" + provider + "', Owner: '"
                            + typeId.path("owner").asText() + "', Version: '" + typeId.path("version").asText()
                            + "') in action '" + name + "' is not available");
                }
                boolean source = category.equals("Source");
                if (source != (i == 0)) {
                    throw structure(source ? "Action " + name + " is a source action: source actions can only be in "
                            + "the first stage" : "The first stage " + stageName + " can only contain source actions; "
                            + name + " is not one");
                }
                if (source) {
                    sourceActions.add(name);
                }
                if (!action.has("runOrder")) {
                    action.put("runOrder", 1);
                }
                if (!action.has("configuration")) {
                    action.putObject("configuration");
                }
                if (!action.has("inputArtifacts")) {
                    action.putArray("inputArtifacts");
                }
                if (!action.has("outputArtifacts")) {
                    action.putArray("outputArtifacts");
                }
                for (JsonNode in : action.path("inputArtifacts")) {
                    String artifact = in.path("name").asText();
                    if (!produced.contains(artifact)) {
                        throw structure("Input Artifact Bundle " + artifact + " in action '" + name
                                + "' is not declared as an output artifact in any of the preceding actions");
                    }
                }
                if (source && action.path("inputArtifacts").size() > 0) {
                    throw structure("Source action " + name + " cannot have input artifacts");
                }
                for (JsonNode out : action.path("outputArtifacts")) {
                    String artifact = out.path("name").asText();
                    if (produced.contains(artifact) || !producedHere.add(artifact)) {
                        throw structure("Output Artifact Bundle name " + artifact + " is used more than once");
                    }
                }
                if (provider.equals("CodeStarSourceConnection")) {
                    JsonNode c = action.path("configuration");
                    for (String key : List.of("ConnectionArn", "FullRepositoryId", "BranchName")) {
                        if (c.path(key).asText("").isEmpty()) {
                            throw new AwsException("InvalidActionDeclarationException", "Action configuration for "
                                    + "action '" + name + "' is missing required configuration '" + key + "'");
                        }
                    }
                } else if (provider.equals("CodeBuild") && action.path("configuration").path("ProjectName")
                        .asText("").isEmpty()) {
                    throw new AwsException("InvalidActionDeclarationException", "Action configuration for action '"
                            + name + "' is missing required configuration 'ProjectName'");
                } else if (provider.equals("CodeDeployToECS")) {
                    JsonNode c = action.path("configuration");
                    for (String key : List.of("ApplicationName", "DeploymentGroupName", "TaskDefinitionTemplateArtifact",
                            "AppSpecTemplateArtifact")) {
                        if (c.path(key).asText("").isEmpty()) {
                            throw new AwsException("InvalidActionDeclarationException", "Action configuration for "
                                    + "action '" + name + "' is missing required configuration '" + key + "'");
                        }
                    }
                }
            }
            produced.addAll(producedHere);
        }
        JsonNode triggers = p.path("triggers");
        if (triggers.size() > 0 && type.equals("V1")) {
            throw new AwsException("ValidationException", "Triggers are only supported for V2 pipelines");
        }
        for (JsonNode t : triggers) {
            String action = t.path("gitConfiguration").path("sourceActionName").asText("");
            if (!sourceActions.contains(action)) {
                throw structure("The trigger's source action " + action + " is not a source action of the pipeline");
            }
        }
        JsonNode variables = p.path("variables");
        if (variables.size() > 0 && type.equals("V1")) {
            throw new AwsException("ValidationException", "Pipeline variables are only supported for V2 pipelines");
        }
        return p;
    }

    /** The stages of a declaration. */
    static ArrayNode stages(ObjectNode declaration) {
        return (ArrayNode) declaration.path("stages");
    }
}
