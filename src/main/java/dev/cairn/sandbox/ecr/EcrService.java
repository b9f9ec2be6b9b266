package dev.cairn.sandbox.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.sandbox.core.Arn;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Call;
import dev.cairn.sandbox.core.LiveResource;
import dev.cairn.sandbox.core.Regions;
import dev.cairn.sandbox.core.ServiceDefinition;
import dev.cairn.sandbox.core.ServiceDefinition.Effect;
import dev.cairn.sandbox.core.World;
import dev.cairn.sandbox.ecr.EcrStore.Image;
import dev.cairn.sandbox.ecr.EcrStore.Repository;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Amazon ECR (awsJson 1.1, {@code X-Amz-Target: AmazonEC2ContainerRegistry_V20150921.<Op>}, signing
 * name {@code ecr}): private repositories, their images and lifecycle policies. A Sandbox image is
 * the set of files a build pushed ({@link EcrImages#push}), kept as one layer; its digest is the
 * SHA-256 of a Docker v2 manifest naming that layer, so the same files always give the same
 * digest. Exports {@link EcrImages} (CodeBuild pushes, ECS reads a task's files).
 */
public final class EcrService {
    static final String SIGNING_NAME = "ecr";
    static final String TARGET_PREFIX = "AmazonEC2ContainerRegistry_V20150921";
    /** AWS's repository name pattern (CreateRepository's model) and length range. */
    static final Pattern NAME = Pattern.compile("(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*");
    static final int NAME_MIN = 2;
    static final int NAME_MAX = 256;
    /** An image tag: AWS's pattern allows up to 300 characters of these. */
    static final Pattern TAG = Pattern.compile("[a-zA-Z0-9_.\\-]{1,300}");
    /** GetAuthorizationToken: AWS's tokens last 12 hours. */
    static final long TOKEN_LIFETIME_MS = 12L * 60 * 60 * 1000;
    static final String MANIFEST_TYPE = "application/vnd.docker.distribution.manifest.v2+json";
    static final String LAYER_TYPE = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    static final String CONFIG_TYPE = "application/vnd.docker.container.image.v1+json";
    private static final long DAY_MS = 24L * 60 * 60 * 1000;
    private static final Pattern IMAGE_URI = Pattern.compile(
            "(\\d{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com/([^:@]+)(?::([^@]+)|@(sha256:[0-9a-f]{64}))?");
    private static final ObjectMapper JSON = new ObjectMapper();

    private EcrService() {
    }

    /** ECR's definition. */
    public static ServiceDefinition definition() {
        return ServiceDefinition.builder(SIGNING_NAME, ServiceDefinition.Protocol.JSON_1_1)
                .targetPrefix(TARGET_PREFIX)
                .store(EcrStore.SPEC)
                .precheck(call -> Regions.require(call.region()))
                .json("CreateRepository", Effect.WRITES, EcrService::createRepository)
                .json("DescribeRepositories", Effect.READS, EcrService::describeRepositories)
                .json("DeleteRepository", Effect.WRITES, EcrService::deleteRepository)
                .json("PutImageScanningConfiguration", Effect.WRITES, EcrService::putScanning)
                .json("PutImageTagMutability", Effect.WRITES, EcrService::putMutability)
                .json("PutLifecyclePolicy", Effect.WRITES, EcrService::putLifecyclePolicy)
                .json("GetLifecyclePolicy", Effect.READS, EcrService::getLifecyclePolicy)
                .json("DeleteLifecyclePolicy", Effect.WRITES, EcrService::deleteLifecyclePolicy)
                .json("ListImages", Effect.READS, EcrService::listImages)
                .json("DescribeImages", Effect.READS, EcrService::describeImages)
                .json("BatchGetImage", Effect.READS, EcrService::batchGetImage)
                .json("BatchDeleteImage", Effect.WRITES, EcrService::batchDeleteImage)
                .json("PutImage", Effect.WRITES, EcrService::putImage)
                .json("GetAuthorizationToken", Effect.READS, EcrService::getAuthorizationToken)
                .json("TagResource", Effect.WRITES, EcrService::tagResource)
                .json("UntagResource", Effect.WRITES, EcrService::untagResource)
                .json("ListTagsForResource", Effect.READS, EcrService::listTags)
                .export(EcrImages.class, EcrService::exported)
                .inventory(EcrService::live)
                .build();
    }

    // ------------------------------------------------------------------ repositories

    private static ObjectNode createRepository(Call call) {
        JsonNode body = call.json();
        String name = validName(body.path("repositoryName").asText(null));
        String mutability = body.path("imageTagMutability").asText("MUTABLE");
        checkMutability(mutability);
        EcrStore.RegionState state = call.state(EcrStore.class).region(call.accountId(), call.region());
        if (state.repositories.containsKey(name)) {
            throw new AwsException("RepositoryAlreadyExistsException", "The repository with name '" + name
                    + "' already exists in the registry with id '" + call.accountId() + "'");
        }
        Repository repo = new Repository();
        repo.id = name;
        repo.createdAt = call.now();
        repo.imageTagMutability = mutability;
        repo.scanOnPush = body.path("imageScanningConfiguration").path("scanOnPush").asBoolean(false);
        repo.tags.putAll(tags(body.path("tags")));
        state.repositories.put(name, repo);
        ObjectNode out = JSON.createObjectNode();
        out.set("repository", render(call, repo));
        return out;
    }

    private static ObjectNode describeRepositories(Call call) {
        JsonNode names = call.json().path("repositoryNames");
        EcrStore.RegionState state = reading(call);
        ArrayNode list = JSON.createArrayNode();
        if (names.isArray() && !names.isEmpty()) {
            for (JsonNode n : names) {
                list.add(render(call, repository(call, state, n.asText())));
            }
        } else {
            state.repositories.values().forEach(r -> list.add(render(call, r)));
        }
        ObjectNode out = JSON.createObjectNode();
        out.set("repositories", list);
        return out;
    }

    private static ObjectNode deleteRepository(Call call) {
        JsonNode body = call.json();
        String name = body.path("repositoryName").asText(null);
        EcrStore.RegionState state = call.state(EcrStore.class).region(call.accountId(), call.region());
        Repository repo = repository(call, state, name);
        if (!repo.images.isEmpty() && !body.path("force").asBoolean(false)) {
            throw new AwsException("RepositoryNotEmptyException", "The repository with name '" + name
                    + "' in registry with id '" + call.accountId() + "' cannot be deleted because it still contains "
                    + "images");
        }
        state.repositories.remove(name);
        ObjectNode out = JSON.createObjectNode();
        out.set("repository", render(call, repo));
        return out;
    }

    private static ObjectNode putScanning(Call call) {
        JsonNode body = call.json();
        Repository repo = writable(call, body);
        repo.scanOnPush = body.path("imageScanningConfiguration").path("scanOnPush").asBoolean(false);
        ObjectNode out = header(call, repo);
        out.putObject("imageScanningConfiguration").put("scanOnPush", repo.scanOnPush);
        return out;
    }

    private static ObjectNode putMutability(Call call) {
        JsonNode body = call.json();
        String mutability = body.path("imageTagMutability").asText(null);
        if (mutability == null) {
            throw new AwsException("InvalidParameterException", "Invalid parameter at 'imageTagMutability' failed "
                    + "to satisfy constraint: 'Member must not be null'");
        }
        checkMutability(mutability);
        Repository repo = writable(call, body);
        repo.imageTagMutability = mutability;
        return header(call, repo).put("imageTagMutability", mutability);
    }

    // ------------------------------------------------------------------ lifecycle policies

    private static ObjectNode putLifecyclePolicy(Call call) {
        JsonNode body = call.json();
        String text = body.path("lifecyclePolicyText").asText(null);
        List<Rule> rules = LifecycleRules.parse(text);
        Repository repo = writable(call, body);
        repo.lifecyclePolicy = text;
        // The policy applies to what is there now as well as to later pushes.
        applyLifecycle(repo, rules, call.now());
        return header(call, repo).put("lifecyclePolicyText", text);
    }

    private static ObjectNode getLifecyclePolicy(Call call) {
        Repository repo = repository(call, reading(call), call.json().path("repositoryName").asText(null));
        if (repo.lifecyclePolicy == null) {
            throw noPolicy(call, repo);
        }
        return header(call, repo).put("lifecyclePolicyText", repo.lifecyclePolicy)
                .put("lastEvaluatedAt", seconds(repo.lifecycleEvaluatedAt));
    }

    private static ObjectNode deleteLifecyclePolicy(Call call) {
        Repository repo = writable(call, call.json());
        if (repo.lifecyclePolicy == null) {
            throw noPolicy(call, repo);
        }
        ObjectNode out = header(call, repo).put("lifecyclePolicyText", repo.lifecyclePolicy)
                .put("lastEvaluatedAt", seconds(repo.lifecycleEvaluatedAt));
        repo.lifecyclePolicy = null;
        repo.lifecycleEvaluatedAt = 0;
        return out;
    }

    private static AwsException noPolicy(Call call, Repository repo) {
        return new AwsException("LifecyclePolicyNotFoundException", "Lifecycle policy does not exist for the "
                + "repository with name '" + repo.id + "' in the registry with id '" + call.accountId() + "'");
    }

    /** One validated lifecycle rule. */
    record Rule(int priority, String tagStatus, List<String> tagPrefixes, String countType, int countNumber) {
    }

    /**
     * Expires images as the rules say, lowest priority number first; an image a rule expired is
     * not seen by later rules (AWS's evaluation order). Untagged images count by push time.
     */
    static void applyLifecycle(Repository repo, List<Rule> rules, long now) {
        Set<String> expired = new LinkedHashSet<>();
        for (Rule rule : rules.stream().sorted(Comparator.comparingInt(Rule::priority)).toList()) {
            List<Image> selected = repo.images.values().stream()
                    .filter(i -> !expired.contains(i.digest) && LifecycleRules.selects(rule, i))
                    .sorted(Comparator.comparingLong((Image i) -> i.pushedAt).reversed()).toList();
            if (rule.countType().equals(LifecycleRules.COUNT_MORE_THAN)) {
                for (int k = rule.countNumber(); k < selected.size(); k++) {
                    expired.add(selected.get(k).digest);
                }
            } else {
                for (Image i : selected) {
                    if (now - i.pushedAt > rule.countNumber() * DAY_MS) {
                        expired.add(i.digest);
                    }
                }
            }
        }
        expired.forEach(repo.images::remove);
        repo.lifecycleEvaluatedAt = now;
    }

    private static void afterPush(Repository repo, long now) {
        if (repo.lifecyclePolicy != null) {
            applyLifecycle(repo, LifecycleRules.parse(repo.lifecyclePolicy), now);
        }
    }

    // ------------------------------------------------------------------ images

    private static ObjectNode listImages(Call call) {
        JsonNode body = call.json();
        Repository repo = repository(call, reading(call), body.path("repositoryName").asText(null));
        String status = body.path("filter").path("tagStatus").asText("ANY");
        ArrayNode ids = JSON.createArrayNode();
        for (Image image : repo.images.values()) {
            if (image.tags.isEmpty()) {
                if (!status.equals("TAGGED")) {
                    ids.add(JSON.createObjectNode().put("imageDigest", image.digest));
                }
            } else if (!status.equals("UNTAGGED")) {
                for (String tag : image.tags) {
                    ids.add(JSON.createObjectNode().put("imageDigest", image.digest).put("imageTag", tag));
                }
            }
        }
        ObjectNode out = JSON.createObjectNode();
        out.set("imageIds", ids);
        return out;
    }

    private static ObjectNode describeImages(Call call) {
        JsonNode body = call.json();
        Repository repo = repository(call, reading(call), body.path("repositoryName").asText(null));
        List<Image> images = new ArrayList<>();
        JsonNode ids = body.path("imageIds");
        if (ids.isArray() && !ids.isEmpty()) {
            for (JsonNode id : ids) {
                Image image = find(repo, id);
                if (image == null) {
                    throw imageNotFound(call, repo, id);
                }
                if (!images.contains(image)) {
                    images.add(image);
                }
            }
        } else {
            String status = body.path("filter").path("tagStatus").asText("ANY");
            repo.images.values().stream().filter(i -> status.equals("ANY")
                    || status.equals("TAGGED") == !i.tags.isEmpty()).forEach(images::add);
        }
        ArrayNode list = JSON.createArrayNode();
        for (Image image : images) {
            ObjectNode d = JSON.createObjectNode();
            d.put("registryId", call.accountId());
            d.put("repositoryName", repo.id);
            d.put("imageDigest", image.digest);
            if (!image.tags.isEmpty()) {
                ArrayNode tags = d.putArray("imageTags");
                image.tags.forEach(tags::add);
            }
            d.put("imageSizeInBytes", image.sizeInBytes);
            d.put("imagePushedAt", seconds(image.pushedAt));
            d.put("imageManifestMediaType", image.manifestMediaType);
            list.add(d);
        }
        ObjectNode out = JSON.createObjectNode();
        out.set("imageDetails", list);
        return out;
    }

    private static ObjectNode batchGetImage(Call call) {
        JsonNode body = call.json();
        Repository repo = repository(call, reading(call), body.path("repositoryName").asText(null));
        ObjectNode out = JSON.createObjectNode();
        ArrayNode images = out.putArray("images");
        ArrayNode failures = out.putArray("failures");
        for (JsonNode id : body.path("imageIds")) {
            Image image = find(repo, id);
            if (image == null) {
                failures.add(failure(id, "ImageNotFound", "Requested image not found"));
                continue;
            }
            ObjectNode i = images.addObject();
            i.put("registryId", call.accountId());
            i.put("repositoryName", repo.id);
            ObjectNode imageId = i.putObject("imageId").put("imageDigest", image.digest);
            if (id.hasNonNull("imageTag")) {
                imageId.put("imageTag", id.get("imageTag").asText());
            }
            i.put("imageManifest", image.manifest);
            i.put("imageManifestMediaType", image.manifestMediaType);
        }
        return out;
    }

    private static ObjectNode batchDeleteImage(Call call) {
        JsonNode body = call.json();
        Repository repo = writable(call, body);
        ObjectNode out = JSON.createObjectNode();
        ArrayNode deleted = out.putArray("imageIds");
        ArrayNode failures = out.putArray("failures");
        for (JsonNode id : body.path("imageIds")) {
            Image image = find(repo, id);
            if (image == null) {
                boolean mismatch = id.hasNonNull("imageTag") && id.hasNonNull("imageDigest")
                        && repo.images.containsKey(id.get("imageDigest").asText());
                failures.add(mismatch
                        ? failure(id, "ImageTagDoesNotMatchDigest", "Invalid image tag for the supplied digest")
                        : failure(id, "ImageNotFound", "Requested image not found"));
                continue;
            }
            if (id.hasNonNull("imageTag") && !id.hasNonNull("imageDigest")) {
                // Deleting by tag removes the tag; the image goes with its last tag.
                String tag = id.get("imageTag").asText();
                image.tags.remove(tag);
                deleted.add(JSON.createObjectNode().put("imageDigest", image.digest).put("imageTag", tag));
                if (image.tags.isEmpty()) {
                    repo.images.remove(image.digest);
                }
            } else {
                repo.images.remove(image.digest);
                if (image.tags.isEmpty()) {
                    deleted.add(JSON.createObjectNode().put("imageDigest", image.digest));
                }
                for (String tag : image.tags) {
                    deleted.add(JSON.createObjectNode().put("imageDigest", image.digest).put("imageTag", tag));
                }
            }
        }
        return out;
    }

    private static ObjectNode putImage(Call call) {
        JsonNode body = call.json();
        String manifest = body.path("imageManifest").asText(null);
        if (manifest == null || manifest.isEmpty()) {
            throw new AwsException("InvalidParameterException", "Invalid parameter at 'imageManifest' failed to "
                    + "satisfy constraint: 'Member must not be null'");
        }
        JsonNode parsed;
        try {
            parsed = JSON.readTree(manifest);
        } catch (java.io.IOException e) {
            throw new AwsException("InvalidParameterException", "Invalid parameter at 'ImageManifest' failed to "
                    + "satisfy constraint: 'Invalid JSON syntax'");
        }
        String digest = "sha256:" + sha256Hex(manifest.getBytes(StandardCharsets.UTF_8));
        if (body.hasNonNull("imageDigest") && !body.get("imageDigest").asText().equals(digest)) {
            throw new AwsException("ImageDigestDoesNotMatchException", "Provided digest does not match the "
                    + "digest of the manifest");
        }
        String tag = body.path("imageTag").asText(null);
        Repository repo = writable(call, body);
        long size = 0;
        for (JsonNode layer : parsed.path("layers")) {
            size += layer.path("size").asLong(0);
        }
        Image existing = repo.images.get(digest);
        if (existing != null && (tag == null || existing.tags.contains(tag))) {
            throw new AwsException("ImageAlreadyExistsException", "Image with digest '" + digest + "'"
                    + (tag == null ? "" : " and tag '" + tag + "'") + " already exists in the repository with name '"
                    + repo.id + "' in registry with id '" + call.accountId() + "'");
        }
        Image image = store(call, repo, tag, digest, manifest,
                body.path("imageManifestMediaType").asText(parsed.path("mediaType").asText(MANIFEST_TYPE)), size,
                new LinkedHashMap<>());
        ObjectNode out = JSON.createObjectNode();
        ObjectNode i = out.putObject("image");
        i.put("registryId", call.accountId());
        i.put("repositoryName", repo.id);
        ObjectNode imageId = i.putObject("imageId").put("imageDigest", image.digest);
        if (tag != null) {
            imageId.put("imageTag", tag);
        }
        i.put("imageManifest", manifest);
        i.put("imageManifestMediaType", image.manifestMediaType);
        return out;
    }

    /**
     * Stores an image under a digest and optional tag: the tag moves off any other image (which
     * stays, untagged, as in ECR), unless the repository is {@code IMMUTABLE}. Then the lifecycle
     * policy runs, as ECR applies it after each push.
     */
    private static Image store(Call call, Repository repo, String tag, String digest, String manifest,
                               String mediaType, long size, LinkedHashMap<String, String> files) {
        if (tag != null && !TAG.matcher(tag).matches()) {
            throw new AwsException("InvalidParameterException", "Invalid parameter at 'imageTag' failed to satisfy "
                    + "constraint: 'must satisfy regular expression '" + TAG.pattern() + "''");
        }
        if (tag != null) {
            for (Image other : repo.images.values()) {
                if (!other.digest.equals(digest) && other.tags.contains(tag)) {
                    if (repo.imageTagMutability.equals("IMMUTABLE")) {
                        throw new AwsException("ImageTagAlreadyExistsException", "The image tag '" + tag
                                + "' already exists in the '" + repo.id + "' repository and cannot be overwritten "
                                + "because the repository is immutable.");
                    }
                    other.tags.remove(tag);
                }
            }
        }
        Image image = repo.images.get(digest);
        if (image == null) {
            image = new Image();
            image.digest = digest;
            image.manifest = manifest;
            image.manifestMediaType = mediaType;
            image.sizeInBytes = size;
            image.files = files;
            repo.images.put(digest, image);
        }
        image.pushedAt = call.now();
        if (tag != null && !image.tags.contains(tag)) {
            image.tags.add(tag);
        }
        afterPush(repo, call.now());
        return image;
    }

    private static Image find(Repository repo, JsonNode id) {
        String digest = id.path("imageDigest").asText(null);
        String tag = id.path("imageTag").asText(null);
        if (digest != null) {
            Image image = repo.images.get(digest);
            return image != null && (tag == null || image.tags.contains(tag)) ? image : null;
        }
        if (tag == null) {
            return null;
        }
        return repo.images.values().stream().filter(i -> i.tags.contains(tag)).findFirst().orElse(null);
    }

    private static AwsException imageNotFound(Call call, Repository repo, JsonNode id) {
        return new AwsException("ImageNotFoundException", "The image with imageId {imageDigest:'"
                + id.path("imageDigest").asText("null") + "', imageTag:'" + id.path("imageTag").asText("null")
                + "'} does not exist within the repository with name '" + repo.id + "' in the registry with id '"
                + call.accountId() + "'");
    }

    private static ObjectNode failure(JsonNode id, String code, String reason) {
        ObjectNode f = JSON.createObjectNode();
        f.set("imageId", id.deepCopy());
        f.put("failureCode", code);
        f.put("failureReason", reason);
        return f;
    }

    // ------------------------------------------------------------------ auth, tags

    /**
     * A registry token: base64 of {@code AWS:<password>}. The password is random and never kept
     * or logged; the Sandbox's {@code docker login} only checks that the caller could get one.
     */
    private static ObjectNode getAuthorizationToken(Call call) {
        byte[] secret = new byte[32];
        call.world().random().nextBytes(secret);
        String password = Base64.getEncoder().encodeToString(secret);
        String token = Base64.getEncoder().encodeToString(("AWS:" + password).getBytes(StandardCharsets.UTF_8));
        ObjectNode out = JSON.createObjectNode();
        out.putArray("authorizationData").addObject()
                .put("authorizationToken", token)
                .put("expiresAt", seconds(call.now() + TOKEN_LIFETIME_MS))
                .put("proxyEndpoint", "https://" + registry(call.accountId(), call.region()));
        return out;
    }

    private static ObjectNode tagResource(Call call) {
        JsonNode body = call.json();
        Repository repo = byArn(call, body.path("resourceArn").asText(null), true);
        repo.tags.putAll(tags(body.path("tags")));
        return JSON.createObjectNode();
    }

    private static ObjectNode untagResource(Call call) {
        JsonNode body = call.json();
        Repository repo = byArn(call, body.path("resourceArn").asText(null), true);
        body.path("tagKeys").forEach(k -> repo.tags.remove(k.asText()));
        return JSON.createObjectNode();
    }

    private static ObjectNode listTags(Call call) {
        Repository repo = byArn(call, call.json().path("resourceArn").asText(null), false);
        ObjectNode out = JSON.createObjectNode();
        ArrayNode tags = out.putArray("tags");
        repo.tags.forEach((k, v) -> tags.addObject().put("Key", k).put("Value", v));
        return out;
    }

    private static Repository byArn(Call call, String arnText, boolean write) {
        Arn arn = Arn.parse(arnText);
        if (arn == null || !arn.service().equals("ecr") || !arn.resource().startsWith("repository/")) {
            throw new AwsException("InvalidParameterException", "Invalid parameter at 'resourceArn' failed to "
                    + "satisfy constraint: 'Invalid ARN'");
        }
        if (!arn.account().equals(call.accountId()) || !arn.region().equals(call.region())) {
            throw new AwsException("RepositoryNotFoundException", "The repository with name '"
                    + arn.resource().substring("repository/".length()) + "' does not exist in the registry with id '"
                    + arn.account() + "'");
        }
        EcrStore.RegionState state = write ? call.state(EcrStore.class).region(call.accountId(), call.region())
                : reading(call);
        return repository(call, state, arn.resource().substring("repository/".length()));
    }

    private static Map<String, String> tags(JsonNode list) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode t : list) {
            String key = t.path("Key").asText(null);
            if (key == null || key.isEmpty()) {
                throw new AwsException("InvalidParameterException", "Invalid parameter at 'tags' failed to satisfy "
                        + "constraint: 'Tag keys must not be empty'");
            }
            out.put(key, t.path("Value").asText(""));
        }
        return out;
    }

    // ------------------------------------------------------------------ helpers

    private static EcrStore.RegionState reading(Call call) {
        EcrStore.RegionState state = call.world().store(EcrStore.class).existing(call.accountId(), call.region());
        return state == null ? new EcrStore.RegionState() : state;
    }

    private static Repository writable(Call call, JsonNode body) {
        return repository(call, call.state(EcrStore.class).region(call.accountId(), call.region()),
                body.path("repositoryName").asText(null));
    }

    private static Repository repository(Call call, EcrStore.RegionState state, String name) {
        Repository repo = name == null ? null : state.repositories.get(name);
        if (repo == null) {
            throw new AwsException("RepositoryNotFoundException", "The repository with name '" + name
                    + "' does not exist in the registry with id '" + call.accountId() + "'");
        }
        return repo;
    }

    static String validName(String name) {
        if (name == null || name.length() < NAME_MIN || name.length() > NAME_MAX || !NAME.matcher(name).matches()) {
            throw new AwsException("InvalidParameterException", "Invalid parameter at 'repositoryName' failed to "
                    + "satisfy constraint: 'must satisfy regular expression '" + NAME.pattern() + "''");
        }
        return name;
    }

    private static void checkMutability(String mutability) {
        if (!mutability.equals("MUTABLE") && !mutability.equals("IMMUTABLE")) {
            throw new AwsException("InvalidParameterException", "Invalid parameter at 'imageTagMutability' failed "
                    + "to satisfy constraint: 'Member must satisfy enum value set: [IMMUTABLE, MUTABLE]'");
        }
    }

    private static ObjectNode header(Call call, Repository repo) {
        return JSON.createObjectNode().put("registryId", call.accountId()).put("repositoryName", repo.id);
    }

    private static ObjectNode render(Call call, Repository repo) {
        ObjectNode r = JSON.createObjectNode();
        r.put("repositoryArn", arn(call.accountId(), call.region(), repo.id).toString());
        r.put("registryId", call.accountId());
        r.put("repositoryName", repo.id);
        r.put("repositoryUri", registry(call.accountId(), call.region()) + "/" + repo.id);
        r.put("createdAt", seconds(repo.createdAt));
        r.put("imageTagMutability", repo.imageTagMutability);
        r.putObject("imageScanningConfiguration").put("scanOnPush", repo.scanOnPush);
        r.putObject("encryptionConfiguration").put("encryptionType", "AES256");
        return r;
    }

    static Arn arn(String account, String region, String name) {
        return Arn.of("ecr", region, account, "repository/" + name);
    }

    static String registry(String account, String region) {
        return account + ".dkr.ecr." + region + ".amazonaws.com";
    }

    private static double seconds(long epochMillis) {
        return epochMillis / 1000.0;
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The files as one layer: each file's path length, path, size and bytes, in path order. */
    static byte[] layer(Map<String, byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> f : new TreeMap<>(files).entrySet()) {
            byte[] path = f.getKey().getBytes(StandardCharsets.UTF_8);
            out.writeBytes((path.length + ":").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(path);
            out.writeBytes((f.getValue().length + ":").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(f.getValue());
        }
        return out.toByteArray();
    }

    // ------------------------------------------------------------------ other services, inventory

    /** What CodeBuild and ECS ask of ECR, bound to the caller's account and region. */
    private static EcrImages exported(Call call) {
        return new EcrImages() {
            @Override
            public String push(String repositoryName, String tag, Map<String, byte[]> files) {
                EcrStore.RegionState state = call.state(EcrStore.class).region(call.accountId(), call.region());
                Repository repo = repository(call, state, repositoryName);
                byte[] layer = layer(files);
                String layerDigest = "sha256:" + sha256Hex(layer);
                ObjectNode m = JSON.createObjectNode();
                m.put("schemaVersion", 2);
                m.put("mediaType", MANIFEST_TYPE);
                String config = "{\"layer\":\"" + layerDigest + "\"}";
                m.putObject("config").put("mediaType", CONFIG_TYPE).put("size", config.length())
                        .put("digest", "sha256:" + sha256Hex(config.getBytes(StandardCharsets.UTF_8)));
                m.putArray("layers").addObject().put("mediaType", LAYER_TYPE).put("size", layer.length)
                        .put("digest", layerDigest);
                String manifest = m.toString();
                String digest = "sha256:" + sha256Hex(manifest.getBytes(StandardCharsets.UTF_8));
                LinkedHashMap<String, String> encoded = new LinkedHashMap<>();
                new TreeMap<>(files).forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v)));
                store(call, repo, tag, digest, manifest, MANIFEST_TYPE, layer.length + config.length(), encoded);
                return digest;
            }

            @Override
            public Optional<Map<String, byte[]>> files(String imageUri) {
                Matcher m = imageUri == null ? null : IMAGE_URI.matcher(imageUri);
                if (m == null || !m.matches() || !m.group(1).equals(call.accountId())
                        || !m.group(2).equals(call.region())) {
                    return Optional.empty();
                }
                EcrStore.RegionState state = call.world().store(EcrStore.class)
                        .existing(call.accountId(), call.region());
                Repository repo = state == null ? null : state.repositories.get(m.group(3));
                if (repo == null) {
                    return Optional.empty();
                }
                ObjectNode id = JSON.createObjectNode();
                if (m.group(5) != null) {
                    id.put("imageDigest", m.group(5));
                } else {
                    id.put("imageTag", m.group(4) == null ? "latest" : m.group(4));
                }
                Image image = find(repo, id);
                if (image == null) {
                    return Optional.empty();
                }
                Map<String, byte[]> out = new LinkedHashMap<>();
                image.files.forEach((k, v) -> out.put(k, Base64.getDecoder().decode(v)));
                return Optional.of(out);
            }

            @Override
            public String repositoryUri(String repositoryName) {
                return registry(call.accountId(), call.region()) + "/" + repositoryName;
            }
        };
    }

    /** Repositories (the tagging API's {@code ecr:repository}); always {@code available}. */
    private static List<LiveResource> live(World world, long now, String account, String region) {
        List<LiveResource> out = new ArrayList<>();
        world.store(EcrStore.class).accounts.forEach((acct, regions) -> {
            if (account != null && !account.equals(acct)) {
                return;
            }
            regions.forEach((name, state) -> {
                if (region != null && !region.equals(name)) {
                    return;
                }
                for (Repository repo : state.repositories.values()) {
                    out.add(new LiveResource(acct, name, "repository", repo.id, arn(acct, name, repo.id), "available",
                            repo.tags));
                }
            });
        });
        return out;
    }
}
