package dev.cairn.step;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cairn.model.Address;
import dev.cairn.model.Blueprint;
import dev.cairn.model.FieldError;
import dev.cairn.model.InstanceTypeName;
import dev.cairn.model.Regions;
import dev.cairn.step.access.AccessSection;
import dev.cairn.step.access.KeyPairMode;
import dev.cairn.step.network.NatMode;
import dev.cairn.step.network.NetworkSection;
import dev.cairn.step.network.SubnetLayout;
import dev.cairn.step.network.SubnetTier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads and writes blueprint YAML files. Reading never throws for bad content: every problem
 * (syntax, unknown field, wrong enum value, failed validation) comes back as a {@link FieldError}
 * so the GUI and the CLI can show it beside the field.
 */
public final class BlueprintYaml {

    /**
     * The outcome of reading a blueprint.
     *
     * @param blueprint the blueprint with defaults filled in, or null if the text could not be
     *     mapped at all (syntax error, unknown field, wrong type)
     * @param errors every problem found; empty means the blueprint is valid
     */
    public record Result(Blueprint blueprint, List<FieldError> errors) {
        public Result {
            errors = List.copyOf(errors);
        }

        public boolean ok() {
            return blueprint != null && errors.isEmpty();
        }
    }

    private static final YAMLMapper MAPPER = YAMLMapper.builder(YAMLFactory.builder().build())
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /** Comments {@link #writeCommented} puts above each key, keyed by the key's indented form. */
    private static final Map<String, String> COMMENTS = Map.ofEntries(
            Map.entry("name:", "Stack name: prefixes every resource's Name tag; lowercase letters, digits, hyphens."),
            Map.entry("region:", "AWS region where everything is built."),
            Map.entry("tags:", "Your own tags, added to every resource (Cairn adds cairn:stack, cairn:address, Name)."),
            Map.entry("network:", "Step 1, Network: one VPC across two or more availability zones."),
            Map.entry("  vpcCidr:", "Address range of the whole VPC (/16 to /28); subnets are carved out of it."),
            Map.entry("  zones:", "Availability zones to spread over; each gets a public, an app and a db subnet."),
            Map.entry("  nat:", "How private subnets reach the internet: none, single (one NAT gateway, cheapest) or per-zone."),
            Map.entry("  subnets:", "Public subnets route to the internet gateway; app and db subnets route to the NAT gateway."));

    /** Comments inside {@code access:}, keyed like {@link #COMMENTS}. */
    private static final Map<String, String> ACCESS_COMMENTS = Map.ofEntries(
            Map.entry("access:", "Step 2, Access: key pair, bastion, OpenVPN server, private instance, optional VPC peering."),
            Map.entry("  myIp:", "Your address as the internet sees it (auto = detect at plan time); SSH is allowed from it only (/32)."),
            Map.entry("  allowSshFromAnywhere:", "Must be true to use myIp 0.0.0.0/0 (SSH open to everyone: not recommended)."),
            Map.entry("  keyPair:", "create (private key saved as ~/.ssh/<name>.pem, owner-only), import (publicKeyFile) or existing (by name)."),
            Map.entry("  bastion:", "SSH jump host in the first public subnet, Amazon Linux 2023, with an Elastic IP."),
            Map.entry("  vpn:", "OpenVPN Access Server in the first public subnet (newest Marketplace image, or amiId), with an Elastic IP."),
            Map.entry("  privateInstance:", "App instance in the first app subnet; SSH only from the bastion's and the VPN's security groups."),
            Map.entry("  peering:", "A second VPC in another region (public and private subnets, no NAT), peered with this one."));

    private BlueprintYaml() {}

    public static Result read(Path file) {
        try {
            return read(Files.readString(file));
        } catch (IOException e) {
            return new Result(null, List.of(FieldError.of("", "file.unreadable",
                    "cannot read " + file + ": " + e.getMessage(), file.toString())));
        }
    }

    /** Parses, fills defaults (zones, computed subnets), then validates. */
    public static Result read(String yaml) {
        Blueprint parsed;
        try {
            parsed = MAPPER.readValue(yaml, Blueprint.class);
        } catch (MismatchedInputException e) {
            // Jackson signals a document with no content (empty, or only comments) this way.
            if (e.getPath().isEmpty() && e.getOriginalMessage().startsWith("No content to map")) {
                return new Result(null, List.of(FieldError.of("", "yaml.empty", "the blueprint file is empty")));
            }
            return new Result(null, List.of(toFieldError(e)));
        } catch (JsonProcessingException e) {
            return new Result(null, List.of(toFieldError(e)));
        }
        if (parsed == null) {
            return new Result(null, List.of(FieldError.of("", "yaml.empty", "the blueprint file is empty")));
        }
        Blueprint filled = withDefaults(parsed);
        return new Result(filled, BlueprintValidator.validate(filled));
    }

    /**
     * Fills what the user may leave out: the zones (the region's {@code a} and {@code c}) and the
     * subnets (computed from the VPC CIDR by {@link SubnetLayout}). Left as is when a default
     * cannot be computed; validation then says why.
     */
    public static Blueprint withDefaults(Blueprint blueprint) {
        if (blueprint.access() != null) {
            blueprint = blueprint.withAccess(accessDefaults(blueprint.access(), blueprint.region()));
        }
        NetworkSection network = blueprint.network();
        if (network == null) {
            return blueprint;
        }
        if (network.zones() == null || network.zones().isEmpty()) {
            network = network.withZones(Regions.defaultZones(blueprint.region()));
        }
        if (network.subnets() == null || network.subnets().isEmpty()) {
            network = network.withSubnets(SubnetLayout.compute(network.vpcCidr(), network.zones()).orElse(List.of()));
        }
        return blueprint.withNetwork(network);
    }

    /**
     * The Access step's defaults: {@code myIp: auto}; each written host enabled with the
     * region's free-tier instance type; the peer's zones from its region, and its free-tier type.
     */
    private static AccessSection accessDefaults(AccessSection a, String region) {
        String myIp = a.myIp() == null || a.myIp().isEmpty() ? AccessSection.MY_IP_AUTO : a.myIp();
        String free = InstanceTypeName.freeTierDefault(region);
        AccessSection.Host bastion = a.bastion() == null ? null
                : new AccessSection.Host(a.bastion().on(), orDefault(a.bastion().instanceType(), free));
        AccessSection.Vpn vpn = a.vpn() == null ? null
                : new AccessSection.Vpn(a.vpn().on(), orDefault(a.vpn().instanceType(), free), a.vpn().amiId());
        AccessSection.Host app = a.privateInstance() == null ? null
                : new AccessSection.Host(a.privateInstance().on(), orDefault(a.privateInstance().instanceType(), free));
        AccessSection.Peering p = a.peering();
        if (p != null) {
            List<String> zones = p.zones() == null || p.zones().isEmpty() ? Regions.defaultZones(p.region()) : p.zones();
            p = new AccessSection.Peering(p.on(), p.region(), p.vpcCidr(), zones,
                    orDefault(p.instanceType(), InstanceTypeName.freeTierDefault(p.region())));
        }
        return new AccessSection(myIp, a.allowSshFromAnywhere(), a.keyPair(), bastion, vpn, app, p);
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }

    public static String write(Blueprint blueprint) {
        Objects.requireNonNull(blueprint, "blueprint");
        try {
            return MAPPER.writeValueAsString(blueprint);
        } catch (JsonProcessingException e) {
            // Records of strings, lists and enums always serialize; a failure here is a bug.
            throw new UncheckedIOException(e);
        }
    }

    /** Like {@link #write} with a short comment above each key, for people learning the format. */
    public static String writeCommented(Blueprint blueprint) {
        StringBuilder out = new StringBuilder("# Cairn blueprint: what to build. Read it with `cairn plan`.\n");
        String section = "";
        for (String line : write(blueprint).split("\n", -1)) {
            if (!line.isEmpty() && !line.startsWith(" ")) {
                section = line.substring(0, line.indexOf(':') + 1);
            }
            // Nested keys are commented only inside network: and access:, so a user tag named like one is not.
            boolean nested = line.startsWith(" ") && !line.startsWith("   ");
            String key = line.indexOf(':') < 0 ? "" : line.substring(0, line.indexOf(':') + 1);
            String comment = null;
            if (!line.startsWith(" ")) {
                comment = COMMENTS.getOrDefault(key, ACCESS_COMMENTS.get(key));
            } else if (nested && section.equals("network:")) {
                comment = COMMENTS.get(key);
            } else if (nested && section.equals("access:")) {
                comment = ACCESS_COMMENTS.get(key);
            }
            if (comment != null) {
                String indent = line.substring(0, line.length() - line.stripLeading().length());
                out.append(indent).append("# ").append(comment).append('\n');
            }
            out.append(line).append('\n');
        }
        // split(-1) leaves a trailing empty element for the final newline; drop the extra one.
        return out.substring(0, out.length() - 1);
    }

    private static FieldError toFieldError(JsonProcessingException e) {
        // Databind may wrap the parser's syntax error in a mapping exception; report the syntax.
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StreamReadException syntax) {
                return syntaxError(syntax);
            }
        }
        if (e instanceof UnrecognizedPropertyException u) {
            String field = path(u);
            List<String> known = u.getKnownPropertyIds() == null ? List.of()
                    : u.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
            return FieldError.of(field, "field.unknown", "unknown field " + field
                    + (known.isEmpty() ? "" : " (allowed here: " + String.join(", ", known) + ")"),
                    u.getPropertyName(), String.join(", ", known));
        }
        if (e instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
            String field = path(f);
            List<String> allowed = allowedValues(f.getTargetType());
            return FieldError.of(field, "enum.value", field + " \"" + f.getValue() + "\" is not one of "
                    + String.join(", ", allowed), String.valueOf(f.getValue()), String.join(", ", allowed));
        }
        if (e instanceof MismatchedInputException m) {
            String field = path(m);
            String type = m.getTargetType() == null ? "value" : m.getTargetType().getSimpleName();
            return FieldError.of(field, "field.type", (field.isEmpty() ? "the document" : field)
                    + " has the wrong shape (expected " + describe(type) + ")", type);
        }
        if (e instanceof JsonMappingException m) {
            String field = path(m);
            return FieldError.of(field, "field.invalid", (field.isEmpty() ? "the document" : field)
                    + " is invalid: " + e.getOriginalMessage(), e.getOriginalMessage());
        }
        return syntaxError(e);
    }

    private static FieldError syntaxError(JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        String line = loc == null ? "?" : String.valueOf(loc.getLineNr());
        String column = loc == null ? "?" : String.valueOf(loc.getColumnNr());
        String reason = e.getOriginalMessage().lines().findFirst().orElse("syntax error");
        return FieldError.of("", "yaml.syntax", "YAML syntax error at line " + line + ", column " + column
                + ": " + reason, line, column, reason);
    }

    private static String describe(String type) {
        return switch (type) {
            case "List" -> "a list";
            case "Map", "LinkedHashMap" -> "a mapping";
            case "String" -> "a text value";
            default -> "a " + type;
        };
    }


    private static List<String> allowedValues(Class<?> enumType) {
        if (enumType == SubnetTier.class) {
            return SubnetTier.yamlNames();
        }
        if (enumType == NatMode.class) {
            return NatMode.yamlNames();
        }
        if (enumType == KeyPairMode.class) {
            return KeyPairMode.yamlNames();
        }
        List<String> names = new ArrayList<>();
        for (Object c : enumType.getEnumConstants()) {
            names.add(c.toString());
        }
        return names;
    }

    /** {@code network.subnets[2].cidr} from Jackson's reference chain. */
    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            } else if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            }
        }
        return sb.toString();
    }
}
