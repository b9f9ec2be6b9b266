package dev.cairn.sandbox.codedeploy;

import java.util.Optional;

/**
 * What CodeDeploy does for CodePipeline's {@code CodeDeployToECS} action in the caller's account
 * and region: a blue/green deployment of an application's deployment group from an appspec
 * (YAML or JSON, its {@code <TASK_DEFINITION>} already replaced), followed to its end. Failures of
 * the request are {@code AwsException}s with CodeDeploy's codes, as CreateDeployment answers them.
 * Exported by the {@code codedeploy} service.
 */
public interface CodeDeployments {

    /** A deployment as the pipeline follows it: {@code status} as GetDeployment says, the error's message when it failed. */
    record DeploymentView(String id, String status, Optional<String> errorMessage) {
        /** Whether the deployment has ended (Succeeded, Failed or Stopped). */
        public boolean done() {
            return status.equals("Succeeded") || status.equals("Failed") || status.equals("Stopped");
        }
    }

    /**
     * Creates a deployment, as CreateDeployment with an {@code AppSpecContent} revision does.
     *
     * @param externalId what started it (the pipeline execution), shown as {@code externalId}
     * @return the deployment's ID ({@code d-…})
     */
    String create(String applicationName, String deploymentGroupName, String appSpecContent, String description,
            String externalId);

    /** The deployment now; empty for an unknown ID. */
    Optional<DeploymentView> deployment(String deploymentId);

    /** Stops a deployment in progress (a stopped pipeline execution abandons its deploy action this way). */
    void stop(String deploymentId);
}
