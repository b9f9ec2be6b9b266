package dev.cairn.sandbox.ecs;

import java.util.Optional;

/**
 * What ECS does for CodeDeploy's blue/green deployments (and CodePipeline's ECS deploy action) in
 * the caller's account and region, as the ECS API's task-set calls do for a service whose
 * deployment controller is {@code CODE_DEPLOY}. Failures are {@code AwsException}s with ECS's codes
 * ({@code ServiceNotFoundException}, {@code ClientException}, {@code InvalidParameterException}).
 * Exported by the {@code ecs} service.
 */
public interface EcsDeployments {

    /** A service as a deployment sees it. */
    record ServiceView(String arn, String deploymentController, String taskDefinitionArn, int desiredCount,
            String primaryTaskSetId) {}

    /** A task set's progress: its tasks running and their targets healthy make it stable. */
    record TaskSetView(String id, String arn, String taskDefinitionArn, String targetGroupArn, int runningCount,
            int desiredCount, String stabilityStatus, String status) {}

    /** Registers a task definition from {@code RegisterTaskDefinition}'s JSON request (as the deploy action does). Returns its ARN. */
    String registerTaskDefinition(String requestJson);

    Optional<ServiceView> service(String cluster, String service);

    /** Creates a task set of the service's desired count, registering its tasks in the target group. */
    TaskSetView createTaskSet(String cluster, String service, String taskDefinitionArn, String targetGroupArn,
            String containerName, int containerPort);

    Optional<TaskSetView> taskSet(String cluster, String service, String taskSetId);

    /** Makes the task set the service's primary one (its task definition becomes the service's). */
    void makePrimary(String cluster, String service, String taskSetId);

    /** Deletes a task set: its tasks are deregistered from their target group and stopped. */
    void deleteTaskSet(String cluster, String service, String taskSetId);
}
