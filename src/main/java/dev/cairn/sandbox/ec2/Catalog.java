package dev.cairn.sandbox.ec2;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The public, read-only part of EC2 the Sandbox seeds in every region: the Amazon Linux 2023 and
 * AWS Marketplace images, and the instance types. Image IDs are derived from the region and the
 * image name, so they are stable across restarts and differ per region as in AWS; nothing here is
 * persisted.
 */
final class Catalog {
    /** The account that owns Amazon Linux images in every commercial region. */
    static final String AMAZON_OWNER = "137112412989";
    /** The account behind the {@code aws-marketplace} owner alias. */
    static final String MARKETPLACE_OWNER = "679593333241";
    /** The AL2023 releases seeded, oldest first; the last one is "latest" for SSM. */
    static final List<String> AL2023_RELEASES = List.of("2023.6.20251020.0", "2023.6.20251110.0");
    static final String OPENVPN_PRODUCT_CODE = "f2ew2wrz425a1jagnifd02u5t";
    static final String OPENVPN_NAME = "OpenVPN Access Server Community Image-fe8020db-5343-4c43-9e65-5ed4a825c931";

    /** One image as DescribeImages reports it. */
    record Image(String id, String name, String description, String architecture, String ownerId, String ownerAlias,
                 String creationDate, String productCode, String snapshotId, int volumeSize) {
    }

    /** One instance type with the facts DescribeInstanceTypes reports. */
    record InstanceType(String name, int vcpus, int cores, int memoryMib, String architecture, double clockGhz,
                        boolean burstable, String network) {
    }

    /**
     * Regions opened after the t2 generation: they offer no t2 types and t3.micro is the free-tier
     * type there (as AWS documents for the 750-hour free tier).
     */
    static final Set<String> REGIONS_WITHOUT_T2 = Set.of("eu-north-1", "ap-east-1", "me-south-1", "af-south-1",
            "eu-south-1", "ap-southeast-3", "ap-south-2", "ap-southeast-4", "eu-central-2", "eu-south-2",
            "me-central-1", "il-central-1", "ca-west-1", "ap-southeast-5", "ap-southeast-7", "mx-central-1");

    static final List<InstanceType> INSTANCE_TYPES = List.of(
            new InstanceType("t2.micro", 1, 1, 1024, "x86_64", 2.5, true, "Low to Moderate"),
            new InstanceType("t2.small", 1, 1, 2048, "x86_64", 2.5, true, "Low to Moderate"),
            new InstanceType("t3.micro", 2, 1, 1024, "x86_64", 2.5, true, "Up to 5 Gigabit"),
            new InstanceType("t3.small", 2, 1, 2048, "x86_64", 2.5, true, "Up to 5 Gigabit"),
            new InstanceType("t3.medium", 2, 1, 4096, "x86_64", 2.5, true, "Up to 5 Gigabit"),
            new InstanceType("t4g.micro", 2, 2, 1024, "arm64", 2.5, true, "Up to 5 Gigabit"),
            new InstanceType("t4g.small", 2, 2, 2048, "arm64", 2.5, true, "Up to 5 Gigabit"),
            new InstanceType("t4g.medium", 2, 2, 4096, "arm64", 2.5, true, "Up to 5 Gigabit"),
            new InstanceType("t4g.xlarge", 4, 4, 16384, "arm64", 2.5, true, "Up to 5 Gigabit"),
            new InstanceType("m7g.large", 2, 2, 8192, "arm64", 2.6, false, "Up to 12.5 Gigabit"),
            new InstanceType("c7g.large", 2, 2, 4096, "arm64", 2.6, false, "Up to 12.5 Gigabit"),
            new InstanceType("m7i.large", 2, 1, 8192, "x86_64", 3.2, false, "Up to 12.5 Gigabit"),
            new InstanceType("c7i.large", 2, 1, 4096, "x86_64", 3.2, false, "Up to 12.5 Gigabit"));

    private Catalog() {
    }

    /** The instance types offered in a region (no t2 where AWS has none). */
    static List<InstanceType> instanceTypes(String region) {
        boolean noT2 = REGIONS_WITHOUT_T2.contains(region);
        return INSTANCE_TYPES.stream().filter(t -> !(noT2 && t.name().startsWith("t2."))).toList();
    }

    static InstanceType instanceType(String region, String name) {
        return instanceTypes(region).stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }

    /** Free-tier eligibility: t2.micro where the region has t2, t3.micro where it has not. */
    static boolean freeTierEligible(String region, String type) {
        return type.equals(REGIONS_WITHOUT_T2.contains(region) ? "t3.micro" : "t2.micro");
    }

    /** The seeded images of a region, in a stable order. */
    static List<Image> images(String region) {
        List<Image> out = new ArrayList<>();
        for (String release : AL2023_RELEASES) {
            String date = release.substring(9, 13) + "-" + release.substring(13, 15) + "-" + release.substring(15, 17)
                    + "T19:20:05.000Z";
            for (String arch : List.of("x86_64", "arm64")) {
                out.add(image(region, "al2023-ami-" + release + "-kernel-6.1-" + arch, "Amazon Linux 2023 AMI "
                        + release + " " + arch + " HVM kernel-6.1", arch, AMAZON_OWNER, "amazon", date, null, 8));
                out.add(image(region, "al2023-ami-minimal-" + release + "-kernel-6.1-" + arch,
                        "Amazon Linux 2023 AMI " + release + " " + arch + " Minimal HVM kernel-6.1", arch,
                        AMAZON_OWNER, "amazon", date, null, 2));
            }
        }
        out.add(image(region, OPENVPN_NAME, "OpenVPN Access Server Community Image", "x86_64", MARKETPLACE_OWNER,
                "aws-marketplace", "2025-09-17T08:41:27.000Z", OPENVPN_PRODUCT_CODE, 10));
        return out;
    }

    static Image image(String region, String imageId) {
        return images(region).stream().filter(i -> i.id().equals(imageId)).findFirst().orElse(null);
    }

    /** The newest image of a name prefix and architecture (what SSM's "latest" parameters point to). */
    static Image latest(String region, String namePrefix, String arch) {
        Image found = null;
        for (Image i : images(region)) {
            if (i.name().startsWith(namePrefix) && i.architecture().equals(arch)) {
                found = i;
            }
        }
        return found;
    }

    private static Image image(String region, String name, String description, String arch, String owner,
                               String alias, String date, String productCode, int size) {
        return new Image(stableId("ami", region + "|" + name), name, description, arch, owner, alias, date,
                productCode, stableId("snap", region + "|" + name), size);
    }

    /** {@code prefix-} and 17 hex digits of SHA-256(seed): the same image has the same ID after a restart. */
    static String stableId(String prefix, String seed) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(prefix).append('-');
            for (int i = 0; hex.length() < prefix.length() + 18; i++) {
                hex.append(String.format("%02x", digest[i]));
            }
            return hex.substring(0, prefix.length() + 18);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
