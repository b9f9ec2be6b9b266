package dev.cairn.sandbox.core;

/**
 * An Amazon Resource Name: {@code arn:partition:service:region:account:resource}. Global
 * services leave the region empty; public resources (SSM's public parameters) the account.
 *
 * @param partition always {@code aws} in the Sandbox
 * @param service   the ARN's service namespace ({@code ec2}, {@code elasticloadbalancing}, …)
 * @param region    region, or empty
 * @param account   account, or empty
 * @param resource  {@code type/id}, {@code type:id} or a bare name, as the service defines it
 */
public record Arn(String partition, String service, String region, String account, String resource) {

    /** An ARN in the {@code aws} partition. */
    public static Arn of(String service, String region, String account, String resource) {
        return new Arn("aws", service, region, account, resource);
    }

    /** Parses an ARN; null when the text is not one. */
    public static Arn parse(String text) {
        if (text == null) {
            return null;
        }
        String[] parts = text.split(":", 6);
        if (parts.length != 6 || !parts[0].equals("arn")) {
            return null;
        }
        return new Arn(parts[1], parts[2], parts[3], parts[4], parts[5]);
    }

    /**
     * The resource type as the Resource Groups Tagging API names it: the part of the resource
     * before its first {@code /} or {@code :} ({@code vpc} for {@code vpc/vpc-1}); empty when bare.
     */
    public String resourceType() {
        int cut = -1;
        for (int i = 0; i < resource.length() && cut < 0; i++) {
            char c = resource.charAt(i);
            if (c == '/' || c == ':') {
                cut = i;
            }
        }
        return cut < 0 ? "" : resource.substring(0, cut);
    }

    @Override
    public String toString() {
        return "arn:" + partition + ":" + service + ":" + region + ":" + account + ":" + resource;
    }
}
