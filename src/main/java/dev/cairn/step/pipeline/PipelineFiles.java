package dev.cairn.step.pipeline;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.cairn.model.Blueprint;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files the pipeline reads from its repository, generated from the blueprint: the contract
 * between this step, CodeBuild (which runs {@code buildspec.yml}), CodePipeline's deploy action
 * (which registers {@code taskdef.json} and hands CodeDeploy {@code appspec.yaml}) and ECS (which
 * serves the image's {@code index.html}). Pure text: no call, the account is given.
 *
 * <p>What the guide's own files get wrong and these do not: the image tag is defined (the first 7
 * characters of {@code CODEBUILD_RESOLVED_SOURCE_VERSION}, the commit); the task definition has no
 * {@code "tags": []} (ECS refuses an empty list) and the appspec no literal task definition ARN
 * ({@code <TASK_DEFINITION>} is replaced by CodePipeline with the revision it registers).
 */
public final class PipelineFiles {

    public static final String BUILDSPEC = "buildspec.yml";
    public static final String APPSPEC = "appspec.yaml";
    public static final String TASKDEF = "taskdef.json";
    public static final String DOCKERFILE = "Dockerfile";
    public static final String INDEX = "index.html";
    /** The placeholder CodePipeline's ECS deploy action replaces with the build's image URI. */
    public static final String IMAGE_PLACEHOLDER = "<IMAGE1_NAME>";
    /** The placeholder CodePipeline replaces with the task definition revision it registered. */
    public static final String TASK_DEFINITION_PLACEHOLDER = "<TASK_DEFINITION>";
    /** The base image of the sample app, the same nginx the task definition's first revision runs. */
    public static final String SAMPLE_BASE = "public.ecr.aws/nginx/nginx:stable-alpine";

    private static final Pattern VERSION = Pattern.compile("<h1>Version (\\d+)</h1>");

    private PipelineFiles() {}

    /**
     * The three pipeline files, and with {@code sample} the sample app's {@code Dockerfile} and
     * {@code index.html} (for a new repository), by file name in the order written.
     *
     * @param blueprint defaults filled, with an enabled pipeline section
     * @param account the 12-digit account, or a placeholder such as {@code ACCOUNT} when unknown
     */
    public static Map<String, String> files(Blueprint blueprint, String account, boolean sample) {
        PipelineSection p = blueprint.section(PipelineSection.KEY);
        if (p == null || !p.on()) {
            throw new IllegalArgumentException("blueprint " + blueprint.name() + " has no enabled pipeline section");
        }
        Map<String, String> files = new LinkedHashMap<>();
        files.put(BUILDSPEC, buildspec(p));
        files.put(APPSPEC, appspec(p));
        files.put(TASKDEF, taskdef(blueprint, account));
        if (sample) {
            files.put(DOCKERFILE, dockerfile());
            files.put(INDEX, indexHtml(blueprint.name(), 1));
        }
        return files;
    }

    /** CodeBuild's commands: log in to ECR, build, tag with the commit, push, write {@code imageDetail.json}. */
    public static String buildspec(PipelineSection p) {
        return """
                # Built by CodeBuild for every pipeline run: log in to ECR, build the image, tag it with the
                # commit, push it, and hand the deploy stage its URI in imageDetail.json.
                version: 0.2

                env:
                  variables:
                    IMAGE_REPO_NAME: %s

                phases:
                  pre_build:
                    commands:
                      - AWS_ACCOUNT_ID=$(echo $CODEBUILD_BUILD_ARN | cut -d ':' -f 5)
                      - REGISTRY=$AWS_ACCOUNT_ID.dkr.ecr.$AWS_DEFAULT_REGION.amazonaws.com
                      - REPOSITORY_URI=$REGISTRY/$IMAGE_REPO_NAME
                      - IMAGE_TAG=$(echo $CODEBUILD_RESOLVED_SOURCE_VERSION | cut -c 1-7)
                      - echo Logging in to Amazon ECR
                      - aws ecr get-login-password --region $AWS_DEFAULT_REGION | docker login --username AWS --password-stdin $REGISTRY
                  build:
                    commands:
                      - echo Building $REPOSITORY_URI:$IMAGE_TAG
                      - docker build -t $REPOSITORY_URI:$IMAGE_TAG .
                  post_build:
                    commands:
                      - docker push $REPOSITORY_URI:$IMAGE_TAG
                      - printf '{"ImageURI":"%%s"}' $REPOSITORY_URI:$IMAGE_TAG > imageDetail.json

                artifacts:
                  files:
                    - imageDetail.json
                """.formatted(p.image().repository());
    }

    /** CodeDeploy's blue/green instructions: the service's container and port behind the load balancer. */
    public static String appspec(PipelineSection p) {
        return """
                # CodeDeploy's instructions for a blue/green ECS deployment. CodePipeline replaces
                # <TASK_DEFINITION> with the task definition it registers from taskdef.json.
                version: 0.0
                Resources:
                  - TargetService:
                      Type: AWS::ECS::Service
                      Properties:
                        TaskDefinition: <TASK_DEFINITION>
                        LoadBalancerInfo:
                          ContainerName: %s
                          ContainerPort: %d
                """.formatted(p.service().container(), p.service().port());
    }

    /** The task definition each release registers, its image {@code <IMAGE1_NAME>} (the build's). */
    public static String taskdef(Blueprint blueprint, String account) {
        PipelineSection p = blueprint.section(PipelineSection.KEY);
        String stack = blueprint.name();
        PipelineSection.Service s = p.service();
        return """
                {
                  "family": %s,
                  "executionRoleArn": %s,
                  "networkMode": "awsvpc",
                  "requiresCompatibilities": [%s],
                  "cpu": "%d",
                  "memory": "%d",
                  "containerDefinitions": [
                    {
                      "name": %s,
                      "image": "<IMAGE1_NAME>",
                      "essential": true,
                      "portMappings": [{ "containerPort": %d, "protocol": "tcp" }],
                      "logConfiguration": {
                        "logDriver": "awslogs",
                        "options": {
                          "awslogs-group": %s,
                          "awslogs-region": %s,
                          "awslogs-stream-prefix": %s
                        }
                      }
                    }
                  ]
                }
                """.formatted(q(PipelineResources.family(stack, p)), q(PipelineResources.executionRoleArn(stack, account)),
                q(s.capacity().launchType()), s.cpu(), s.memory(), q(s.container()), s.port(),
                q(PipelineResources.serviceLogGroup(stack, p)), q(blueprint.region()), q(s.container()));
    }

    /** The sample app's image: nginx serving {@code index.html}. */
    public static String dockerfile() {
        return "FROM " + SAMPLE_BASE + "\nCOPY index.html /usr/share/nginx/html/index.html\n";
    }

    /** The sample app's page: its {@code <h1>} says {@code Version N}, a line names the stack. */
    public static String indexHtml(String stack, int version) {
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head><meta charset="utf-8"><title>%s</title></head>
                <body>
                <h1>Version %d</h1>
                <p>Deployed by the pipeline of stack %s: built by CodeBuild, shipped blue/green by CodeDeploy.</p>
                </body>
                </html>
                """.formatted(html(stack), version, html(stack));
    }

    /** The version a sample page shows, or 0 when it shows none. */
    public static int version(String indexHtml) {
        Matcher m = VERSION.matcher(indexHtml);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static String q(String value) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + "\"";
    }

    private static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
