package dev.cairn.aws.codedeploy;

import static dev.cairn.aws.AwsErrors.code;
import static dev.cairn.aws.StackTags.isOurs;
import static dev.cairn.aws.StackTags.owner;

import dev.cairn.aws.AwsClients;
import dev.cairn.aws.Settled;
import dev.cairn.engine.Found;
import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Message;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.kinds.CodeDeployKinds;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.codedeploy.model.ComputePlatform;

/**
 * A CodeDeploy application on the ECS compute platform (provider {@code deploy/app.go}), named
 * by Cairn, tagged on create and found by name (ownership by its tags, read by ARN). Only the
 * user's tags change in place. Deleting it deletes its deployment groups with it; Cairn deletes
 * the group first anyway (the group refers to the application).
 */
public final class ApplicationHandler extends CodeDeployHandler {

    static final String MISSING = "ApplicationDoesNotExistException";

    public ApplicationHandler(AwsClients clients) {
        super(clients);
    }

    @Override
    public ResourceKind kind() {
        return CodeDeployKinds.APPLICATION;
    }

    @Override
    public Found find(HandlerContext ctx, ResolvedSpec spec) {
        String name = required(spec, "name");
        CodeDeployClient cd = codeDeploy(spec.region());
        if (describe(cd, name).isEmpty()) {
            return Found.absent();
        }
        String arn = applicationArn(ctx, spec.region(), name);
        Map<String, String> tags = tagsOf(cd, arn);
        if (isOurs(tags, ctx, spec)) {
            return Found.ours(live(name, arn, null));
        }
        return Found.taken("CodeDeploy application " + name + " already exists in " + spec.region() + ", " + owner(tags));
    }

    /** CreateApplication, tagged; no client token (a second call answers ApplicationAlreadyExistsException, and find runs first). */
    @Override
    public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
        String name = required(spec, "name");
        CodeDeployClient cd = codeDeploy(spec.region());
        String platform = spec.property("computePlatform") == null ? ComputePlatform.ECS.toString() : required(spec, "computePlatform");
        String id = cd.createApplication(r -> r.applicationName(name).computePlatform(platform).tags(toTags(spec.tags())))
                .applicationId();
        // CreateApplication's answer (its ID) is final: no GetApplication to confirm it.
        return Settled.mark(live(name, applicationArn(ctx, spec.region(), name), id));
    }

    @Override
    public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
        if (Settled.is(resource)) {
            return Poll.done(resource);
        }
        return describe(codeDeploy(spec.region()), resource.physicalId())
                .map(app -> Poll.done(live(app, applicationArn(ctx, spec.region(), app), resource.attributes().get("id"))))
                .orElseGet(() -> Poll.pending(Message.of("aws.notVisible", kind(), resource.physicalId())));
    }

    @Override
    public Poll update(HandlerContext ctx, ResolvedSpec spec, ResourceRecord current, Set<String> changed) {
        Set<String> unknown = new TreeSet<>(changed);
        unknown.remove(TAGS);
        if (!unknown.isEmpty()) {
            throw new IllegalStateException(kind().label() + " cannot change " + String.join(", ", unknown) + " in place");
        }
        CodeDeployClient cd = codeDeploy(spec.region());
        String arn = applicationArn(ctx, spec.region(), current.physicalId());
        retag(cd, arn, current.spec().tags(), spec.tags());
        return describe(cd, current.physicalId()).map(app -> Poll.done(live(app, arn, current.attributes().get("id"))))
                .orElseGet(() -> Poll.failed("CodeDeploy application " + current.physicalId() + " disappeared while it was being changed"));
    }

    @Override
    public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
        return describe(codeDeploy(record.spec().region()), record.physicalId())
                .map(app -> live(app, applicationArn(ctx, record.spec().region(), app), record.attributes().get("id")));
    }

    @Override
    public Poll delete(HandlerContext ctx, ResourceRecord record) {
        try {
            codeDeploy(record.spec().region()).deleteApplication(r -> r.applicationName(record.physicalId()));
        } catch (AwsServiceException e) {
            if (!MISSING.equals(code(e))) {
                throw e;
            }
        }
        return Poll.done();
    }

    @Override
    public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
        return describe(codeDeploy(record.spec().region()), record.physicalId()).isPresent()
                ? Poll.pending(Message.of("aws.stillExists", kind(), record.physicalId()))
                : Poll.done();
    }

    /**
     * Whether the application exists, by ListApplications (names only). GetApplication would say
     * it in one call, but its {@code createTime} is a timestamp moto writes in a form the SDK
     * cannot read; the ID it would add is recorded from CreateApplication instead.
     */
    static Optional<String> describe(CodeDeployClient cd, String name) {
        return cd.listApplicationsPaginator(r -> {}).applications().stream().filter(name::equals).findFirst();
    }

    private static LiveResource live(String name, String arn, String id) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("id", id);
        a.put("arn", arn);
        a.values().removeIf(v -> v == null || v.isEmpty());
        return new LiveResource(name, a, "");
    }
}
