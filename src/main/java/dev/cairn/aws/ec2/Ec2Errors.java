package dev.cairn.aws.ec2;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** EC2 error codes the handlers branch on (EC2 reports them as {@code <Code>} in the error body). */
final class Ec2Errors {
    static final String DEPENDENCY_VIOLATION = "DependencyViolation";
    static final String ROUTE_ALREADY_EXISTS = "RouteAlreadyExists";
    static final String ALREADY_ASSOCIATED = "Resource.AlreadyAssociated";
    static final String GATEWAY_NOT_ATTACHED = "Gateway.NotAttached";
    static final String IP_IN_USE = "InvalidIPAddress.InUse";

    private Ec2Errors() {}

    static String code(AwsServiceException e) {
        return dev.cairn.aws.AwsErrors.code(e);
    }

    /**
     * {@code InvalidVpcID.NotFound}, {@code InvalidRoute.NotFound}, {@code NatGatewayNotFound}, …:
     * EC2 spells "not found" per resource type, always at the end of the code.
     */
    static boolean isNotFound(AwsServiceException e) {
        return code(e).endsWith("NotFound");
    }

    static boolean is(AwsServiceException e, String code) {
        return code(e).equals(code);
    }

    static String message(AwsServiceException e) {
        return e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
    }
}
