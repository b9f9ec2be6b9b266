package dev.cairn.sandbox.ssm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.core.Call;
import dev.cairn.sandbox.core.Regions;
import dev.cairn.sandbox.core.ServiceDefinition;
import dev.cairn.sandbox.ec2.Ec2Images;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SSM Parameter Store (awsJson 1.1, {@code X-Amz-Target: AmazonSSM.<Op>}), read-only over AWS's
 * public parameters the Access step reads: the Amazon Linux 2023 "latest" AMI aliases (whose
 * values EC2 gives through {@link Ec2Images}, so DescribeImages finds them) and the
 * global-infrastructure region facts. Parameters are computed, not stored.
 */
public final class SsmService {
    static final String TARGET_PREFIX = "AmazonSSM";
    static final String AMI_PATH = "/aws/service/ami-amazon-linux-latest/";
    /** AWS's public parameter of the recommended ECS-optimized Amazon Linux 2023 image. */
    static final String ECS_AMI_PATH = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended";
    static final String REGIONS_PATH = "/aws/service/global-infrastructure/regions/";
    /** GetParametersByPath: AWS's MaxResults range and default. */
    static final int MAX_RESULTS = 10;
    /** GetParameters takes at most this many names. */
    static final int MAX_NAMES = 10;
    /** When the seeded public parameters were last updated (the newest AL2023 release date). */
    static final double LAST_MODIFIED_EPOCH_SECONDS = 1762802405.0;

    /** Region long names as {@code /aws/service/global-infrastructure/regions/<r>/longName} gives them. */
    static final Map<String, String> LONG_NAMES = Map.ofEntries(
            Map.entry("af-south-1", "Africa (Cape Town)"), Map.entry("ap-east-1", "Asia Pacific (Hong Kong)"),
            Map.entry("ap-northeast-1", "Asia Pacific (Tokyo)"), Map.entry("ap-northeast-2", "Asia Pacific (Seoul)"),
            Map.entry("ap-northeast-3", "Asia Pacific (Osaka)"), Map.entry("ap-south-1", "Asia Pacific (Mumbai)"),
            Map.entry("ap-south-2", "Asia Pacific (Hyderabad)"), Map.entry("ap-southeast-1", "Asia Pacific (Singapore)"),
            Map.entry("ap-southeast-2", "Asia Pacific (Sydney)"), Map.entry("ap-southeast-3", "Asia Pacific (Jakarta)"),
            Map.entry("ap-southeast-4", "Asia Pacific (Melbourne)"), Map.entry("ap-southeast-5", "Asia Pacific (Malaysia)"),
            Map.entry("ap-southeast-7", "Asia Pacific (Thailand)"), Map.entry("ca-central-1", "Canada (Central)"),
            Map.entry("ca-west-1", "Canada West (Calgary)"), Map.entry("eu-central-1", "Europe (Frankfurt)"),
            Map.entry("eu-central-2", "Europe (Zurich)"), Map.entry("eu-north-1", "Europe (Stockholm)"),
            Map.entry("eu-south-1", "Europe (Milan)"), Map.entry("eu-south-2", "Europe (Spain)"),
            Map.entry("eu-west-1", "Europe (Ireland)"), Map.entry("eu-west-2", "Europe (London)"),
            Map.entry("eu-west-3", "Europe (Paris)"), Map.entry("il-central-1", "Israel (Tel Aviv)"),
            Map.entry("me-central-1", "Middle East (UAE)"), Map.entry("me-south-1", "Middle East (Bahrain)"),
            Map.entry("mx-central-1", "Mexico (Central)"), Map.entry("sa-east-1", "South America (Sao Paulo)"),
            Map.entry("us-east-1", "US East (N. Virginia)"), Map.entry("us-east-2", "US East (Ohio)"),
            Map.entry("us-west-1", "US West (N. California)"), Map.entry("us-west-2", "US West (Oregon)"));

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One public parameter. */
    record Parameter(String name, String value, String dataType) {
    }

    private SsmService() {
    }

    /** SSM's definition: three read-only operations over computed public parameters. */
    public static ServiceDefinition definition() {
        ServiceDefinition.Builder b = ServiceDefinition.builder("ssm", ServiceDefinition.Protocol.JSON_1_1)
                .targetPrefix(TARGET_PREFIX)
                .unknownOperation(op -> new AwsException("UnknownOperationException",
                        "Operation " + TARGET_PREFIX + "." + op + " is not supported by the Sandbox."));
        for (String op : List.of("GetParameter", "GetParameters", "GetParametersByPath")) {
            b.json(op, ServiceDefinition.Effect.READS, call -> handle(op, call));
        }
        return b.build();
    }

    private static ObjectNode handle(String operation, Call call) {
        JsonNode body = call.json();
        Regions.Region region = Regions.require(call.region());
        Map<String, Parameter> all = parameters(region.name(), call.peer(Ec2Images.class));
        ObjectNode out = JSON.createObjectNode();
        switch (operation) {
            case "GetParameter" -> {
                String name = requiredText(body, "Name");
                Parameter p = all.get(name);
                if (p == null) {
                    throw new AwsException("ParameterNotFound", "Parameter " + name + " not found.");
                }
                out.set("Parameter", render(p, region.name()));
            }
            case "GetParameters" -> {
                JsonNode names = body.get("Names");
                if (names == null || !names.isArray() || names.isEmpty()) {
                    throw validation("1 validation error detected: Value null at 'names' failed to satisfy "
                            + "constraint: Member must not be null");
                }
                if (names.size() > MAX_NAMES) {
                    throw validation("1 validation error detected: Value at 'names' failed to satisfy constraint: "
                            + "Member must have length less than or equal to " + MAX_NAMES);
                }
                ArrayNode found = out.putArray("Parameters");
                ArrayNode invalid = out.putArray("InvalidParameters");
                for (JsonNode n : names) {
                    Parameter p = all.get(n.asText());
                    if (p == null) {
                        invalid.add(n.asText());
                    } else {
                        found.add(render(p, region.name()));
                    }
                }
            }
            default -> byPath(body, all, region.name(), out);
        }
        return out;
    }

    private static void byPath(JsonNode body, Map<String, Parameter> all, String region, ObjectNode out) {
        String path = requiredText(body, "Path");
        if (!path.startsWith("/")) {
            throw validation("The parameter doesn't meet the parameter name requirements. The parameter name must "
                    + "begin with a forward slash \"/\".");
        }
        String prefix = path.endsWith("/") ? path : path + "/";
        boolean recursive = body.path("Recursive").asBoolean(false);
        int max = body.has("MaxResults") ? body.get("MaxResults").asInt() : MAX_RESULTS;
        if (max < 1 || max > MAX_RESULTS) {
            throw validation("1 validation error detected: Value '" + max + "' at 'maxResults' failed to satisfy "
                    + "constraint: Member must have value less than or equal to " + MAX_RESULTS);
        }
        List<Parameter> matching = new ArrayList<>();
        for (Parameter p : all.values()) {
            if (p.name().startsWith(prefix) && (recursive || p.name().indexOf('/', prefix.length()) < 0)) {
                matching.add(p);
            }
        }
        int offset = 0;
        String token = body.path("NextToken").asText(null);
        if (token != null) {
            try {
                offset = Integer.parseInt(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw validation("The specified token is invalid.");
            }
        }
        int end = Math.min(matching.size(), offset + max);
        ArrayNode list = out.putArray("Parameters");
        for (Parameter p : matching.subList(Math.min(offset, end), end)) {
            list.add(render(p, region));
        }
        if (end < matching.size()) {
            out.put("NextToken", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(String.valueOf(end).getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static AwsException validation(String message) {
        return new AwsException("ValidationException", message);
    }

    private static String requiredText(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.asText().isEmpty()) {
            throw validation("1 validation error detected: Value null at '" + Character.toLowerCase(field.charAt(0))
                    + field.substring(1) + "' failed to satisfy constraint: Member must not be null");
        }
        return v.asText();
    }

    private static ObjectNode render(Parameter p, String region) {
        ObjectNode n = JSON.createObjectNode();
        n.put("Name", p.name());
        n.put("Type", "String");
        n.put("Value", p.value());
        n.put("Version", 1);
        n.put("LastModifiedDate", LAST_MODIFIED_EPOCH_SECONDS);
        // Public parameters have no account in their ARN.
        n.put("ARN", "arn:aws:ssm:" + region + "::parameter" + p.name());
        n.put("DataType", p.dataType());
        return n;
    }

    /** Every public parameter visible from a region, by name, in a stable order. */
    static Map<String, Parameter> parameters(String region, Ec2Images images) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (String arch : List.of("x86_64", "arm64")) {
            String standard = images.latestImageId("al2023-ami-2023.", arch);
            String minimal = images.latestImageId("al2023-ami-minimal-2023.", arch);
            for (String kernel : List.of("kernel-default", "kernel-6.1")) {
                add(out, AMI_PATH + "al2023-ami-" + kernel + "-" + arch, standard, "aws:ec2:image");
                add(out, AMI_PATH + "al2023-ami-minimal-" + kernel + "-" + arch, minimal, "aws:ec2:image");
            }
        }
        // The ECS-optimized AMI: the Sandbox's agent registers any instance whose user data names a
        // cluster, so the recommended image is the AL2023 image EC2 seeds (x86_64, as AWS's default).
        String ecsImage = images.latestImageId("al2023-ami-2023.", "x86_64");
        add(out, ECS_AMI_PATH + "/image_id", ecsImage, "aws:ec2:image");
        add(out, ECS_AMI_PATH, "{\"ecs_agent_version\":\"1.99.0\",\"ecs_runtime_version\":\"Docker version 25.0.8\","
                + "\"image_id\":\"" + ecsImage + "\",\"image_name\":\"al2023-ami-ecs-hvm-2023.0.20251110-kernel-6.1-x86_64\","
                + "\"os\":\"Amazon Linux 2023\",\"schema_version\":1,"
                + "\"source_image_name\":\"al2023-ami-minimal-2023.6.20251110.0-kernel-6.1-x86_64\"}", "text");
        for (Regions.Region r : Regions.ALL.values()) {
            String base = REGIONS_PATH + r.name();
            add(out, base, r.name(), "text");
            add(out, base + "/longName", LONG_NAMES.getOrDefault(r.name(), r.name()), "text");
            add(out, base + "/partition", "aws", "text");
            add(out, base + "/domain", "amazonaws.com", "text");
            for (String zone : r.zoneNames()) {
                add(out, base + "/availability-zones/" + r.zoneId(zone), r.zoneId(zone), "text");
            }
        }
        return out;
    }

    private static void add(Map<String, Parameter> out, String name, String value, String dataType) {
        out.put(name, new Parameter(name, value, dataType));
    }
}
