package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.QueryParams;
import dev.cairn.sandbox.ec2.Ec2Model.LaunchTemplate;
import dev.cairn.sandbox.ec2.Ec2Model.TemplateData;
import dev.cairn.sandbox.ec2.Ec2Model.TemplateVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Launch templates: names unique per account and region, numbered versions (numbers are never
 * reused; the default one cannot be deleted), {@code $Latest}/{@code $Default} resolution, and
 * AWS's error codes for unknown, malformed and missing templates and versions.
 */
final class LaunchTemplates extends Ec2Family {
    /** AWS's launch template name rule: 3 to 128 of letters, digits and {@code ( ) . - / _}. */
    static final Pattern NAME = Pattern.compile("[a-zA-Z0-9().\\-/_]{3,128}");
    /** A launch template ID as AWS makes them ({@code lt-} and 17 hex digits). */
    static final Pattern ID = Pattern.compile("lt-[0-9a-f]{17}");
    static final String LATEST = "$Latest";
    static final String DEFAULT = "$Default";

    LaunchTemplates(Ec2Backend backend) {
        super(backend);
    }

    /** A template by ID, with AWS's Malformed and NotFound errors. */
    LaunchTemplate byId(String id) {
        if (!ID.matcher(id).matches()) {
            throw new AwsException("InvalidLaunchTemplateId.Malformed",
                    "The specified ID for the launch template (" + id + ") is malformed.");
        }
        return b.find(s.launchTemplates, id, "InvalidLaunchTemplateId.NotFound",
                "The specified launch template, with template ID %s, does not exist.");
    }

    LaunchTemplate byName(String name) {
        for (LaunchTemplate t : s.launchTemplates.values()) {
            if (t.name.equals(name) && b.visible(t)) {
                return t;
            }
        }
        throw new AwsException("InvalidLaunchTemplateName.NotFoundException",
                "The specified launch template, with template name " + name + ", does not exist.");
    }

    /** The template a request names by {@code LaunchTemplateId} or {@code LaunchTemplateName} (exactly one). */
    LaunchTemplate identified(String id, String name) {
        if (id != null && name != null) {
            throw new AwsException("InvalidParameterCombination",
                    "You can specify either a launch template ID or a launch template name in the request, but not both.");
        }
        if (id == null && name == null) {
            throw new AwsException("MissingParameter",
                    "The request must contain the parameter LaunchTemplateName or LaunchTemplateId");
        }
        return id != null ? byId(id) : byName(name);
    }

    /** By ID when it starts with {@code lt-}, else by name (the form Auto Scaling and the fleet use). */
    LaunchTemplate byIdOrName(String idOrName) {
        return idOrName.startsWith("lt-") ? byId(idOrName) : byName(idOrName);
    }

    /** A version as requests name it: {@code $Latest}, {@code $Default}, or a number; null means the default. */
    TemplateVersion version(LaunchTemplate t, String version) {
        long number;
        if (version == null || version.isEmpty() || version.equals(DEFAULT)) {
            number = t.defaultVersion;
        } else if (version.equals(LATEST)) {
            number = t.latestVersion;
        } else {
            try {
                number = Long.parseLong(version);
            } catch (NumberFormatException e) {
                throw AwsException.invalidParameterValue("The launch template version '" + version
                        + "' is not valid. Specify a version number, $Latest, or $Default.");
            }
        }
        TemplateVersion v = t.versions.get(number);
        if (v == null) {
            throw new AwsException("InvalidLaunchTemplateId.VersionNotFound", "Could not find the specified version "
                    + version + " for the launch template with ID " + t.id + ".");
        }
        return v;
    }

    LaunchTemplate create(String name, String description, TemplateData data, List<QueryParams.TagSpec> tagSpecs) {
        if (name == null || name.isEmpty()) {
            throw AwsException.missingParameter("LaunchTemplateName");
        }
        if (!NAME.matcher(name).matches()) {
            throw new AwsException("InvalidLaunchTemplateName.MalformedException", "A launch template name must be "
                    + "between 3 and 128 characters, and may contain letters, numbers, and the following characters: "
                    + "- ( ) . / _.");
        }
        if (data == null) {
            throw new AwsException("MissingParameter", "No launch template data was provided. Launch template data is "
                    + "required to create a launch template.");
        }
        if (s.launchTemplates.values().stream().anyMatch(t -> t.name.equals(name))) {
            throw new AwsException("InvalidLaunchTemplateName.AlreadyExistsException",
                    "Launch template name already in use.");
        }
        validate(data);
        LaunchTemplate t = new LaunchTemplate();
        t.id = b.newId("lt");
        t.createdAt = now;
        t.name = name;
        b.tags().applyTagSpecs(t, "launch-template", tagSpecs);
        TemplateVersion v = new TemplateVersion();
        v.number = 1;
        v.description = description;
        v.createdAt = now;
        v.data = data;
        t.versions.put(1L, v);
        s.launchTemplates.put(t.id, t);
        return t;
    }

    /**
     * A new version numbered after the highest ever made. With a source version its data is the
     * source's, with the request's top-level fields replacing the source's (as AWS does: lists
     * such as the security groups are replaced whole).
     */
    TemplateVersion createVersion(LaunchTemplate t, String sourceVersion, String description, TemplateData data) {
        if (data == null) {
            throw AwsException.missingParameter("LaunchTemplateData");
        }
        TemplateData merged = data;
        if (sourceVersion != null) {
            merged = merge(version(t, sourceVersion).data, data);
        }
        validate(merged);
        TemplateVersion v = new TemplateVersion();
        v.number = t.latestVersion + 1;
        v.description = description;
        v.createdAt = now;
        v.data = merged;
        t.versions.put(v.number, v);
        t.latestVersion = v.number;
        return v;
    }

    /** ModifyLaunchTemplate: the version named becomes the default. */
    void setDefault(LaunchTemplate t, String version) {
        if (version == null) {
            return;
        }
        t.defaultVersion = version(t, version).number;
    }

    void delete(LaunchTemplate t) {
        s.launchTemplates.remove(t.id);
    }

    /** The outcome of deleting one version: deleted, or AWS's per-version error code and message. */
    record VersionDeletion(String requested, Long number, String errorCode, String errorMessage) {
    }

    /** DeleteLaunchTemplateVersions: each version on its own; the default version stays. */
    List<VersionDeletion> deleteVersions(LaunchTemplate t, List<String> versions) {
        if (versions.isEmpty()) {
            throw AwsException.missingParameter("LaunchTemplateVersion.1");
        }
        List<VersionDeletion> out = new ArrayList<>();
        for (String requested : versions) {
            long number;
            try {
                number = Long.parseLong(requested);
            } catch (NumberFormatException e) {
                out.add(new VersionDeletion(requested, null, "launchTemplateVersionDoesNotExist",
                        "The launch template version " + requested + " is not valid."));
                continue;
            }
            if (!t.versions.containsKey(number)) {
                out.add(new VersionDeletion(requested, number, "launchTemplateVersionDoesNotExist",
                        "The specified launch template version does not exist."));
            } else if (number == t.defaultVersion) {
                out.add(new VersionDeletion(requested, number, "unexpectedError",
                        "Cannot delete the default version of a launch template. Specify a different default version "
                                + "or delete the launch template."));
            } else {
                t.versions.remove(number);
                out.add(new VersionDeletion(requested, number, null, null));
            }
        }
        return out;
    }

    /** What AWS checks of a version's data when it is saved (the image and type are checked at launch). */
    private void validate(TemplateData data) {
        if (data.httpTokens != null && !data.httpTokens.equals("optional") && !data.httpTokens.equals("required")) {
            throw AwsException.invalidParameterValue("Value (" + data.httpTokens + ") for parameter httpTokens is invalid.");
        }
        if (data.httpEndpoint != null && !data.httpEndpoint.equals("enabled") && !data.httpEndpoint.equals("disabled")) {
            throw AwsException.invalidParameterValue("Value (" + data.httpEndpoint
                    + ") for parameter httpEndpoint is invalid.");
        }
        if (data.imageId != null && !data.imageId.startsWith("ami-")) {
            throw new AwsException("InvalidAMIID.Malformed", "Invalid id: \"" + data.imageId + "\" (expecting \"ami-...\")");
        }
        for (Ec2Model.TemplateTagSpec spec : data.tagSpecifications) {
            if (!List.of("instance", "volume", "network-interface").contains(spec.resourceType)) {
                throw AwsException.invalidParameterValue("'" + spec.resourceType
                        + "' is not a valid taggable resource type for launch template data.");
            }
        }
    }

    /** The source's data with each field the request sets replacing the source's. */
    static TemplateData merge(TemplateData source, TemplateData over) {
        TemplateData m = new TemplateData();
        m.imageId = over.imageId != null ? over.imageId : source.imageId;
        m.instanceType = over.instanceType != null ? over.instanceType : source.instanceType;
        m.keyName = over.keyName != null ? over.keyName : source.keyName;
        m.securityGroupIds = new ArrayList<>(over.securityGroupIds.isEmpty() ? source.securityGroupIds
                : over.securityGroupIds);
        m.userData = over.userData != null ? over.userData : source.userData;
        boolean profile = over.iamInstanceProfileArn != null || over.iamInstanceProfileName != null;
        m.iamInstanceProfileArn = profile ? over.iamInstanceProfileArn : source.iamInstanceProfileArn;
        m.iamInstanceProfileName = profile ? over.iamInstanceProfileName : source.iamInstanceProfileName;
        boolean metadata = over.httpTokens != null || over.httpEndpoint != null || over.httpPutResponseHopLimit != null;
        m.httpTokens = metadata ? over.httpTokens : source.httpTokens;
        m.httpEndpoint = metadata ? over.httpEndpoint : source.httpEndpoint;
        m.httpPutResponseHopLimit = metadata ? over.httpPutResponseHopLimit : source.httpPutResponseHopLimit;
        m.blockDeviceMappings = new ArrayList<>(over.blockDeviceMappings.isEmpty() ? source.blockDeviceMappings
                : over.blockDeviceMappings);
        m.tagSpecifications = new ArrayList<>(over.tagSpecifications.isEmpty() ? source.tagSpecifications
                : over.tagSpecifications);
        return m;
    }
}
