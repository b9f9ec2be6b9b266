package dev.cairn.sandbox.iam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.sandbox.core.AwsException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An IAM policy document: checked as IAM checks one ({@code MalformedPolicyDocument} with IAM's
 * messages) and evaluated for the Sandbox's services (an explicit {@code Deny} wins, else an
 * {@code Allow} is needed; conditions are not evaluated, so a statement with one counts as
 * matching). Two flavours: identity policies (inline and managed: actions and resources) and trust
 * policies (a role's {@code AssumeRolePolicyDocument}: principals, STS actions, no resources).
 */
final class PolicyDocument {
    /** IAM's two policy language versions. */
    static final Set<String> VERSIONS = Set.of("2012-10-17", "2008-10-17");
    private static final Set<String> TOP = Set.of("Version", "Id", "Statement");
    private static final Set<String> STATEMENT = Set.of("Sid", "Effect", "Principal", "NotPrincipal", "Action",
            "NotAction", "Resource", "NotResource", "Condition");
    /** The actions a trust policy may name (STS's role-assuming ones; IAM refuses others there). */
    private static final Set<String> TRUST_ACTIONS = Set.of("sts:assumerole", "sts:assumerolewithsaml",
            "sts:assumerolewithwebidentity", "sts:tagsession", "sts:setsourceidentity", "sts:setcontext", "sts:*");
    private static final Pattern ACTION = Pattern.compile("\\*|[a-zA-Z0-9-]+:[a-zA-Z0-9*?]*");
    private static final Pattern SERVICE_PRINCIPAL = Pattern.compile("[a-z0-9][a-z0-9.-]*\\.amazonaws\\.com(\\.cn)?");
    private static final Pattern AWS_PRINCIPAL = Pattern.compile(
            "\\*|\\d{12}|arn:aws:iam::\\d{12}:(root|(user|role)(/[\\x21-\\x7E]*)?/[\\w+=,.@-]+)|arn:aws:sts::\\d{12}:assumed-role/.+");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One statement, its lists normalised. */
    record Statement(boolean allow, List<String> actions, boolean notAction, List<String> resources,
                     boolean notResource, List<String> services, boolean anyPrincipal) {
    }

    private final List<Statement> statements;

    private PolicyDocument(List<Statement> statements) {
        this.statements = statements;
    }

    /** An identity policy, checked; {@code MalformedPolicyDocument} when IAM would refuse it. */
    static PolicyDocument identity(String text) {
        return parse(text, false);
    }

    /** A trust policy, checked; {@code MalformedPolicyDocument} when IAM would refuse it. */
    static PolicyDocument trust(String text) {
        return parse(text, true);
    }

    List<Statement> statements() {
        return statements;
    }

    private static PolicyDocument parse(String text, boolean trust) {
        JsonNode root;
        try {
            root = text == null ? null : JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw malformed("This policy contains invalid Json");
        }
        if (root == null || !root.isObject()) {
            throw malformed("This policy contains invalid Json");
        }
        root.fieldNames().forEachRemaining(f -> {
            if (!TOP.contains(f)) {
                throw malformed("Syntax errors in policy.");
            }
        });
        if (root.has("Version") && !(root.get("Version").isTextual() && VERSIONS.contains(root.get("Version").asText()))) {
            throw malformed("Syntax errors in policy.");
        }
        JsonNode statementNode = root.get("Statement");
        List<JsonNode> raw = new ArrayList<>();
        if (statementNode == null) {
            throw malformed("Syntax errors in policy.");
        } else if (statementNode.isObject()) {
            raw.add(statementNode);
        } else if (statementNode.isArray() && !statementNode.isEmpty()) {
            statementNode.forEach(raw::add);
        } else {
            throw malformed("Syntax errors in policy.");
        }
        Set<String> sids = new HashSet<>();
        List<Statement> out = new ArrayList<>();
        for (JsonNode s : raw) {
            if (!s.isObject()) {
                throw malformed("Syntax errors in policy.");
            }
            s.fieldNames().forEachRemaining(f -> {
                if (!STATEMENT.contains(f)) {
                    throw malformed("Syntax errors in policy.");
                }
            });
            if (s.has("Action") && s.has("NotAction") || s.has("Resource") && s.has("NotResource")) {
                throw malformed("Syntax errors in policy.");
            }
            JsonNode effect = s.get("Effect");
            if (effect == null) {
                throw malformed("Missing required field Effect");
            }
            if (!effect.isTextual() || !(effect.asText().equals("Allow") || effect.asText().equals("Deny"))) {
                throw malformed("Invalid effect: " + effect.asText());
            }
            if (s.hasNonNull("Sid") && !sids.add(s.get("Sid").asText())) {
                throw malformed("Statement IDs (SID) in a single policy must be unique.");
            }
            boolean notAction = s.has("NotAction");
            List<String> actions = strings(s.get(notAction ? "NotAction" : "Action"));
            if (actions.isEmpty()) {
                throw malformed("Policy statement must contain actions.");
            }
            for (String a : actions) {
                if (!ACTION.matcher(a).matches()) {
                    throw malformed(a.contains(":") ? "Actions/Condition can contain only one colon."
                            : "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
                }
            }
            boolean notResource = s.has("NotResource");
            List<String> resources = strings(s.get(notResource ? "NotResource" : "Resource"));
            List<String> services = new ArrayList<>();
            boolean anyPrincipal = false;
            if (trust) {
                if (!resources.isEmpty() || s.has("Resource") || s.has("NotResource")) {
                    throw malformed("Has prohibited field Resource.");
                }
                for (String a : actions) {
                    if (!TRUST_ACTIONS.contains(a.toLowerCase(Locale.ROOT))) {
                        throw malformed("Trust Policy statement actions can only be sts:AssumeRole, "
                                + "sts:AssumeRoleWithSAML,  and sts:AssumeRoleWithWebIdentity");
                    }
                }
                JsonNode principal = s.get("Principal");
                if (principal == null) {
                    throw malformed("Missing required field Principal");
                }
                if (principal.isTextual() && principal.asText().equals("*")) {
                    anyPrincipal = true;
                } else if (principal.isObject() && !principal.isEmpty()) {
                    var fields = principal.fields();
                    while (fields.hasNext()) {
                        var f = fields.next();
                        List<String> values = strings(f.getValue());
                        switch (f.getKey()) {
                            case "Service" -> values.forEach(v -> {
                                if (!SERVICE_PRINCIPAL.matcher(v).matches()) {
                                    throw malformed("Invalid principal in policy: \"SERVICE\":\"" + v + "\"");
                                }
                                services.add(v);
                            });
                            case "AWS" -> values.forEach(v -> {
                                if (!AWS_PRINCIPAL.matcher(v).matches()) {
                                    throw malformed("Invalid principal in policy: \"AWS\":\"" + v + "\"");
                                }
                            });
                            case "Federated", "CanonicalUser" -> {
                                // Accepted as written: the Sandbox has no identity providers to check them against.
                            }
                            default -> throw malformed("Invalid principal in policy: \"" + f.getKey() + "\"");
                        }
                    }
                } else {
                    throw malformed("Syntax errors in policy.");
                }
            } else {
                if (s.has("Principal") || s.has("NotPrincipal")) {
                    throw malformed("Policy document should not specify a principal.");
                }
                if (resources.isEmpty()) {
                    throw malformed("Policy statement must contain resources.");
                }
            }
            out.add(new Statement(effect.asText().equals("Allow"), actions, notAction, resources, notResource,
                    services, anyPrincipal));
        }
        return new PolicyDocument(out);
    }

    /** A string or a list of strings (IAM's two spellings of every list); anything else is a syntax error. */
    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        if (node.isTextual()) {
            out.add(node.asText());
        } else if (node.isArray()) {
            for (JsonNode n : node) {
                if (!n.isTextual()) {
                    throw malformed("Syntax errors in policy.");
                }
                out.add(n.asText());
            }
        } else {
            throw malformed("Syntax errors in policy.");
        }
        return out;
    }

    /**
     * What this policy says about an action on a resource: {@code DENY} for a matching
     * {@code Deny}, else {@code ALLOW} for a matching {@code Allow}, else {@code NONE}.
     */
    Decision decide(String action, String resource) {
        Decision d = Decision.NONE;
        for (Statement s : statements) {
            boolean actionHit = s.actions().stream().anyMatch(p -> matches(p, action, true)) != s.notAction();
            boolean resourceHit = s.resources().stream().anyMatch(p -> matches(p, resource, false)) != s.notResource();
            if (actionHit && resourceHit) {
                if (!s.allow()) {
                    return Decision.DENY;
                }
                d = Decision.ALLOW;
            }
        }
        return d;
    }

    /** Whether an {@code Allow} lets {@code servicePrincipal} call {@code sts:AssumeRole}, and no {@code Deny} stops it. */
    boolean trusts(String servicePrincipal) {
        boolean allowed = false;
        for (Statement s : statements) {
            boolean actionHit = s.actions().stream().anyMatch(p -> matches(p, "sts:AssumeRole", true)) != s.notAction();
            boolean principalHit = s.services().contains(servicePrincipal);
            if (actionHit && principalHit) {
                if (!s.allow()) {
                    return false;
                }
                allowed = true;
            }
        }
        return allowed;
    }

    enum Decision { ALLOW, DENY, NONE }

    /**
     * IAM's wildcard match: {@code *} any run of characters, {@code ?} one; actions ignore case
     * (IAM's action names do), resources do not.
     */
    static boolean matches(String pattern, String value, boolean ignoreCase) {
        String p = ignoreCase ? pattern.toLowerCase(Locale.ROOT) : pattern;
        String v = ignoreCase ? value.toLowerCase(Locale.ROOT) : value;
        int pi = 0;
        int vi = 0;
        int star = -1;
        int mark = 0;
        while (vi < v.length()) {
            if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == v.charAt(vi))) {
                pi++;
                vi++;
            } else if (pi < p.length() && p.charAt(pi) == '*') {
                star = pi++;
                mark = vi;
            } else if (star >= 0) {
                pi = star + 1;
                vi = ++mark;
            } else {
                return false;
            }
        }
        while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == p.length();
    }

    static AwsException malformed(String message) {
        return new AwsException("MalformedPolicyDocument", message);
    }
}
