package dev.cairn.aws.ec2;

import dev.cairn.aws.AwsClients;
import dev.cairn.engine.Found;
import dev.cairn.engine.HandlerContext;
import dev.cairn.engine.LiveResource;
import dev.cairn.engine.Message;
import dev.cairn.engine.Poll;
import dev.cairn.engine.ResolvedSpec;
import dev.cairn.engine.RetryableException;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.Tags;
import dev.cairn.model.kinds.Ec2Kinds;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateTagSpecificationRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateHttpTokensState;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.ResponseLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.VolumeType;

/**
 * The Web tier's launch template: the image (an SSM parameter resolved now, an AMI ID, or the
 * golden {@code image} ref's ID), the instance type, the instances' security group, the app's
 * user data (base64 of the script), IMDSv2 required, an encrypted gp3 root volume of the image's
 * size, and the instances' tags (the stack and a Name; no address, since the Auto Scaling group,
 * not Cairn, owns each instance). Found by its name, ownership checked by its tags.
 *
 * <p>An update in place writes a new version and makes it the default, so the group launches it
 * from then on: two calls, each skipped when AWS already shows its effect, so an update repeated
 * after a crash makes no second version.
 */
public final class LaunchTemplateHandler extends Ec2Handler {

    /** The properties an update in place writes into a new version. */
    private static final Set<String> DATA = Set.of("instanceType", "imageParameter", "imageId", "userData");
    private static final String DEFAULT_ROOT_DEVICE = "/dev/xvda";
    private static final int DEFAULT_ROOT_GIB = 8;
    static final String INVALID_PARAMETER_VALUE = "InvalidParameterValue";
    /** How EC2's message starts when it does not know the instance profile yet (lower case). */
    static final String INVALID_PROFILE = "invalid iam instance profile";

    public LaunchTemplateHandler(AwsClients clients) {
        super(clients);
    }

    @Override
    public ResourceKind kind() {
        return Ec2Kinds.LAUNCH_TEMPLATE;
    }

    @Override
    Optional<LiveResource> findOurs(HandlerContext ctx, ResolvedSpec spec) {
        return find(ctx, spec) instanceof Found.Ours ours ? Optional.of(ours.resource()) : Optional.empty();
    }

    /** By name (unique per region); one without this stack's tags for the address is taken. */
    @Override
    public Found find(HandlerContext ctx, ResolvedSpec spec) {
        String name = required(spec, "name");
        Optional<LaunchTemplate> t = absent(() -> ec2(spec.region()).describeLaunchTemplates(r -> r.launchTemplateNames(name))
                .launchTemplates().stream().filter(lt -> name.equals(lt.launchTemplateName())).findFirst());
        if (t.isEmpty()) {
            return Found.absent();
        }
        if (!hasAddress(t.get().tags(), ctx, spec)) {
            return Found.taken("launch template " + name + " (" + t.get().launchTemplateId() + ") already exists in "
                    + spec.region() + " without this stack's tags");
        }
        return Found.ours(live(t.get()));
    }

    @Override
    public LiveResource create(HandlerContext ctx, ResolvedSpec spec, String clientToken) {
        Ec2Client ec2 = ec2(spec.region());
        RequestLaunchTemplateData data = data(ctx, ec2, spec);
        ctx.say("launchTemplate.creating", required(spec, "name"), data.imageId(), data.instanceTypeAsString());
        LaunchTemplate t;
        try {
            t = ec2.createLaunchTemplate(r -> r.launchTemplateName(required(spec, "name"))
                    .clientToken(clientToken)
                    .versionDescription("Cairn " + spec.address())
                    .launchTemplateData(data)
                    .tagSpecifications(tagSpec(ResourceType.LAUNCH_TEMPLATE, spec.tags()))).launchTemplate();
        } catch (Ec2Exception e) {
            throw profileNotVisibleYet(e, spec);
        }
        return live(t);
    }

    /** The template data the spec asks for, with its image resolved now. */
    RequestLaunchTemplateData data(HandlerContext ctx, Ec2Client ec2, ResolvedSpec spec) {
        String imageId = resolveImage(spec);
        Optional<Image> image = absentIfNotFound(() -> ec2.describeImages(r -> r.imageIds(imageId)).images().stream()
                .filter(i -> imageId.equals(i.imageId())).findFirst());
        String rootDevice = image.map(Image::rootDeviceName).filter(Objects::nonNull).orElse(DEFAULT_ROOT_DEVICE);
        int rootGib = image.flatMap(i -> i.blockDeviceMappings().stream()
                        .filter(b -> rootDevice.equals(b.deviceName()) && b.ebs() != null && b.ebs().volumeSize() != null)
                        .map(b -> b.ebs().volumeSize()).findFirst())
                .orElse(DEFAULT_ROOT_GIB);
        // The instances carry the stack (so a scan finds one a group left) and a Name, not an
        // address: the group launches and replaces them, no spec of Cairn's stands for one.
        Map<String, String> instanceTags = new LinkedHashMap<>();
        instanceTags.put(Tags.NAME, spec.tags().getOrDefault(Tags.NAME, ctx.stack() + "-" + spec.address().shortName()));
        instanceTags.put(Tags.STACK, ctx.stack());
        RequestLaunchTemplateData.Builder d = RequestLaunchTemplateData.builder()
                .imageId(imageId)
                .instanceType(required(spec, "instanceType"))
                .metadataOptions(m -> m.httpTokens(LaunchTemplateHttpTokensState.REQUIRED).httpEndpoint("enabled"))
                .blockDeviceMappings(b -> b.deviceName(rootDevice)
                        .ebs(e -> e.encrypted(true).volumeType(VolumeType.GP3).volumeSize(rootGib).deleteOnTermination(true)))
                .tagSpecifications(LaunchTemplateTagSpecificationRequest.builder()
                        .resourceType(ResourceType.INSTANCE).tags(toTags(instanceTags)).build());
        if (spec.hasRef("securityGroup")) {
            d.securityGroupIds(spec.refId("securityGroup"));
        }
        if (spec.hasRef("instanceProfile")) {
            // By ARN: a name would be resolved in the instances' account at launch, the ARN says which.
            d.iamInstanceProfile(p -> p.arn(instanceProfileArn(spec)));
        }
        String userData = spec.property("userData");
        if (userData != null && !userData.isEmpty()) {
            d.userData(base64(userData));
        }
        return d.build();
    }

    /** The instance profile's ARN: the {@code arn} attribute its handler records. */
    private static String instanceProfileArn(ResolvedSpec spec) {
        String arn = spec.refs().get("instanceProfile").attributes().get("arn");
        if (arn == null || arn.isBlank()) {
            throw new IllegalStateException(spec.address() + ": its instance profile "
                    + spec.refId("instanceProfile") + " has no arn attribute");
        }
        return arn;
    }

    /**
     * EC2 refuses an instance profile IAM made moments ago ({@code InvalidParameterValue}
     * "Invalid IAM Instance Profile …") until IAM's change reaches it: retried within the kind's
     * window for that code (IAM's propagation window). Any other error stays what it is.
     */
    static RuntimeException profileNotVisibleYet(Ec2Exception e, ResolvedSpec spec) {
        String message = e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null ? ""
                : e.awsErrorDetails().errorMessage();
        if (spec.hasRef("instanceProfile") && INVALID_PARAMETER_VALUE.equals(Ec2Errors.code(e))
                && message.toLowerCase(java.util.Locale.ROOT).contains(INVALID_PROFILE)) {
            return new RetryableException(INVALID_PARAMETER_VALUE, Message.of("launchTemplate.profileNotVisible",
                    spec.refId("instanceProfile"), message), e);
        }
        return e;
    }

    /** The image the spec names: given, the golden image ref's, or the SSM parameter's value now. */
    private String resolveImage(ResolvedSpec spec) {
        if (spec.property("imageId") != null && !spec.property("imageId").isBlank()) {
            return spec.property("imageId");
        }
        if (spec.hasRef("image")) {
            return spec.refId("image");
        }
        String parameter = required(spec, "imageParameter");
        return clients().ssm(spec.region()).getParameter(r -> r.name(parameter)).parameter().value();
    }

    @Override
    public Poll awaitReady(HandlerContext ctx, ResolvedSpec spec, LiveResource resource) {
        return byId(ec2(spec.region()), resource.physicalId())
                .map(t -> Poll.done(live(t)))
                .orElseGet(() -> notVisibleYet(resource.physicalId()));
    }

    /**
     * New data: {@code CreateLaunchTemplateVersion} unless the latest version already holds it,
     * then {@code ModifyLaunchTemplate} to make the latest the default unless it is. Tags: in
     * place on the template.
     */
    @Override
    public Poll update(HandlerContext ctx, ResolvedSpec spec, ResourceRecord current, Set<String> changed) {
        Set<String> unknown = new TreeSet<>(changed);
        unknown.removeAll(DATA);
        unknown.remove(TAGS);
        if (!unknown.isEmpty()) {
            throw new IllegalStateException(kind().label() + " cannot change " + String.join(", ", unknown) + " in place");
        }
        Ec2Client ec2 = ec2(spec.region());
        String id = current.physicalId();
        LaunchTemplate t = byId(ec2, id)
                .orElseThrow(() -> new IllegalStateException("launch template " + id + " is gone; plan again to replace it"));
        if (changed.contains(TAGS) && !fromTags(t.tags()).equals(spec.tags())) {
            retag(ec2, id, current.spec().tags(), spec.tags());
        }
        if (changed.stream().anyMatch(DATA::contains)) {
            RequestLaunchTemplateData wanted = data(ctx, ec2, spec);
            LaunchTemplateVersion latest = ec2.describeLaunchTemplateVersions(r -> r.launchTemplateId(id).versions("$Latest"))
                    .launchTemplateVersions().get(0);
            long latestNumber = latest.versionNumber();
            if (!holds(latest.launchTemplateData(), wanted)) {
                ctx.say("launchTemplate.newVersion", id, wanted.imageId(), wanted.instanceTypeAsString());
                try {
                    latestNumber = ctx.mutating("CreateLaunchTemplateVersion", () -> ec2.createLaunchTemplateVersion(r -> r
                            .launchTemplateId(id).versionDescription("Cairn " + spec.address()).launchTemplateData(wanted))
                            .launchTemplateVersion().versionNumber());
                } catch (Ec2Exception e) {
                    throw profileNotVisibleYet(e, spec);
                }
            }
            if (t.defaultVersionNumber() == null || t.defaultVersionNumber() != latestNumber) {
                String version = String.valueOf(latestNumber);
                ctx.mutating("ModifyLaunchTemplate", () -> ec2.modifyLaunchTemplate(r -> r.launchTemplateId(id).defaultVersion(version)));
            }
            t = byId(ec2, id).orElse(t);
        }
        return Poll.done(live(t));
    }

    /** Whether a version's data already is what an update wants (so a repeated update writes nothing). */
    private static boolean holds(ResponseLaunchTemplateData have, RequestLaunchTemplateData wanted) {
        if (have == null) {
            return false;
        }
        String userData = have.userData() == null ? "" : have.userData();
        String wantedUserData = wanted.userData() == null ? "" : wanted.userData();
        // Some endpoints hand user data back decoded; both forms mean the same script.
        boolean sameUserData = userData.equals(wantedUserData) || base64(userData).equals(wantedUserData);
        String haveProfile = have.iamInstanceProfile() == null ? null : have.iamInstanceProfile().arn();
        String wantedProfile = wanted.iamInstanceProfile() == null ? null : wanted.iamInstanceProfile().arn();
        return Objects.equals(have.imageId(), wanted.imageId())
                && Objects.equals(have.instanceTypeAsString(), wanted.instanceTypeAsString())
                && Objects.equals(haveProfile, wantedProfile)
                && sameUserData;
    }

    @Override
    public Optional<LiveResource> read(HandlerContext ctx, ResourceRecord record) {
        return byId(ec2(record), record.physicalId()).map(LaunchTemplateHandler::live);
    }

    @Override
    void deleteOnce(HandlerContext ctx, ResourceRecord record) {
        try {
            ec2(record).deleteLaunchTemplate(r -> r.launchTemplateId(record.physicalId()));
        } catch (Ec2Exception e) {
            if (!isNotFound(e)) {
                throw e;
            }
        }
    }

    @Override
    public Poll awaitGone(HandlerContext ctx, ResourceRecord record) {
        return byId(ec2(record), record.physicalId()).isPresent() ? stillExists(record.physicalId()) : Poll.done();
    }

    static Optional<LaunchTemplate> byId(Ec2Client ec2, String id) {
        return absent(() -> ec2.describeLaunchTemplates(r -> r.launchTemplateIds(id)).launchTemplates().stream()
                .filter(t -> id.equals(t.launchTemplateId())).findFirst());
    }

    /**
     * EC2 says a launch template is missing as {@code InvalidLaunchTemplateName.NotFoundException}
     * or {@code InvalidLaunchTemplateId.NotFound} (and the malformed-ID variant as {@code …Malformed}).
     */
    private static boolean isNotFound(Ec2Exception e) {
        String code = Ec2Errors.code(e);
        return code.contains("NotFound") || code.equals("InvalidLaunchTemplateId.Malformed");
    }

    private static <T> Optional<T> absent(Supplier<Optional<T>> describe) {
        try {
            return describe.get();
        } catch (Ec2Exception e) {
            if (isNotFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static LiveResource live(LaunchTemplate t) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("name", t.launchTemplateName());
        if (t.latestVersionNumber() != null) {
            a.put("latestVersion", String.valueOf(t.latestVersionNumber()));
        }
        if (t.defaultVersionNumber() != null) {
            a.put("defaultVersion", String.valueOf(t.defaultVersionNumber()));
        }
        return new LiveResource(t.launchTemplateId(), a, "available");
    }
}
