package dev.cairn.aws;

/**
 * Who the calls run as: the account, the caller's ARN and user ID, as STS's
 * {@code GetCallerIdentity} says.
 */
public record CallerIdentity(String account, String arn, String userId) {

    /**
     * The partition of the caller's ARN ({@code aws}, {@code aws-cn}, {@code aws-us-gov}): the
     * one ARNs of resources in this account must name. {@code aws} when the ARN says nothing.
     */
    public String partition() {
        if (arn != null && arn.startsWith("arn:")) {
            int end = arn.indexOf(':', 4);
            if (end > 4) {
                return arn.substring(4, end);
            }
        }
        return "aws";
    }
}
