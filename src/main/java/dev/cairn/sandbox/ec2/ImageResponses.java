package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.QueryParams;
import dev.cairn.sandbox.core.Xml;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * EC2's DescribeImages, DescribeInstanceTypes over the seeded {@link Catalog} ({@code imagesSet},
 * {@code instanceTypeSet}): parse the query parameters, call the model, render the XML the SDK and
 * the CLI read (shapes after the EC2 API reference and moto's {@code ec2/responses}).
 */
final class ImageResponses {
    /** AWS's MaxResults range on DescribeInstanceTypes. */
    static final int INSTANCE_TYPES_MAX_RESULTS = 100;

    private ImageResponses() {
    }

    static void register(Ec2Service.Actions actions) {
        actions.readOnly("DescribeImages", ImageResponses::describeImages);
        actions.readOnly("DescribeInstanceTypes", ImageResponses::describeInstanceTypes);
    }

    private static final Filters<Catalog.Image> IMAGE_FILTERS = new Filters<>(Map.ofEntries(
            Map.entry("image-id", i -> Describe.one(i.id())),
            Map.entry("name", i -> Describe.one(i.name())),
            Map.entry("description", i -> Describe.one(i.description())),
            Map.entry("owner-alias", i -> Describe.one(i.ownerAlias())),
            Map.entry("owner-id", i -> Describe.one(i.ownerId())),
            Map.entry("architecture", i -> Describe.one(i.architecture())),
            Map.entry("state", i -> Describe.one("available")),
            Map.entry("image-type", i -> Describe.one("machine")),
            Map.entry("is-public", i -> Describe.one(true)),
            Map.entry("root-device-type", i -> Describe.one("ebs")),
            Map.entry("root-device-name", i -> Describe.one("/dev/xvda")),
            Map.entry("virtualization-type", i -> Describe.one("hvm")),
            Map.entry("hypervisor", i -> Describe.one("xen")),
            Map.entry("ena-support", i -> Describe.one(true)),
            Map.entry("product-code", i -> Describe.one(i.productCode())),
            Map.entry("product-code.type", i -> i.productCode() == null ? List.of() : List.of("marketplace"))), null);

    private static void describeImages(QueryParams p, Ec2Backend b, Xml x) {
        List<QueryParams.Filter> fs = p.filters();
        IMAGE_FILTERS.validate(fs);
        String region = b.region().name();
        List<String> ids = p.list("ImageId");
        for (String id : ids) {
            if (Catalog.image(region, id) == null) {
                throw new AwsException("InvalidAMIID.NotFound", "The image id '[" + id + "]' does not exist");
            }
        }
        List<String> owners = p.list("Owner");
        List<Catalog.Image> images = new ArrayList<>();
        for (Catalog.Image i : Catalog.images(region)) {
            boolean byId = ids.isEmpty() || ids.contains(i.id());
            boolean byOwner = owners.isEmpty() || owners.stream().anyMatch(o -> o.equals(i.ownerAlias())
                    || o.equals(i.ownerId()) || (o.equals("self") && i.ownerId().equals(b.account())));
            if (byId && byOwner && IMAGE_FILTERS.matches(i, fs)) {
                images.add(i);
            }
        }
        Describe.Page<Catalog.Image> page = Describe.page(p, images);
        x.start("imagesSet");
        for (Catalog.Image i : page.items()) {
            x.start("item").el("imageId", i.id()).el("imageLocation", i.ownerAlias() + "/" + i.name())
                    .el("imageState", "available").el("imageOwnerId", i.ownerId()).el("creationDate", i.creationDate())
                    .el("isPublic", true).start("productCodes");
            if (i.productCode() != null) {
                x.start("item").el("productCode", i.productCode()).el("type", "marketplace").end();
            }
            x.end().el("architecture", i.architecture()).el("imageType", "machine").el("imageOwnerAlias", i.ownerAlias())
                    .el("name", i.name()).el("description", i.description()).el("rootDeviceType", "ebs")
                    .el("rootDeviceName", "/dev/xvda").start("blockDeviceMapping").start("item")
                    .el("deviceName", "/dev/xvda").start("ebs").el("snapshotId", i.snapshotId())
                    .el("volumeSize", i.volumeSize()).el("deleteOnTermination", true).el("volumeType", "gp3")
                    .el("iops", 3000).el("throughput", 125).el("encrypted", false).end().end().end()
                    .el("virtualizationType", "hvm").el("hypervisor", "xen").el("enaSupport", true)
                    .el("sriovNetSupport", "simple").el("platformDetails", "Linux/UNIX").el("usageOperation", "RunInstances")
                    .el("bootMode", i.architecture().equals("arm64") ? "uefi" : "uefi-preferred")
                    .el("imdsSupport", i.ownerAlias().equals("amazon") ? "v2.0" : null).end();
        }
        x.end().el("nextToken", page.nextToken());
    }

    private static void describeInstanceTypes(QueryParams p, Ec2Backend b, Xml x) {
        String region = b.region().name();
        Filters<Catalog.InstanceType> filters = new Filters<>(Map.of(
                "instance-type", t -> Describe.one(t.name()),
                "free-tier-eligible", t -> Describe.one(Catalog.freeTierEligible(region, t.name())),
                "processor-info.supported-architecture", t -> Describe.one(t.architecture()),
                "current-generation", t -> Describe.one(!t.name().startsWith("t2.")),
                "burstable-performance-supported", t -> Describe.one(t.burstable()),
                "vcpu-info.default-vcpus", t -> Describe.one(t.vcpus()),
                "memory-info.size-in-mib", t -> Describe.one(t.memoryMib())), null);
        List<QueryParams.Filter> fs = p.filters();
        filters.validate(fs);
        List<String> names = p.list("InstanceType");
        for (String n : names) {
            if (Catalog.instanceType(region, n) == null) {
                throw new AwsException("InvalidInstanceType", "The following supplied instance types do not exist: ["
                        + n + "]");
            }
        }
        Integer max = p.integer("MaxResults");
        if (max != null && max > INSTANCE_TYPES_MAX_RESULTS) {
            throw AwsException.invalidParameterValue("Value ( " + max + " ) for parameter maxResults is invalid. "
                    + "Expecting a value between 5 and " + INSTANCE_TYPES_MAX_RESULTS + ".");
        }
        List<Catalog.InstanceType> types = Catalog.instanceTypes(region).stream()
                .filter(t -> (names.isEmpty() || names.contains(t.name())) && filters.matches(t, fs)).toList();
        Describe.Page<Catalog.InstanceType> page = Describe.page(p, types);
        x.start("instanceTypeSet");
        for (Catalog.InstanceType t : page.items()) {
            x.start("item").el("instanceType", t.name()).el("currentGeneration", !t.name().startsWith("t2."))
                    .el("freeTierEligible", Catalog.freeTierEligible(region, t.name()))
                    .start("supportedUsageClasses").el("item", "on-demand").el("item", "spot").end()
                    .start("supportedRootDeviceTypes").el("item", "ebs").end()
                    .start("supportedVirtualizationTypes").el("item", "hvm").end()
                    .el("bareMetal", false).el("hypervisor", "nitro")
                    .start("processorInfo").start("supportedArchitectures").el("item", t.architecture()).end()
                    .el("sustainedClockSpeedInGhz", t.clockGhz()).end()
                    .start("vCpuInfo").el("defaultVCpus", t.vcpus()).el("defaultCores", t.cores())
                    .el("defaultThreadsPerCore", t.vcpus() / t.cores()).end()
                    .start("memoryInfo").el("sizeInMiB", t.memoryMib()).end()
                    .el("instanceStorageSupported", false)
                    .start("ebsInfo").el("ebsOptimizedSupport", "default").el("encryptionSupport", "supported")
                    .el("nvmeSupport", "required").end()
                    .start("networkInfo").el("networkPerformance", t.network()).el("maximumNetworkInterfaces", 3)
                    .el("ipv4AddressesPerInterface", 6).el("ipv6Supported", true).el("enaSupport", "required").end()
                    .el("burstablePerformanceSupported", t.burstable()).end();
        }
        x.end().el("nextToken", page.nextToken());
    }

}
