package dev.cairn.step.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cairn.model.Blueprint;
import dev.cairn.step.BlueprintExample;
import dev.cairn.step.BlueprintYaml;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The repository files: parsed as CodeBuild, CodeDeploy and ECS parse them, and checked against
 * what each accepts (RegisterTaskDefinition's rules among them), and for the example, exactly the
 * text the contract fixes.
 */
class PipelineFilesTest {

    private static final String ACCOUNT = "123456789012";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Blueprint guide() {
        return BlueprintYaml.withDefaults(BlueprintExample.guide());
    }

    private static Blueprint fargate(int cpu, int memory) {
        return BlueprintYaml.withDefaults(BlueprintExample.guide().with(PipelineSection.KEY, BlueprintExample.pipeline()
                .withService(new PipelineSection.Service("demo", "web", "site", 8080, 1, Capacity.FARGATE, null, null, cpu,
                        memory))));
    }

    @Test
    void files_whenNewRepository_writeTheThreeFilesAndTheSampleApp() {
        Map<String, String> files = PipelineFiles.files(guide(), ACCOUNT, true);
        assertThat(files).containsOnlyKeys("buildspec.yml", "appspec.yaml", "taskdef.json", "Dockerfile", "index.html");
        assertThat(PipelineFiles.files(guide(), ACCOUNT, false)).containsOnlyKeys("buildspec.yml", "appspec.yaml", "taskdef.json");
    }

    @Test
    void buildspec_isWhatCodeBuildAccepts_tagFromTheCommitAndImageDetailAsArtifact() throws Exception {
        JsonNode spec = YAML.readTree(PipelineFiles.files(guide(), ACCOUNT, false).get("buildspec.yml"));
        assertThat(spec.get("version").asText()).isEqualTo("0.2");
        assertThat(spec.at("/env/variables/IMAGE_REPO_NAME").asText()).isEqualTo("frontend");
        assertThat(spec.at("/artifacts/files")).extracting(JsonNode::asText).containsExactly("imageDetail.json");
        List<String> commands = new ArrayList<>();
        for (String phase : List.of("pre_build", "build", "post_build")) {
            spec.at("/phases/" + phase + "/commands").forEach(c -> commands.add(c.asText()));
        }
        // Every variable a command uses is defined before (or is CodeBuild's own): the guide's IMAGE_TAG was not.
        List<String> defined = new ArrayList<>(List.of("CODEBUILD_BUILD_ARN", "AWS_DEFAULT_REGION",
                "CODEBUILD_RESOLVED_SOURCE_VERSION", "IMAGE_REPO_NAME"));
        for (String c : commands) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$([A-Z_]+)").matcher(c);
            while (m.find()) {
                assertThat(defined).as("$" + m.group(1) + " in: " + c).contains(m.group(1));
            }
            if (c.matches("[A-Z_]+=.*")) {
                defined.add(c.substring(0, c.indexOf('=')));
            }
        }
        assertThat(commands).contains("IMAGE_TAG=$(echo $CODEBUILD_RESOLVED_SOURCE_VERSION | cut -c 1-7)",
                "docker push $REPOSITORY_URI:$IMAGE_TAG",
                "printf '{\"ImageURI\":\"%s\"}' $REPOSITORY_URI:$IMAGE_TAG > imageDetail.json");
    }

    @Test
    void appspec_isWhatCodeDeployAccepts_forTheServicesContainerAndPort() throws Exception {
        for (Blueprint bp : List.of(guide(), fargate(512, 1024))) {
            PipelineSection p = bp.section(PipelineSection.KEY);
            JsonNode app = YAML.readTree(PipelineFiles.files(bp, ACCOUNT, false).get("appspec.yaml"));
            assertThat(app.get("version").asText()).isEqualTo("0.0");
            JsonNode target = app.at("/Resources/0/TargetService");
            assertThat(target.get("Type").asText()).isEqualTo("AWS::ECS::Service");
            assertThat(target.at("/Properties/TaskDefinition").asText()).isEqualTo("<TASK_DEFINITION>");
            assertThat(target.at("/Properties/LoadBalancerInfo/ContainerName").asText()).isEqualTo(p.service().container());
            assertThat(target.at("/Properties/LoadBalancerInfo/ContainerPort").isInt()).isTrue();
            assertThat(target.at("/Properties/LoadBalancerInfo/ContainerPort").asInt()).isEqualTo(p.service().port());
        }
    }

    @Test
    void taskdef_isWhatRegisterTaskDefinitionAccepts() throws Exception {
        for (Blueprint bp : List.of(guide(), fargate(512, 1024), fargate(256, 2048))) {
            PipelineSection p = bp.section(PipelineSection.KEY);
            String text = PipelineFiles.files(bp, ACCOUNT, false).get("taskdef.json");
            JsonNode td = JSON.readTree(text);
            assertThat(td.has("tags")).as("ECS refuses an empty tags list").isFalse();
            assertThat(text).doesNotContain("arn:aws:ecs:").contains("<IMAGE1_NAME>");
            assertThat(td.get("family").asText()).matches("[A-Za-z0-9_-]{1,255}").isEqualTo("demo-" + p.service().name());
            assertThat(td.get("networkMode").asText()).isEqualTo("awsvpc");
            assertThat(td.get("executionRoleArn").asText())
                    .isEqualTo("arn:aws:iam::123456789012:role/cairn/demo/demo-task-execution");
            String compat = td.get("requiresCompatibilities").get(0).asText();
            assertThat(compat).isEqualTo(p.service().capacity().launchType());
            // Task-level sizes are strings; Fargate allows only its combinations.
            assertThat(td.get("cpu").isTextual()).isTrue();
            assertThat(td.get("memory").isTextual()).isTrue();
            if (compat.equals("FARGATE")) {
                assertThat(PipelineValidator.fargateAllows(td.get("cpu").asInt(), td.get("memory").asInt())).isTrue();
            }
            JsonNode c = td.get("containerDefinitions").get(0);
            assertThat(td.get("containerDefinitions")).hasSize(1);
            assertThat(c.get("name").asText()).isEqualTo(p.service().container());
            assertThat(c.get("image").asText()).isEqualTo("<IMAGE1_NAME>");
            assertThat(c.get("essential").asBoolean()).isTrue();
            JsonNode pm = c.get("portMappings").get(0);
            assertThat(pm.get("containerPort").asInt()).isEqualTo(p.service().port());
            // awsvpc: a hostPort, when given, must equal the containerPort.
            assertThat(!pm.has("hostPort") || pm.get("hostPort").asInt() == pm.get("containerPort").asInt()).isTrue();
            JsonNode logs = c.at("/logConfiguration/options");
            assertThat(c.at("/logConfiguration/logDriver").asText()).isEqualTo("awslogs");
            assertThat(logs.get("awslogs-group").asText()).isEqualTo("/cairn/demo/" + p.service().container());
            assertThat(logs.get("awslogs-region").asText()).isEqualTo("ap-northeast-2");
            assertThat(logs.get("awslogs-stream-prefix").asText()).isEqualTo(p.service().container());
        }
    }

    @Test
    void files_whenGuide_areExactlyTheContractsText() {
        Map<String, String> files = PipelineFiles.files(guide(), ACCOUNT, true);
        assertThat(files.get("appspec.yaml")).isEqualTo("""
                # CodeDeploy's instructions for a blue/green ECS deployment. CodePipeline replaces
                # <TASK_DEFINITION> with the task definition it registers from taskdef.json.
                version: 0.0
                Resources:
                  - TargetService:
                      Type: AWS::ECS::Service
                      Properties:
                        TaskDefinition: <TASK_DEFINITION>
                        LoadBalancerInfo:
                          ContainerName: frontend
                          ContainerPort: 80
                """);
        assertThat(files.get("taskdef.json")).isEqualTo("""
                {
                  "family": "demo-frontend",
                  "executionRoleArn": "arn:aws:iam::123456789012:role/cairn/demo/demo-task-execution",
                  "networkMode": "awsvpc",
                  "requiresCompatibilities": ["EC2"],
                  "cpu": "256",
                  "memory": "512",
                  "containerDefinitions": [
                    {
                      "name": "frontend",
                      "image": "<IMAGE1_NAME>",
                      "essential": true,
                      "portMappings": [{ "containerPort": 80, "protocol": "tcp" }],
                      "logConfiguration": {
                        "logDriver": "awslogs",
                        "options": {
                          "awslogs-group": "/cairn/demo/frontend",
                          "awslogs-region": "ap-northeast-2",
                          "awslogs-stream-prefix": "frontend"
                        }
                      }
                    }
                  ]
                }
                """);
        assertThat(files.get("buildspec.yml")).startsWith("""
                # Built by CodeBuild for every pipeline run: log in to ECR, build the image, tag it with the
                # commit, push it, and hand the deploy stage its URI in imageDetail.json.
                version: 0.2

                env:
                  variables:
                    IMAGE_REPO_NAME: frontend
                """).contains("      - aws ecr get-login-password --region $AWS_DEFAULT_REGION | docker login --username AWS"
                + " --password-stdin $REGISTRY\n").endsWith("""
                artifacts:
                  files:
                    - imageDetail.json
                """);
        assertThat(files.get("Dockerfile")).isEqualTo("""
                FROM public.ecr.aws/nginx/nginx:stable-alpine
                COPY index.html /usr/share/nginx/html/index.html
                """);
        assertThat(files.get("index.html")).contains("<h1>Version 1</h1>", "demo");
    }

    @Test
    void version_readsTheSamplePagesVersion() {
        assertThat(PipelineFiles.version(PipelineFiles.indexHtml("demo", 7))).isEqualTo(7);
        assertThat(PipelineFiles.version("<h1>Hello</h1>")).isZero();
    }
}
