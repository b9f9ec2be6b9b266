package dev.cairn.sandbox.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.sandbox.core.AwsException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Bucket policies: the checks PutBucketPolicy makes ({@code MalformedPolicy}: valid JSON, a
 * version, statements with Effect, Principal, Action and Resource, S3 action names, resources
 * of this bucket only, each statement's actions applying to its resources), whether a policy is
 * public (AWS's rule: an Allow to every principal not narrowed by a fixed-value condition), and
 * the evaluation of an anonymous request (explicit Deny wins, then an Allow must match).
 *
 * <p>Only anonymous requests are evaluated. The owner's signed requests are not: the Sandbox
 * serves plain HTTP on the loopback, and the TLS-only Deny every Cairn bucket carries would lock
 * the owner out of a stand-in for an HTTPS endpoint. For the same reason {@code aws:SecureTransport}
 * is true: the loopback stands in for AWS's HTTPS endpoint.
 */
final class BucketPolicies {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> VERSIONS = Set.of("2012-10-17", "2008-10-17");
    /** Actions on objects: their resources are {@code arn:aws:s3:::bucket/key}. */
    static final Set<String> OBJECT_ACTIONS = Set.of("abortmultipartupload", "deleteobject", "deleteobjecttagging",
            "deleteobjectversion", "deleteobjectversiontagging", "getobject", "getobjectacl", "getobjectattributes",
            "getobjecttagging", "getobjectversion", "getobjectversionacl", "getobjectversionattributes",
            "getobjectversiontagging", "getobjectretention", "getobjectlegalhold", "listmultipartuploadparts",
            "putobject", "putobjectacl", "putobjecttagging", "putobjectversionacl", "putobjectversiontagging",
            "putobjectretention", "putobjectlegalhold", "restoreobject", "replicateobject", "replicatedelete",
            "replicatetags", "bypassgovernanceretention");
    /** Actions on the bucket itself: the resource is {@code arn:aws:s3:::bucket}. */
    static final Set<String> BUCKET_ACTIONS = Set.of("listbucket", "listbucketversions", "listbucketmultipartuploads",
            "getbucketlocation", "getbucketpolicy", "putbucketpolicy", "deletebucketpolicy", "getbucketpolicystatus",
            "getbucketversioning", "putbucketversioning", "getencryptionconfiguration", "putencryptionconfiguration",
            "getlifecycleconfiguration", "putlifecycleconfiguration", "getbuckettagging", "putbuckettagging",
            "getbucketpublicaccessblock", "putbucketpublicaccessblock", "getbucketownershipcontrols",
            "putbucketownershipcontrols", "deletebucket", "getbucketacl", "putbucketacl", "getbucketcors",
            "putbucketcors", "getbucketwebsite", "putbucketwebsite", "deletebucketwebsite", "getbucketlogging",
            "putbucketlogging", "getbucketnotification", "putbucketnotification", "getreplicationconfiguration",
            "putreplicationconfiguration", "getbucketobjectlockconfiguration", "putbucketobjectlockconfiguration",
            "getaccelerateconfiguration", "putaccelerateconfiguration", "getbucketrequestpayment",
            "putbucketrequestpayment", "getintelligenttieringconfiguration", "putintelligenttieringconfiguration",
            "getanalyticsconfiguration", "putanalyticsconfiguration", "getinventoryconfiguration",
            "putinventoryconfiguration", "getmetricsconfiguration", "putmetricsconfiguration", "createbucket");
    /**
     * Condition keys whose fixed values make an Allow to everyone non-public (AWS's list for
     * Block Public Access: they pin the caller to an account, organisation, network or source).
     */
    static final Set<String> NARROWING_KEYS = Set.of("aws:sourcearn", "aws:sourceaccount", "aws:sourceowner",
            "aws:sourcevpc", "aws:sourcevpce", "aws:sourceip", "aws:principalorgid", "aws:principalaccount",
            "aws:principalarn", "aws:userid", "aws:principalorgpaths", "s3:dataaccesspointarn",
            "s3:dataaccesspointaccount");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern IAM_ARN = Pattern.compile("arn:aws:iam::\\d{12}:(root|user/.+|role/.+|assumed-role/.+)");
    private static final Pattern STS_ARN = Pattern.compile("arn:aws:sts::\\d{12}:(assumed-role|federated-user)/.+");
    /** What the Sandbox knows of an anonymous request's context: it stands in for HTTPS. */
    private static final Map<String, String> ANONYMOUS_CONTEXT = Map.of("aws:securetransport", "true");

    private BucketPolicies() {
    }

    static AwsException malformed(String message) {
        return new AwsException("MalformedPolicy", message);
    }

    /** Parses and checks a policy for a bucket; returns the document. */
    static JsonNode validate(String text, String bucket) {
        if (text == null || !text.stripLeading().startsWith("{")) {
            throw malformed("Policies must be valid JSON and the first byte must be '{'");
        }
        JsonNode doc;
        try {
            doc = JSON.readTree(text);
        } catch (IOException e) {
            throw malformed("Policies must be valid JSON and the first byte must be '{'");
        }
        if (!doc.isObject()) {
            throw malformed("Policies must be valid JSON and the first byte must be '{'");
        }
        if (doc.has("Version") && !VERSIONS.contains(doc.get("Version").asText())) {
            throw malformed("The policy must contain a valid version string");
        }
        JsonNode statements = doc.get("Statement");
        if (statements == null || statements.isNull() || (statements.isArray() && statements.isEmpty())) {
            throw malformed("Missing required field Statement");
        }
        for (JsonNode s : list(statements)) {
            if (!s.isObject()) {
                throw malformed("Invalid policy syntax.");
            }
            String effect = s.path("Effect").asText(null);
            if (effect == null) {
                throw malformed("Missing required field Effect");
            }
            if (!effect.equals("Allow") && !effect.equals("Deny")) {
                throw malformed("Invalid effect: " + effect);
            }
            JsonNode principal = s.has("Principal") ? s.get("Principal") : s.get("NotPrincipal");
            if (principal == null) {
                throw malformed("Missing required field Principal");
            }
            checkPrincipal(principal);
            JsonNode actions = s.has("Action") ? s.get("Action") : s.get("NotAction");
            if (actions == null) {
                throw malformed("Missing required field Action");
            }
            JsonNode resources = s.has("Resource") ? s.get("Resource") : s.get("NotResource");
            if (resources == null) {
                throw malformed("Missing required field Resource");
            }
            boolean objectActions = false;
            boolean bucketActions = false;
            for (JsonNode a : list(actions)) {
                String action = a.asText("");
                Pattern p = actionPattern(action);
                boolean onObjects = OBJECT_ACTIONS.stream().anyMatch(x -> p.matcher(x).matches());
                boolean onBucket = BUCKET_ACTIONS.stream().anyMatch(x -> p.matcher(x).matches());
                if (!onObjects && !onBucket) {
                    throw malformed("Policy has invalid action");
                }
                objectActions |= onObjects;
                bucketActions |= onBucket;
            }
            boolean objectResources = false;
            boolean bucketResource = false;
            for (JsonNode r : list(resources)) {
                String resource = r.asText("");
                String base = "arn:aws:s3:::" + bucket;
                if (resource.equals(base)) {
                    bucketResource = true;
                } else if (resource.startsWith(base + "/")) {
                    objectResources = true;
                } else {
                    throw malformed("Policy has invalid resource");
                }
            }
            boolean notForms = s.has("NotAction") || s.has("NotResource");
            if (!notForms && !(objectActions && objectResources) && !(bucketActions && bucketResource)) {
                throw malformed("Action does not apply to any resource(s) in statement");
            }
            JsonNode condition = s.get("Condition");
            if (condition != null && !condition.isObject()) {
                throw malformed("Invalid policy syntax.");
            }
        }
        return doc;
    }

    private static void checkPrincipal(JsonNode principal) {
        if (principal.isTextual()) {
            if (!principal.asText().equals("*")) {
                throw malformed("Invalid principal in policy");
            }
            return;
        }
        if (!principal.isObject() || principal.isEmpty()) {
            throw malformed("Invalid principal in policy");
        }
        principal.fields().forEachRemaining(e -> {
            for (JsonNode v : list(e.getValue())) {
                String value = v.asText("");
                boolean ok = switch (e.getKey()) {
                    case "AWS" -> value.equals("*") || ACCOUNT.matcher(value).matches()
                            || IAM_ARN.matcher(value).matches() || STS_ARN.matcher(value).matches();
                    case "Service" -> value.endsWith(".amazonaws.com") || value.equals("*");
                    case "CanonicalUser" -> value.matches("[0-9a-f]{64}");
                    case "Federated" -> !value.isEmpty();
                    default -> false;
                };
                if (!ok) {
                    throw malformed("Invalid principal in policy");
                }
            }
        });
    }

    /** A statement's value as a list: a single value or an array. */
    static List<JsonNode> list(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(out::add);
        } else {
            out.add(node);
        }
        return out;
    }

    /** An action pattern ({@code s3:Get*}, {@code *}) over lower-case action names without the {@code s3:} prefix. */
    private static Pattern actionPattern(String action) {
        String a = action.toLowerCase(Locale.ROOT);
        if (a.equals("*")) {
            return Pattern.compile(".*");
        }
        if (!a.startsWith("s3:") || a.length() == 3) {
            throw malformed("Policy has invalid action");
        }
        return wildcard(a.substring(3));
    }

    private static Pattern wildcard(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    private static boolean everyone(JsonNode principal) {
        if (principal.isTextual()) {
            return principal.asText().equals("*");
        }
        for (JsonNode v : list(principal.get("AWS"))) {
            if (v.asText().equals("*")) {
                return true;
            }
        }
        return false;
    }

    /** AWS's "public" policy: an Allow to everyone (or with NotPrincipal) that no narrowing condition key pins down. */
    static boolean isPublic(JsonNode doc) {
        if (doc == null) {
            return false;
        }
        for (JsonNode s : list(doc.get("Statement"))) {
            if (!"Allow".equals(s.path("Effect").asText())) {
                continue;
            }
            boolean toEveryone = s.has("NotPrincipal") || everyone(s.path("Principal"));
            if (toEveryone && !narrowed(s.get("Condition"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean narrowed(JsonNode condition) {
        if (condition == null) {
            return false;
        }
        for (JsonNode byOperator : condition) {
            var keys = byOperator.fieldNames();
            while (keys.hasNext()) {
                if (NARROWING_KEYS.contains(keys.next().toLowerCase(Locale.ROOT))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the bucket's policy lets an anonymous caller do {@code action} ({@code s3:GetObject}) on {@code resource}. */
    static boolean allowsAnonymous(JsonNode doc, String action, String resource) {
        if (doc == null) {
            return false;
        }
        boolean allowed = false;
        String name = action.toLowerCase(Locale.ROOT).substring(3);
        for (JsonNode s : list(doc.get("Statement"))) {
            if (!appliesToAnonymous(s) || !matchesAction(s, name) || !matchesResource(s, resource)
                    || !conditionsHold(s.get("Condition"))) {
                continue;
            }
            if ("Deny".equals(s.path("Effect").asText())) {
                return false;
            }
            allowed = true;
        }
        return allowed;
    }

    private static boolean appliesToAnonymous(JsonNode s) {
        if (s.has("NotPrincipal")) {
            return !everyone(s.get("NotPrincipal"));
        }
        return everyone(s.path("Principal"));
    }

    private static boolean matchesAction(JsonNode s, String name) {
        boolean not = s.has("NotAction");
        boolean any = false;
        for (JsonNode a : list(not ? s.get("NotAction") : s.get("Action"))) {
            any |= actionPattern(a.asText()).matcher(name).matches();
        }
        return not != any;
    }

    private static boolean matchesResource(JsonNode s, String resource) {
        boolean not = s.has("NotResource");
        boolean any = false;
        for (JsonNode r : list(not ? s.get("NotResource") : s.get("Resource"))) {
            any |= wildcard(r.asText()).matcher(resource).matches();
        }
        return not != any;
    }

    /**
     * The conditions the Sandbox can judge for an anonymous request: {@code Bool}, {@code StringEquals},
     * {@code StringNotEquals}, {@code StringLike} and {@code Null} over the keys it knows ({@code
     * aws:SecureTransport}); any other key or operator cannot be shown to hold, so the statement does not apply.
     */
    private static boolean conditionsHold(JsonNode condition) {
        if (condition == null) {
            return true;
        }
        var operators = condition.fields();
        while (operators.hasNext()) {
            var op = operators.next();
            String operator = op.getKey();
            boolean ifExists = operator.endsWith("IfExists");
            String base = ifExists ? operator.substring(0, operator.length() - "IfExists".length()) : operator;
            var keys = op.getValue().fields();
            while (keys.hasNext()) {
                var k = keys.next();
                String actual = ANONYMOUS_CONTEXT.get(k.getKey().toLowerCase(Locale.ROOT));
                List<JsonNode> values = list(k.getValue());
                boolean holds;
                if (base.equals("Null")) {
                    holds = values.stream().anyMatch(v -> v.asText().equals(actual == null ? "true" : "false"));
                } else if (actual == null) {
                    holds = ifExists;
                } else {
                    holds = switch (base) {
                        case "Bool" -> values.stream().anyMatch(v -> v.asText().equalsIgnoreCase(actual));
                        case "StringEquals" -> values.stream().anyMatch(v -> v.asText().equals(actual));
                        case "StringNotEquals" -> values.stream().noneMatch(v -> v.asText().equals(actual));
                        case "StringLike" -> values.stream().anyMatch(v -> wildcard(v.asText()).matcher(actual).matches());
                        default -> false;
                    };
                }
                if (!holds) {
                    return false;
                }
            }
        }
        return true;
    }
}
