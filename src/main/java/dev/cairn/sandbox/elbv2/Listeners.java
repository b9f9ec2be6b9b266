package dev.cairn.sandbox.elbv2;

import dev.cairn.sandbox.acm.AcmCertificates;
import dev.cairn.sandbox.core.AwsException;
import dev.cairn.sandbox.elbv2.ElbModel.Action;
import dev.cairn.sandbox.elbv2.ElbModel.Listener;
import dev.cairn.sandbox.elbv2.ElbModel.LoadBalancer;
import dev.cairn.sandbox.elbv2.ElbModel.TargetGroup;
import dev.cairn.sandbox.elbv2.ElbModel.WeightedGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Listeners of Application Load Balancers: HTTP or HTTPS on a port, one per port
 * ({@code DuplicateListener} unless the settings are the same: AWS's create is idempotent),
 * HTTPS with a certificate ACM holds and has issued ({@code CertificateNotFound}), a default
 * action that forwards to target groups of the load balancer's VPC or redirects.
 */
final class Listeners {
    /** The security policy AWS gives an HTTPS listener created through the API without one. */
    static final String DEFAULT_SSL_POLICY = "ELBSecurityPolicy-2016-08";
    static final int MAX_WEIGHT = 999;
    /** The target groups one forward action may name. */
    static final int MAX_FORWARD_GROUPS = 5;

    private final ElbBackend b;
    private final Optional<AcmCertificates> acm;

    Listeners(ElbBackend b, Optional<AcmCertificates> acm) {
        this.b = b;
        this.acm = acm;
    }

    /** What CreateListener or ModifyListener asks for; null members of a modify keep what is there. */
    record Request(Integer port, String protocol, String sslPolicy, List<String> certificates, List<Action> actions) {
    }

    Listener create(LoadBalancer lb, Request r) {
        if (r.port() == null) {
            throw ElbBackend.validation("A listener port must be specified");
        }
        if (r.protocol() == null) {
            throw ElbBackend.validation("A listener protocol must be specified");
        }
        if (r.actions() == null || r.actions().isEmpty()) {
            throw AwsException.missingParameter("DefaultActions");
        }
        Listener candidate = new Listener();
        candidate.loadBalancerArn = lb.id;
        apply(lb, candidate, r);
        for (Listener existing : b.state().listeners.values()) {
            if (existing.loadBalancerArn.equals(lb.id) && existing.port == candidate.port) {
                if (sameSettings(existing, candidate)) {
                    return existing;
                }
                throw new AwsException("DuplicateListener", "A listener already exists on this port for this load balancer '"
                        + lb.id + "'");
            }
        }
        String listenerId = b.hex16();
        candidate.id = b.arn("listener/app/" + lb.name + "/" + lb.lbId + "/" + listenerId);
        candidate.createdAt = b.now();
        candidate.defaultRuleId = b.hex16();
        b.state().listeners.put(candidate.id, candidate);
        return candidate;
    }

    void modify(Listener l, Request r) {
        LoadBalancer lb = b.loadBalancer(l.loadBalancerArn);
        Listener changed = new Listener();
        changed.loadBalancerArn = l.loadBalancerArn;
        changed.port = l.port;
        changed.protocol = l.protocol;
        changed.sslPolicy = l.sslPolicy;
        changed.certificates = new ArrayList<>(l.certificates);
        changed.defaultActions = l.defaultActions;
        apply(lb, changed, new Request(r.port() == null ? l.port : r.port(),
                r.protocol() == null ? l.protocol : r.protocol(), r.sslPolicy(),
                r.certificates() == null || r.certificates().isEmpty() ? null : r.certificates(),
                r.actions() == null || r.actions().isEmpty() ? null : r.actions()));
        for (Listener other : b.state().listeners.values()) {
            if (other != l && other.loadBalancerArn.equals(l.loadBalancerArn) && other.port == changed.port) {
                throw new AwsException("DuplicateListener", "A listener already exists on this port for this load balancer '"
                        + lb.id + "'");
            }
        }
        l.port = changed.port;
        l.protocol = changed.protocol;
        l.sslPolicy = changed.sslPolicy;
        l.certificates = changed.certificates;
        l.defaultActions = changed.defaultActions;
    }

    /** Checks and applies a request onto a listener (new or a modify's copy). */
    private void apply(LoadBalancer lb, Listener l, Request r) {
        if (r.port() < 1 || r.port() > 65535) {
            throw ElbBackend.validation("1 validation error detected: Value '" + r.port()
                    + "' at 'port' failed to satisfy constraint: Member must have value between 1 and 65535");
        }
        if (!r.protocol().equals("HTTP") && !r.protocol().equals("HTTPS")) {
            throw ElbBackend.validation("Listener protocol '" + r.protocol() + "' must be one of 'HTTPS, HTTP'");
        }
        l.port = r.port();
        l.protocol = r.protocol();
        if (r.certificates() != null) {
            l.certificates = new ArrayList<>(r.certificates());
        }
        if (l.protocol.equals("HTTPS")) {
            if (l.certificates.isEmpty()) {
                throw ElbBackend.validation("A certificate must be specified for HTTPS listeners");
            }
            for (String cert : l.certificates) {
                checkCertificate(cert);
            }
            l.sslPolicy = r.sslPolicy() != null ? r.sslPolicy() : l.sslPolicy != null ? l.sslPolicy : DEFAULT_SSL_POLICY;
        } else {
            if (r.certificates() != null && !r.certificates().isEmpty()) {
                throw ElbBackend.validation("A certificate cannot be specified for HTTP listeners");
            }
            l.certificates = new ArrayList<>();
            l.sslPolicy = null;
        }
        if (r.actions() != null) {
            l.defaultActions = checkActions(lb, r.actions());
        }
    }

    /** HTTPS needs a certificate ACM holds and has issued; without an ACM in this Sandbox the check is skipped. */
    private void checkCertificate(String arn) {
        if (acm.isEmpty()) {
            return;
        }
        Optional<AcmCertificates.Certificate> cert = acm.get().certificate(arn);
        if (cert.isEmpty() || !cert.get().issued()) {
            throw new AwsException("CertificateNotFound", "Certificate '" + arn + "' not found");
        }
    }

    private List<Action> checkActions(LoadBalancer lb, List<Action> actions) {
        List<Action> out = new ArrayList<>();
        int index = 1;
        for (Action a : actions) {
            if (a.type == null) {
                throw ElbBackend.validation("An action type must be specified");
            }
            switch (a.type) {
                case "forward" -> {
                    List<String> groups = new ArrayList<>();
                    if (a.targetGroupArn != null) {
                        groups.add(a.targetGroupArn);
                    }
                    for (WeightedGroup w : a.targetGroups) {
                        if (w.weight < 0 || w.weight > MAX_WEIGHT) {
                            throw ElbBackend.validation("Target group weight must be between 0 and " + MAX_WEIGHT);
                        }
                        if (a.targetGroupArn != null && !w.targetGroupArn.equals(a.targetGroupArn)) {
                            throw ElbBackend.validation("You cannot specify a target group ARN in the action and a "
                                    + "different target group ARN in the forward config");
                        }
                        if (!groups.contains(w.targetGroupArn)) {
                            groups.add(w.targetGroupArn);
                        }
                    }
                    if (groups.isEmpty()) {
                        throw ElbBackend.validation("A target group ARN must be specified");
                    }
                    if (groups.size() > MAX_FORWARD_GROUPS) {
                        throw ElbBackend.validation("You cannot specify more than " + MAX_FORWARD_GROUPS
                                + " target groups in a forward action");
                    }
                    for (String arn : groups) {
                        TargetGroup tg = b.state().targetGroups.get(arn);
                        if (tg == null) {
                            throw new AwsException("TargetGroupNotFound", "Target group '" + arn + "' not found");
                        }
                        if (!tg.vpcId.equals(lb.vpcId)) {
                            throw ElbBackend.validation("The target group '" + arn + "' is not in the same VPC as the "
                                    + "load balancer '" + lb.id + "'");
                        }
                        if (!tg.protocol.startsWith("HTTP")) {
                            throw new AwsException("IncompatibleProtocols", "The protocol of the target group '" + arn
                                    + "' is not compatible with the load balancer");
                        }
                    }
                    if (a.targetGroups.isEmpty()) {
                        WeightedGroup w = new WeightedGroup();
                        w.targetGroupArn = a.targetGroupArn;
                        w.weight = 1;
                        a.targetGroups.add(w);
                    }
                    if (a.targetGroupArn == null && a.targetGroups.size() == 1) {
                        a.targetGroupArn = a.targetGroups.get(0).targetGroupArn;
                    }
                }
                case "redirect" -> {
                    if (a.redirectStatusCode == null) {
                        throw ElbBackend.validation("A redirect status code must be specified");
                    }
                    if (!a.redirectStatusCode.equals("HTTP_301") && !a.redirectStatusCode.equals("HTTP_302")) {
                        throw ElbBackend.validation("1 validation error detected: Value '" + a.redirectStatusCode
                                + "' at 'redirectConfig.statusCode' failed to satisfy constraint: Member must satisfy "
                                + "enum value set: [HTTP_301, HTTP_302]");
                    }
                    if (a.redirectProtocol == null) {
                        a.redirectProtocol = "#{protocol}";
                    }
                    if (!List.of("HTTP", "HTTPS", "#{protocol}").contains(a.redirectProtocol)) {
                        throw ElbBackend.validation("Redirect protocol must be one of 'HTTP, HTTPS, #{protocol}'");
                    }
                    a.redirectPort = a.redirectPort == null ? "#{port}" : a.redirectPort;
                    a.redirectHost = a.redirectHost == null ? "#{host}" : a.redirectHost;
                    a.redirectPath = a.redirectPath == null ? "/#{path}" : a.redirectPath;
                    a.redirectQuery = a.redirectQuery == null ? "#{query}" : a.redirectQuery;
                }
                case "fixed-response", "authenticate-oidc", "authenticate-cognito" -> throw ElbBackend.validation(
                        "Action type '" + a.type + "' is not modelled by the Sandbox: use forward or redirect");
                default -> throw ElbBackend.validation("1 validation error detected: Value '" + a.type
                        + "' at 'actions." + index + ".member.type' failed to satisfy constraint: Member must satisfy "
                        + "enum value set: [forward, authenticate-oidc, authenticate-cognito, fixed-response, redirect]");
            }
            a.order = a.order == 0 ? index : a.order;
            out.add(a);
            index++;
        }
        return out;
    }

    private static boolean sameSettings(Listener a, Listener c) {
        if (!a.protocol.equals(c.protocol) || !Objects.equals(a.sslPolicy, c.sslPolicy)
                || !a.certificates.equals(c.certificates) || a.defaultActions.size() != c.defaultActions.size()) {
            return false;
        }
        for (int i = 0; i < a.defaultActions.size(); i++) {
            Action x = a.defaultActions.get(i);
            Action y = c.defaultActions.get(i);
            if (!x.type.equals(y.type) || !TargetGroupsOf.same(x, y)
                    || !Objects.equals(x.redirectProtocol, y.redirectProtocol) || !Objects.equals(x.redirectPort, y.redirectPort)
                    || !Objects.equals(x.redirectStatusCode, y.redirectStatusCode)) {
                return false;
            }
        }
        return true;
    }

    /** Compares the weighted groups of two forward actions. */
    private static final class TargetGroupsOf {
        static boolean same(Action x, Action y) {
            if (x.targetGroups.size() != y.targetGroups.size()) {
                return false;
            }
            for (int i = 0; i < x.targetGroups.size(); i++) {
                if (!x.targetGroups.get(i).targetGroupArn.equals(y.targetGroups.get(i).targetGroupArn)
                        || x.targetGroups.get(i).weight != y.targetGroups.get(i).weight) {
                    return false;
                }
            }
            return true;
        }
    }

    void delete(String arn) {
        if (arn == null) {
            throw AwsException.missingParameter("ListenerArn");
        }
        b.listener(arn);
        b.state().listeners.remove(arn);
    }

    /** Whether any listener uses the certificate. */
    boolean certificateInUse(String certificateArn) {
        return b.state().listeners.values().stream().anyMatch(l -> l.certificates.contains(certificateArn));
    }
}
