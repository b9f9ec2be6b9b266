package dev.cairn.aws;

/** Who the credentials belong to, as STS {@code GetCallerIdentity} says. */
public record CallerIdentity(String account, String arn, String userId) {}
