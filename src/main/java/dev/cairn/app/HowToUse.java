package dev.cairn.app;

import dev.cairn.model.Address;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.StackState;
import dev.cairn.step.access.AccessResources;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How to use what the Access step built, from the state alone (no AWS call), in the guide's
 * words: SSH to the private instance through the bastion with {@code ssh -J} (the private key
 * stays on the user's machine, never copied onto the bastion), the VPN's admin URL, and the
 * ping from the private instance that proves the peering. Lines appear only for what exists.
 * The Web tier's lines ({@link #webSteps}) need its URL, which in the Sandbox only a call gives
 * ({@link WebStatus}).
 */
public final class HowToUse {

    /** Amazon Linux's default user. */
    public static final String EC2_USER = "ec2-user";
    /** The OpenVPN Access Server's administrator account. */
    public static final String VPN_ADMIN_USER = "openvpnas";

    /** The page the Web tier's ways show on. */
    private static final String WEB = "web";

    private HowToUse() {}

    /** One way in: what it is, the command (or URL) to use, and the values its note needs. */
    public enum Way {
        BASTION_SSH("SSH to the bastion", ""),
        PRIVATE_SSH("SSH to the private instance", "through the bastion; the key never leaves this machine"),
        VPN_ADMIN("OpenVPN admin", "user " + HowToUse.VPN_ADMIN_USER + "; set its password first: ssh -i {0} "
                + HowToUse.VPN_ADMIN_USER + "@{1} and follow the setup prompts"),
        VPN_CLIENT("OpenVPN client download", ""),
        PEERING_PING("Prove the peering", "from the private instance"),
        SITE(WEB, "Open the site", ""),
        ALTERNATE(WEB, "See the instances take turns", "each answer names the instance that served it"),
        SANDBOX_STRESS(WEB, "Stress the group (Sandbox)", "the group scales out after the warm-up; --cpu 0 ends the load"),
        AWS_STRESS(WEB, "Stress an instance (AWS)", "through the bastion, on one of the group's instances (its private"
                + " address is in the EC2 console); the group adds instances within minutes");

        private final String page;
        private final String caption;
        private final String note;

        Way(String caption, String note) {
            this("access", caption, note);
        }

        Way(String page, String caption, String note) {
            this.page = page;
            this.caption = caption;
            this.note = note;
        }

        /** The GUI bundle key of its caption ({@code <page>.howTo.way.<name>}; the note's adds {@code .note}). */
        public String key() {
            return page + ".howTo.way." + name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The English caption (the GUI translates by the enum name). */
        public String caption() {
            return caption;
        }

        /** The English note with {@code {0}} = key file, {@code {1}} = address; empty if none. */
        public String note() {
            return note;
        }
    }

    /**
     * @param command what to type or open
     * @param noteArgs the values of the note's placeholders (key file, address)
     */
    public record Step(Way way, String command, List<String> noteArgs) {
        public Step {
            noteArgs = List.copyOf(noteArgs);
        }

        /** The note in English, placeholders filled. */
        public String note() {
            return java.text.MessageFormat.format(way.note().replace("'", "''"), noteArgs.toArray());
        }
    }

    /** The ways in that exist, in the order a person uses them. */
    public static List<Step> steps(StackState state) {
        List<Step> out = new ArrayList<>();
        Optional<String> bastionIp = attribute(state, AccessResources.eipAssociation("bastion"), "publicIp");
        Optional<String> privateIp = attribute(state, AccessResources.instance("private"), "privateIp");
        String key = attribute(state, AccessResources.KEY_PAIR, "privateKeyFile")
                .or(() -> attribute(state, AccessResources.KEY_PAIR, "keyName").map(n -> "~/.ssh/" + n + ".pem"))
                .orElse("<your key>");
        if (bastionIp.isPresent()) {
            out.add(new Step(Way.BASTION_SSH, "ssh -i " + key + " " + EC2_USER + "@" + bastionIp.get(), List.of()));
        }
        if (bastionIp.isPresent() && privateIp.isPresent()) {
            out.add(new Step(Way.PRIVATE_SSH, "ssh -i " + key + " -J " + EC2_USER + "@" + bastionIp.get() + " "
                    + EC2_USER + "@" + privateIp.get(), List.of()));
        }
        attribute(state, AccessResources.eipAssociation("vpn"), "publicIp").ifPresent(ip -> {
            out.add(new Step(Way.VPN_ADMIN, "https://" + ip + ":943/admin", List.of(key, ip)));
            out.add(new Step(Way.VPN_CLIENT, "https://" + ip + ":943/", List.of()));
        });
        attribute(state, AccessResources.peerInstance(), "privateIp").ifPresent(peerIp ->
                out.add(new Step(Way.PEERING_PING, "ping " + peerIp, List.of())));
        return out;
    }

    /** How long the guide's stress runs on an instance: long enough for the alarm and a scale-out. */
    public static final int STRESS_SECONDS = 600;
    /** What the Sandbox's stress sets the CPU to: well above any target. */
    public static final int SANDBOX_STRESS_CPU = 99;

    /**
     * The Web tier's lines: the site, the curl that shows two instances answering in turn, and
     * the stress that makes the group scale (the Sandbox's control call, or the guide's
     * {@code stress} on an instance through the bastion in AWS).
     *
     * @param url what to curl ({@link WebStatus#url()}); no lines without it
     * @param sandbox whether the stack lives in a Sandbox (embedded or served)
     * @param redirects whether {@code url} answers with a redirect to HTTPS (the Sandbox's port 80
     *     with HTTPS on): curl then follows it ({@code -L})
     */
    public static List<Step> webSteps(String stack, Optional<String> url, boolean sandbox, boolean redirects, StackState state) {
        List<Step> out = new ArrayList<>();
        if (url.isEmpty()) {
            return out;
        }
        out.add(new Step(Way.SITE, url.get(), List.of()));
        out.add(new Step(Way.ALTERNATE, "for i in 1 2; do curl -s " + (redirects ? "-L " : "") + url.get()
                + "; done", List.of()));
        if (sandbox) {
            out.add(new Step(Way.SANDBOX_STRESS, "cairn sandbox load --stack " + stack + " --cpu " + SANDBOX_STRESS_CPU, List.of()));
        } else {
            String key = attribute(state, AccessResources.KEY_PAIR, "privateKeyFile")
                    .or(() -> attribute(state, AccessResources.KEY_PAIR, "keyName").map(n -> "~/.ssh/" + n + ".pem"))
                    .orElse("<your key>");
            String bastion = attribute(state, AccessResources.eipAssociation("bastion"), "publicIp").orElse("<bastion address>");
            out.add(new Step(Way.AWS_STRESS, "ssh -i " + key + " -J " + EC2_USER + "@" + bastion + " " + EC2_USER
                    + "@<instance private address> 'sudo dnf install -y stress && stress --cpu 1 --timeout " + STRESS_SECONDS
                    + "'", List.of()));
        }
        return out;
    }

    /** The same, as English lines for a terminal: {@code caption: command   (note)}. */
    public static List<String> lines(StackState state) {
        return lines(steps(state));
    }

    /** Steps as English lines for a terminal. */
    public static List<String> lines(List<Step> steps) {
        return steps.stream()
                .map(s -> String.format(java.util.Locale.ROOT, "%-28s %s%s", s.way().caption() + ":", s.command(),
                        s.note().isEmpty() ? "" : "   (" + s.note() + ")"))
                .toList();
    }

    private static Optional<String> attribute(StackState state, Address address, String name) {
        return state.get(address)
                .filter(r -> r.status() == ItemStatus.READY)
                .map(ResourceRecord::attributes)
                .map(a -> a.get(name));
    }
}
