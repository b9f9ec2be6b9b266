package dev.cairn.sandbox.codebuild;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The repository files the Pipeline step writes ({@code cairn pipeline files}; docs/architecture.md,
 * "Pipeline, the third") with the blueprint's defaults, as the Sandbox's CodeBuild must run them.
 */
public final class FilesMd {
    public static final String BUILDSPEC = """
            # Built by CodeBuild for every pipeline run: log in to ECR, build the image, tag it with the
            # commit, push it, and hand the deploy stage its URI in imageDetail.json.
            version: 0.2

            env:
              variables:
                IMAGE_REPO_NAME: frontend

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
                  - printf '{"ImageURI":"%s"}' $REPOSITORY_URI:$IMAGE_TAG > imageDetail.json

            artifacts:
              files:
                - imageDetail.json
            """;

    static final String DOCKERFILE = """
            FROM public.ecr.aws/nginx/nginx:stable-alpine
            COPY index.html /usr/share/nginx/html/index.html
            """;

    static final String INDEX = "<html><body><h1>Version 1</h1><p>Stack demo</p></body></html>\n";

    /** The sample app's source tree with the buildspec. */
    static Map<String, byte[]> sampleApp() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("buildspec.yml", BUILDSPEC.getBytes(StandardCharsets.UTF_8));
        files.put("Dockerfile", DOCKERFILE.getBytes(StandardCharsets.UTF_8));
        files.put("index.html", INDEX.getBytes(StandardCharsets.UTF_8));
        return files;
    }

    private FilesMd() {
    }
}
