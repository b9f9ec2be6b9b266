package dev.cairn.aws.ecr;

import static dev.cairn.aws.AwsErrors.code;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.aws.AwsClients;
import dev.cairn.aws.Settled;
import dev.cairn.aws.tagging.TaggingApiScanner;
import dev.cairn.engine.Found;
import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Message;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.engine.ResourceHandler;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.ResourceSpec;
import dev.cairn.model.Tags;
import dev.cairn.model.kinds.EcrKinds;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.Tag;

/**
 * The ECR repository the build pushes to. Found by its name (DescribeRepositories), owned when its
 * tags (given in CreateRepository, so never missing on one Cairn made) name this stack and address.
 * Scan on push and tag mutability go in the create call; the lifecycle rule ({@code keepImages}:
 * expire all but the newest N images) is PutLifecyclePolicy, journaled, and converged by
 * {@link #awaitReady} when a killed run did not get to it. The repository's {@code images}
 * attribute is how many images it held when last read. The delete is {@code force}: the images go
 * with it, and the handler says how many.
 */
public final class RepositoryHandler implements ResourceHandler {

    static final String NOT_FOUND = "RepositoryNotFoundException";
    static final String ALREADY_EXISTS = "RepositoryAlreadyExistsException";
    static final String NO_LIFECYCLE_POLICY = "LifecyclePolicyNotFoundException";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AwsClients clients;

    public RepositoryHandler(AwsClients clients) {
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    @Override
    public ResourceKind kind() {
        return EcrKinds.REPOSITORY;
    }

    /** Whether a spec is an ECR repository, whose images a delete or replace loses (for {@code app/DataAtRisk}). */
    public static boolean holdsImages(ResourceSpec spec) {
        return spec.kind() == EcrKinds.REPOSITORY;
    }

    /** How many images a repository holds now; empty when it is gone. */
    public static Optional<Integer> countImages(EcrClient ecr, String name) {
        try {
            return Optional.of(images(ecr, name));
        } catch (AwsServiceException e) {
            if (NOT_FOUND.equals(code(e))) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Found find(HandlerContext ctx, ResolvedSpec spec) {
        EcrClient ecr = clients.ecr(spec.region());
        String name = required(spec, "name");
        Optional<Repository> repo = describe(ecr, name);
        if (repo.isEmpty()) {
            return Found.absent();
        }
        Map<String, String> tags = tags(ecr, repo.get().repositoryArn());
        if (ctx.stack().equals(tags.get(Tags.STACK)) && spec.address().value().equals(tags.get(Tags.ADDRESS))) {
            return Found.ours(live(ecr, repo.get()));
        }
        String stack = tags.get(Tags.STACK);
        return Found.taken("ECR repository " + name + " already exists in " + spec.region()
                + (stack == null ? " without Cairn's tags" : " and belongs to Cairn stack " + stack + " ("
                        + tags.getOrDefault(Tags.ADDRESS, "?") + ")"));
    }

    @Override
    public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
        EcrClient ecr = clients.ecr(spec.region());
        String name = required(spec, "name");
        ctx.say("repository.creating", name, spec.region());
        Repository repo;
        try {
            repo = ecr.createRepository(r -> r.repositoryName(name)
                    .imageScanningConfiguration(c -> c.scanOnPush(flag(spec, "scanOnPush")))
                    .imageTagMutability(mutability(spec))
                    .tags(toTags(spec.tags()))).repository();
        } catch (AwsServiceException e) {
            // find said absent a moment ago and this create's intent is journaled: a repository
            // that exists now is the one an SDK retry of this very call made.
            if (!ALREADY_EXISTS.equals(code(e))) {
                throw e;
            }
            // What the retry made may lack its lifecycle rule: read and converge it.
            repo = describe(ecr, name).orElseThrow(() -> e);
            convergeLifecycle(ctx, ecr, spec, name);
            return live(ecr, repo);
        }
        // A new repository has no lifecycle policy and no image: write the rule without reading
        // first, and answer with what CreateRepository said (scan and mutability went in the call).
        String keep = spec.property("keepImages");
        if (keep != null && !keep.isBlank()) {
            int n = Integer.parseInt(keep.trim());
            String policy = lifecyclePolicy(n);
            ctx.say("repository.lifecycle", name, n);
            ctx.mutating("PutLifecyclePolicy", () -> ecr.putLifecyclePolicy(r -> r.repositoryName(name).lifecyclePolicyText(policy)));
        }
        Map<String, String> a = new LinkedHashMap<>();
        a.put("arn", repo.repositoryArn());
        a.put("uri", repo.repositoryUri());
        a.put("images", "0");
        return Settled.mark(new LiveResource(repo.repositoryName(), a, ""));
    }

    /** Visible, and its lifecycle rule as the spec says. */
    @Override
    public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
        if (Settled.is(resource)) {
            return Poll.done(resource);
        }
        EcrClient ecr = clients.ecr(spec.region());
        String name = resource.physicalId();
        Optional<Repository> repo = describe(ecr, name);
        if (repo.isEmpty()) {
            return Poll.pending(Message.of("aws.notVisible", kind(), name));
        }
        convergeLifecycle(ctx, ecr, spec, name);
        return Poll.done(live(ecr, repo.get()));
    }

    @Override
    public Poll update(HandlerContext ctx, ResolvedSpec spec, ResourceRecord current, Set<String> changed) {
        Set<String> unknown = new TreeSet<>(changed);
        unknown.removeAll(Set.of("scanOnPush", "tagMutability", "keepImages", TAGS));
        if (!unknown.isEmpty()) {
            throw new IllegalStateException(kind().label() + " cannot change " + String.join(", ", unknown) + " in place");
        }
        EcrClient ecr = clients.ecr(spec.region());
        String name = current.physicalId();
        Repository repo = describe(ecr, name)
                .orElseThrow(() -> new IllegalStateException("ECR repository " + name + " is gone; plan again to create it"));
        if (changed.contains("scanOnPush")) {
            boolean wanted = flag(spec, "scanOnPush");
            boolean have = repo.imageScanningConfiguration() != null && Boolean.TRUE.equals(repo.imageScanningConfiguration().scanOnPush());
            if (have != wanted) {
                ctx.say("repository.setting", name, "scan on push " + (wanted ? "on" : "off"));
                ctx.mutating("PutImageScanningConfiguration", () -> ecr.putImageScanningConfiguration(r -> r.repositoryName(name)
                        .imageScanningConfiguration(c -> c.scanOnPush(wanted))));
            }
        }
        if (changed.contains("tagMutability") && !mutability(spec).equals(repo.imageTagMutabilityAsString())) {
            String wanted = mutability(spec);
            ctx.say("repository.setting", name, "tag mutability " + wanted);
            ctx.mutating("PutImageTagMutability", () -> ecr.putImageTagMutability(r -> r.repositoryName(name).imageTagMutability(wanted)));
        }
        if (changed.contains("keepImages")) {
            convergeLifecycle(ctx, ecr, spec, name);
        }
        if (changed.contains(TAGS)) {
            String arn = repo.repositoryArn();
            Map<String, String> have = tags(ecr, arn);
            if (!have.equals(spec.tags())) {
                List<String> gone = have.keySet().stream().filter(k -> !spec.tags().containsKey(k) && !Tags.isCairns(k)).toList();
                if (!gone.isEmpty()) {
                    ctx.mutating("UntagResource", () -> ecr.untagResource(r -> r.resourceArn(arn).tagKeys(gone)));
                }
                ctx.mutating("TagResource", () -> ecr.tagResource(r -> r.resourceArn(arn).tags(toTags(spec.tags()))));
            }
        }
        return Poll.done(live(ecr, describe(ecr, name).orElse(repo)));
    }

    @Override
    public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
        EcrClient ecr = clients.ecr(record.spec().region());
        return describe(ecr, record.physicalId()).map(r -> live(ecr, r));
    }

    /** DeleteRepository with {@code force}: its images go with it, counted first so the run says what was lost. */
    @Override
    public Poll delete(HandlerContext ctx, ResourceRecord record) {
        EcrClient ecr = clients.ecr(record.spec().region());
        String name = record.physicalId();
        Optional<Integer> images = countImages(ecr, name);
        if (images.isEmpty()) {
            return Poll.done();
        }
        if (images.get() > 0) {
            ctx.say("repository.deletingImages", name, images.get());
        }
        try {
            ecr.deleteRepository(r -> r.repositoryName(name).force(true));
        } catch (AwsServiceException e) {
            if (NOT_FOUND.equals(code(e))) {
                return Poll.done();
            }
            throw e;
        }
        return Poll.done();
    }

    @Override
    public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
        return describe(clients.ecr(record.spec().region()), record.physicalId())
                .map(r -> Poll.pending(Message.of("aws.stillExists", kind(), record.physicalId())))
                .orElseGet(Poll::done);
    }

    /** For the tagging-API scan: a repository is there (no state word) while DescribeRepositories knows it. */
    public static TaggingApiScanner.LiveCheck liveCheck(AwsClients clients) {
        return (region, arn) -> describe(clients.ecr(region), nameOfArn(arn)).map(r -> "");
    }

    /** {@code arn:aws:ecr:REGION:ACCOUNT:repository/NAME} (a name may hold {@code /}) → {@code NAME}. */
    public static String nameOfArn(String arn) {
        int at = arn.indexOf(":repository/");
        return at < 0 ? arn : arn.substring(at + ":repository/".length());
    }

    /**
     * The lifecycle policy of {@code keepImages}: one rule expiring all but the newest N images
     * (any tag status). PutLifecyclePolicy when the repository's differs, DeleteLifecyclePolicy
     * when the spec keeps every image.
     */
    static String lifecyclePolicy(int keep) {
        return "{\"rules\":[{\"rulePriority\":1,\"description\":\"Keep the newest " + keep + " images\",\"selection\":"
                + "{\"tagStatus\":\"any\",\"countType\":\"imageCountMoreThan\",\"countNumber\":" + keep + "},"
                + "\"action\":{\"type\":\"expire\"}}]}";
    }

    private static void convergeLifecycle(HandlerContext ctx, EcrClient ecr, ResolvedSpec spec, String name) {
        String keep = spec.property("keepImages");
        Optional<String> have = lifecycle(ecr, name);
        if (keep == null || keep.isBlank()) {
            if (have.isPresent()) {
                ctx.say("repository.setting", name, "no lifecycle rule");
                ctx.mutating("DeleteLifecyclePolicy", () -> {
                    try {
                        ecr.deleteLifecyclePolicy(r -> r.repositoryName(name));
                    } catch (AwsServiceException e) {
                        if (!NO_LIFECYCLE_POLICY.equals(code(e))) {
                            throw e;
                        }
                    }
                });
            }
            return;
        }
        int n = Integer.parseInt(keep.trim());
        String wanted = lifecyclePolicy(n);
        if (have.isEmpty() || !sameJson(have.get(), wanted)) {
            ctx.say("repository.lifecycle", name, n);
            ctx.mutating("PutLifecyclePolicy", () -> ecr.putLifecyclePolicy(r -> r.repositoryName(name).lifecyclePolicyText(wanted)));
        }
    }

    static Optional<String> lifecycle(EcrClient ecr, String name) {
        try {
            return Optional.ofNullable(ecr.getLifecyclePolicy(r -> r.repositoryName(name)).lifecyclePolicyText());
        } catch (AwsServiceException e) {
            if (NO_LIFECYCLE_POLICY.equals(code(e))) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static boolean sameJson(String a, String b) {
        try {
            JsonNode x = JSON.readTree(a);
            return x.equals(JSON.readTree(b));
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    static Optional<Repository> describe(EcrClient ecr, String name) {
        try {
            return ecr.describeRepositories(r -> r.repositoryNames(name)).repositories().stream().findFirst();
        } catch (AwsServiceException e) {
            if (NOT_FOUND.equals(code(e))) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Distinct images (by digest): ListImages names an image once per tag. */
    static int images(EcrClient ecr, String name) {
        Set<String> digests = new HashSet<>();
        for (ImageDetail d : ecr.describeImagesPaginator(r -> r.repositoryName(name)).imageDetails()) {
            digests.add(d.imageDigest());
        }
        return digests.size();
    }

    static Map<String, String> tags(EcrClient ecr, String arn) {
        Map<String, String> map = new LinkedHashMap<>();
        try {
            ecr.listTagsForResource(r -> r.resourceArn(arn)).tags().forEach(t -> map.put(t.key(), t.value()));
        } catch (AwsServiceException e) {
            if (!NOT_FOUND.equals(code(e))) {
                throw e;
            }
        }
        return map;
    }

    private static LiveResource live(EcrClient ecr, Repository r) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("arn", r.repositoryArn());
        a.put("uri", r.repositoryUri());
        countImages(ecr, r.repositoryName()).ifPresent(n -> a.put("images", String.valueOf(n)));
        return new LiveResource(r.repositoryName(), a, "");
    }

    private static String mutability(ResolvedSpec spec) {
        String m = spec.property("tagMutability");
        return m == null || m.isBlank() ? "MUTABLE" : m.trim();
    }

    private static boolean flag(ResolvedSpec spec, String prop) {
        String v = spec.property(prop);
        return v != null && Boolean.parseBoolean(v.trim());
    }

    private static List<Tag> toTags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    private static String required(ResolvedSpec spec, String property) {
        String value = spec.property(property);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(spec.address() + " has no '" + property + "' property");
        }
        return value;
    }
}
