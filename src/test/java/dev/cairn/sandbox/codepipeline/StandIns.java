package dev.cairn.sandbox.codepipeline;

import dev.cairn.sandbox.codeconnections.Connections;
import dev.cairn.sandbox.core.ServiceDefinition;
import dev.cairn.sandbox.ecr.EcrImages;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A test-only service standing in for CodeConnections and ECR while their branch has not landed:
 * every connection is AVAILABLE, and ECR keeps each pushed image's files by URI (per server, in
 * memory). It speaks no AWS operation; it only exports the two interfaces.
 */
final class StandIns {
    private StandIns() {
    }

    static ServiceDefinition definition() {
        Map<String, Map<String, byte[]>> images = new HashMap<>();
        return ServiceDefinition.builder("standins", ServiceDefinition.Protocol.JSON_1_1)
                .targetPrefix("StandIns_20261206")
                .export(Connections.class, call -> arn -> Optional.of("AVAILABLE"))
                .export(EcrImages.class, call -> new EcrImages() {
                    @Override
                    public String push(String repositoryName, String tag, Map<String, byte[]> files) {
                        images.put(repositoryUri(repositoryName) + ":" + tag, Map.copyOf(files));
                        try {
                            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
                            new java.util.TreeMap<>(files).forEach((k, v) -> {
                                sha.update(k.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                                sha.update(v);
                            });
                            return "sha256:" + java.util.HexFormat.of().formatHex(sha.digest());
                        } catch (java.security.NoSuchAlgorithmException e) {
                            throw new IllegalStateException(e);
                        }
                    }

                    @Override
                    public Optional<Map<String, byte[]>> files(String imageUri) {
                        return Optional.ofNullable(images.get(imageUri));
                    }

                    @Override
                    public String repositoryUri(String repositoryName) {
                        return call.accountId() + ".dkr.ecr." + call.region() + ".amazonaws.com/" + repositoryName;
                    }
                })
                .build();
    }

}
