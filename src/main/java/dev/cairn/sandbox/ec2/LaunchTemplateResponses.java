package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.QueryParams;
import dev.cairn.sandbox.core.Xml;
import dev.cairn.sandbox.ec2.Ec2Model.LaunchTemplate;
import dev.cairn.sandbox.ec2.Ec2Model.TemplateBlockDevice;
import dev.cairn.sandbox.ec2.Ec2Model.TemplateData;
import dev.cairn.sandbox.ec2.Ec2Model.TemplateTagSpec;
import dev.cairn.sandbox.ec2.Ec2Model.TemplateVersion;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * EC2's launch template actions (CreateLaunchTemplate, CreateLaunchTemplateVersion,
 * ModifyLaunchTemplate, DescribeLaunchTemplates, DescribeLaunchTemplateVersions,
 * DeleteLaunchTemplate, DeleteLaunchTemplateVersions): parse the query parameters
 * ({@code LaunchTemplateData.*}), call {@link LaunchTemplates}, render the XML the SDK and the CLI
 * read (member names after the EC2 API model's {@code locationName}s).
 */
final class LaunchTemplateResponses {
    private LaunchTemplateResponses() {
    }

    static void register(Ec2Service.Actions actions) {
        actions.mutating("CreateLaunchTemplate", LaunchTemplateResponses::create);
        actions.mutating("CreateLaunchTemplateVersion", LaunchTemplateResponses::createVersion);
        actions.mutating("ModifyLaunchTemplate", (p, b, x) -> {
            LaunchTemplate t = identified(p, b);
            b.launchTemplates().setDefault(t, p.get("SetDefaultVersion"));
            template(x.start("launchTemplate"), b, t).end();
        });
        actions.readOnly("DescribeLaunchTemplates", LaunchTemplateResponses::describe);
        actions.readOnly("DescribeLaunchTemplateVersions", LaunchTemplateResponses::describeVersions);
        actions.mutating("DeleteLaunchTemplate", (p, b, x) -> {
            LaunchTemplate t = identified(p, b);
            b.launchTemplates().delete(t);
            template(x.start("launchTemplate"), b, t).end();
        });
        actions.mutating("DeleteLaunchTemplateVersions", LaunchTemplateResponses::deleteVersions);
    }

    private static LaunchTemplate identified(QueryParams p, Ec2Backend b) {
        return b.launchTemplates().identified(p.get("LaunchTemplateId"), p.get("LaunchTemplateName"));
    }

    private static void create(QueryParams p, Ec2Backend b, Xml x) {
        LaunchTemplate t = b.launchTemplates().create(p.get("LaunchTemplateName"), p.get("VersionDescription"),
                data(p), p.tagSpecs());
        template(x.start("launchTemplate"), b, t).end();
    }

    private static void createVersion(QueryParams p, Ec2Backend b, Xml x) {
        LaunchTemplate t = identified(p, b);
        TemplateVersion v = b.launchTemplates().createVersion(t, p.get("SourceVersion"), p.get("VersionDescription"),
                data(p));
        version(x.start("launchTemplateVersion"), b, t, v).end();
    }

    /** {@code LaunchTemplateData.*}, or null when the request has none. */
    static TemplateData data(QueryParams p) {
        String prefix = "LaunchTemplateData.";
        TemplateData d = new TemplateData();
        boolean any = false;
        d.imageId = p.get(prefix + "ImageId");
        d.instanceType = p.get(prefix + "InstanceType");
        d.keyName = p.get(prefix + "KeyName");
        d.userData = p.get(prefix + "UserData");
        d.iamInstanceProfileArn = p.get(prefix + "IamInstanceProfile.Arn");
        d.iamInstanceProfileName = p.get(prefix + "IamInstanceProfile.Name");
        d.securityGroupIds = new ArrayList<>(p.list(prefix + "SecurityGroupId"));
        d.httpTokens = p.get(prefix + "MetadataOptions.HttpTokens");
        d.httpEndpoint = p.get(prefix + "MetadataOptions.HttpEndpoint");
        d.httpPutResponseHopLimit = p.integer(prefix + "MetadataOptions.HttpPutResponseHopLimit");
        any |= d.iamInstanceProfileArn != null || d.iamInstanceProfileName != null;
        any |= d.imageId != null || d.instanceType != null || d.keyName != null || d.userData != null
                || !d.securityGroupIds.isEmpty() || d.httpTokens != null || d.httpEndpoint != null
                || d.httpPutResponseHopLimit != null;
        for (int i = 1; ; i++) {
            String m = prefix + "BlockDeviceMapping." + i + ".";
            if (p.get(m + "DeviceName") == null && p.get(m + "Ebs.VolumeSize") == null
                    && p.get(m + "Ebs.Encrypted") == null && p.get(m + "Ebs.VolumeType") == null) {
                break;
            }
            TemplateBlockDevice bd = new TemplateBlockDevice();
            bd.deviceName = p.get(m + "DeviceName");
            bd.encrypted = p.bool(m + "Ebs.Encrypted");
            bd.volumeSize = p.integer(m + "Ebs.VolumeSize");
            bd.volumeType = p.get(m + "Ebs.VolumeType");
            bd.kmsKeyId = p.get(m + "Ebs.KmsKeyId");
            bd.deleteOnTermination = p.bool(m + "Ebs.DeleteOnTermination");
            d.blockDeviceMappings.add(bd);
            any = true;
        }
        for (int i = 1; p.get(prefix + "TagSpecification." + i + ".ResourceType") != null; i++) {
            TemplateTagSpec ts = new TemplateTagSpec();
            ts.resourceType = p.get(prefix + "TagSpecification." + i + ".ResourceType");
            ts.tags.putAll(p.tags(prefix + "TagSpecification." + i + ".Tag"));
            d.tagSpecifications.add(ts);
            any = true;
        }
        // The SDK sends an empty LaunchTemplateData as the bare member name.
        return any || p.get("LaunchTemplateData") != null ? d : null;
    }

    static String createdBy(Ec2Backend b) {
        return "arn:aws:iam::" + b.account() + ":root";
    }

    private static Xml template(Xml x, Ec2Backend b, LaunchTemplate t) {
        x.el("launchTemplateId", t.id).el("launchTemplateName", t.name).el("createTime", Describe.iso(t.createdAt))
                .el("createdBy", createdBy(b)).el("defaultVersionNumber", t.defaultVersion)
                .el("latestVersionNumber", t.latestVersion);
        return Describe.tags(x, t.tags);
    }

    private static Xml version(Xml x, Ec2Backend b, LaunchTemplate t, TemplateVersion v) {
        x.el("launchTemplateId", t.id).el("launchTemplateName", t.name).el("versionNumber", v.number)
                .el("versionDescription", v.description).el("createTime", Describe.iso(v.createdAt))
                .el("createdBy", createdBy(b)).el("defaultVersion", v.number == t.defaultVersion)
                .start("launchTemplateData");
        TemplateData d = v.data;
        x.el("imageId", d.imageId).el("instanceType", d.instanceType).el("keyName", d.keyName)
                .el("userData", d.userData);
        if (d.iamInstanceProfileArn != null || d.iamInstanceProfileName != null) {
            x.start("iamInstanceProfile").el("arn", d.iamInstanceProfileArn).el("name", d.iamInstanceProfileName).end();
        }
        if (!d.securityGroupIds.isEmpty()) {
            x.start("securityGroupIdSet");
            d.securityGroupIds.forEach(g -> x.el("item", g));
            x.end();
        }
        if (d.httpTokens != null || d.httpEndpoint != null || d.httpPutResponseHopLimit != null) {
            x.start("metadataOptions").el("httpTokens", d.httpTokens).el("httpEndpoint", d.httpEndpoint)
                    .el("httpPutResponseHopLimit", d.httpPutResponseHopLimit).end();
        }
        if (!d.blockDeviceMappings.isEmpty()) {
            x.start("blockDeviceMappingSet");
            for (TemplateBlockDevice bd : d.blockDeviceMappings) {
                x.start("item").el("deviceName", bd.deviceName).start("ebs").el("encrypted", bd.encrypted)
                        .el("deleteOnTermination", bd.deleteOnTermination).el("kmsKeyId", bd.kmsKeyId)
                        .el("volumeSize", bd.volumeSize).el("volumeType", bd.volumeType).end().end();
            }
            x.end();
        }
        if (!d.tagSpecifications.isEmpty()) {
            x.start("tagSpecificationSet");
            for (TemplateTagSpec ts : d.tagSpecifications) {
                x.start("item").el("resourceType", ts.resourceType);
                Describe.tags(x, ts.tags);
                x.end();
            }
            x.end();
        }
        return x.end();
    }

    private static final Filters<LaunchTemplate> FILTERS = new Filters<>(Map.of(
            "launch-template-name", t -> Describe.one(t.name),
            "launch-template-id", t -> Describe.one(t.id),
            "create-time", t -> Describe.one(Describe.iso(t.createdAt))), t -> t.tags);

    private static void describe(QueryParams p, Ec2Backend b, Xml x) {
        List<String> ids = p.list("LaunchTemplateId");
        List<String> names = p.list("LaunchTemplateName");
        if (!ids.isEmpty() && !names.isEmpty()) {
            throw new AwsException("InvalidParameterCombination",
                    "You can specify either launch template IDs or launch template names in the request, but not both.");
        }
        List<LaunchTemplate> chosen = new ArrayList<>();
        List<QueryParams.Filter> fs = p.filters();
        FILTERS.validate(fs);
        if (!ids.isEmpty()) {
            new LinkedHashSet<>(ids).forEach(id -> chosen.add(b.launchTemplates().byId(id)));
        } else if (!names.isEmpty()) {
            new LinkedHashSet<>(names).forEach(n -> chosen.add(b.launchTemplates().byName(n)));
        } else {
            b.state().launchTemplates.values().stream().filter(b::visible).forEach(chosen::add);
        }
        chosen.removeIf(t -> !FILTERS.matches(t, fs));
        Describe.Page<LaunchTemplate> page = Describe.page(p, chosen);
        x.start("launchTemplates");
        page.items().forEach(t -> template(x.start("item"), b, t).end());
        x.end().el("nextToken", page.nextToken());
    }

    private static final Filters<TemplateVersion> VERSION_FILTERS = new Filters<>(Map.of(
            "image-id", v -> Describe.one(v.data.imageId),
            "instance-type", v -> Describe.one(v.data.instanceType),
            "key-name", v -> Describe.one(v.data.keyName),
            "create-time", v -> Describe.one(Describe.iso(v.createdAt))), null);

    private static void describeVersions(QueryParams p, Ec2Backend b, Xml x) {
        List<String> versions = p.list("LaunchTemplateVersion");
        String id = p.get("LaunchTemplateId");
        String name = p.get("LaunchTemplateName");
        List<QueryParams.Filter> fs = p.filters();
        VERSION_FILTERS.validate(fs);
        List<LaunchTemplate> templates = new ArrayList<>();
        if (id == null && name == null) {
            // Without a template, only $Latest/$Default across every template (as AWS allows).
            if (versions.isEmpty() || versions.stream().anyMatch(v -> !v.startsWith("$"))) {
                throw new AwsException("MissingParameter",
                        "The request must contain the parameter LaunchTemplateName or LaunchTemplateId");
            }
            b.state().launchTemplates.values().stream().filter(b::visible).forEach(templates::add);
        } else {
            templates.add(b.launchTemplates().identified(id, name));
        }
        Long min = number(p.get("MinVersion"), "MinVersion");
        Long max = number(p.get("MaxVersion"), "MaxVersion");
        List<Object[]> out = new ArrayList<>();
        for (LaunchTemplate t : templates) {
            List<TemplateVersion> chosen = new ArrayList<>();
            if (!versions.isEmpty()) {
                for (String v : new LinkedHashSet<>(versions)) {
                    TemplateVersion found = b.launchTemplates().version(t, v);
                    if (!chosen.contains(found)) {
                        chosen.add(found);
                    }
                }
            } else {
                chosen.addAll(t.versions.values());
                chosen.sort((a, c) -> Long.compare(c.number, a.number));
            }
            for (TemplateVersion v : chosen) {
                if ((min == null || v.number >= min) && (max == null || v.number <= max) && VERSION_FILTERS.matches(v, fs)) {
                    out.add(new Object[] {t, v});
                }
            }
        }
        Describe.Page<Object[]> page = Describe.page(p, out);
        x.start("launchTemplateVersionSet");
        for (Object[] tv : page.items()) {
            version(x.start("item"), b, (LaunchTemplate) tv[0], (TemplateVersion) tv[1]).end();
        }
        x.end().el("nextToken", page.nextToken());
    }

    private static Long number(String value, String name) {
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw AwsException.invalidParameterValue("Invalid value '" + value + "' for " + name + ".");
        }
    }

    private static void deleteVersions(QueryParams p, Ec2Backend b, Xml x) {
        LaunchTemplate t = identified(p, b);
        List<LaunchTemplates.VersionDeletion> results = b.launchTemplates().deleteVersions(t,
                p.list("LaunchTemplateVersion"));
        x.start("successfullyDeletedLaunchTemplateVersionSet");
        for (LaunchTemplates.VersionDeletion d : results) {
            if (d.errorCode() == null) {
                x.start("item").el("launchTemplateId", t.id).el("launchTemplateName", t.name)
                        .el("versionNumber", d.number()).end();
            }
        }
        x.end().start("unsuccessfullyDeletedLaunchTemplateVersionSet");
        for (LaunchTemplates.VersionDeletion d : results) {
            if (d.errorCode() != null) {
                x.start("item").el("launchTemplateId", t.id).el("launchTemplateName", t.name)
                        .el("versionNumber", d.number()).start("responseError").el("code", d.errorCode())
                        .el("message", d.errorMessage()).end().end();
            }
        }
        x.end();
    }
}
