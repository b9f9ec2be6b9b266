package dev.cairn.aws.iam;

import dev.cairn.aws.AwsErrors;
import dev.cairn.aws.AwsClients;
import dev.cairn.engine.TagScanner;
import dev.cairn.model.AwsService;
import dev.cairn.model.ResourceKind;
import dev.cairn.model.Tags;
import dev.cairn.model.kinds.ResourceKinds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.Role;

/**
 * Finds a stack's IAM roles and instance profiles. The Resource Groups Tagging API does not list
 * IAM, so IAM is asked itself: ListRoles and ListInstanceProfiles under the stack's path
 * {@code /cairn/<stack>/} (the path every role and profile of a stack gets), then each one's tags
 * (GetRole, GetInstanceProfile: the list calls return none). Only those whose {@code cairn:stack}
 * tag names the stack are reported: the path alone is no proof of ownership. IAM is global: one
 * pass, whatever the regions; the resources are reported under the first region asked for (the
 * engine needs one; the handlers ignore it).
 */
public final class IamScanner implements TagScanner {

    /** The kinds' scan words, as {@code IamKinds} defines them. */
    static final String ROLE_WORD = "iam:role";
    static final String PROFILE_WORD = "iam:instance-profile";
    /** IAM's own region, for a scan asked about no region at all. */
    private static final String FALLBACK_REGION = AwsClients.IAM_SIGNING_REGION;

    /** The query protocol's answer to an action the endpoint does not know. */
    static final String INVALID_ACTION = "InvalidAction";
    private static final Logger LOG = LoggerFactory.getLogger(IamScanner.class);

    private final AwsClients clients;

    public IamScanner(AwsClients clients) {
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    /** The path prefix of a stack's roles and profiles. */
    public static String pathOf(String stack) {
        return "/cairn/" + stack + "/";
    }

    @Override
    public List<TaggedResource> scan(String stack, Set<String> regions) {
        try {
            return scanIam(stack, regions);
        } catch (AwsServiceException e) {
            // AWS answers InvalidAction only for an action it does not know; an endpoint that does
            // not know ListRoles models no IAM, so no role or profile of the stack can be there.
            if (INVALID_ACTION.equals(AwsErrors.code(e))) {
                LOG.warn("the endpoint does not serve IAM ({}); no IAM role or instance profile can remain there", e.getMessage());
                return List.of();
            }
            throw e;
        }
    }

    private List<TaggedResource> scanIam(String stack, Set<String> regions) {
        String region = regions.isEmpty() ? FALLBACK_REGION : new TreeSet<>(regions).first();
        String path = pathOf(stack);
        IamClient iam = clients.iam();
        List<TaggedResource> found = new ArrayList<>();
        for (Role listed : iam.listRolesPaginator(r -> r.pathPrefix(path)).roles()) {
            // Exactly the stack's path: a backend that ignores PathPrefix (moto, for profiles)
            // lists everything, and /cairn/<stack>/x/ would be some other tool's.
            if (!path.equals(listed.path())) {
                continue;
            }
            Optional<Role> role = RoleHandler.get(iam, listed.roleName());
            if (role.isEmpty()) {
                continue;
            }
            Map<String, String> tags = Iam.fromTags(role.get().tags());
            if (stack.equals(tags.get(Tags.STACK))) {
                found.add(new TaggedResource(region, ROLE_WORD, kind(ROLE_WORD), listed.roleName(), tags.getOrDefault(Tags.ADDRESS, ""), ""));
            }
        }
        for (InstanceProfile listed : iam.listInstanceProfilesPaginator(r -> r.pathPrefix(path)).instanceProfiles()) {
            if (!path.equals(listed.path())) {
                continue;
            }
            Optional<InstanceProfile> profile = InstanceProfileHandler.get(iam, listed.instanceProfileName());
            if (profile.isEmpty()) {
                continue;
            }
            Map<String, String> tags = Iam.fromTags(profile.get().tags());
            if (stack.equals(tags.get(Tags.STACK))) {
                found.add(new TaggedResource(region, PROFILE_WORD, kind(PROFILE_WORD), listed.instanceProfileName(),
                        tags.getOrDefault(Tags.ADDRESS, ""), ""));
            }
        }
        return found;
    }

    private static ResourceKind kind(String word) {
        return ResourceKinds.ofService(AwsService.IAM).stream()
                .filter(k -> k.scanType().filter(word::equals).isPresent())
                .findFirst().orElse(null);
    }
}
