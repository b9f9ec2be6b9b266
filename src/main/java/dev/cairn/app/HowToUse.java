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
 */
public final class HowToUse {

    /** Amazon Linux's default user. */
    public static final String EC2_USER = "ec2-user";
    /** The OpenVPN Access Server's administrator account. */
    public static final String VPN_ADMIN_USER = "openvpnas";

    private HowToUse() {}

    /** One way in: what it is, the command (or URL) to use, and the values its note needs. */
    public enum Way {
        BASTION_SSH("SSH to the bastion", ""),
        PRIVATE_SSH("SSH to the private instance", "through the bastion; the key never leaves this machine"),
        VPN_ADMIN("OpenVPN admin", "user " + HowToUse.VPN_ADMIN_USER + "; set its password first: ssh -i {0} "
                + HowToUse.VPN_ADMIN_USER + "@{1} and follow the setup prompts"),
        VPN_CLIENT("OpenVPN client download", ""),
        PEERING_PING("Prove the peering", "from the private instance");

        private final String caption;
        private final String note;

        Way(String caption, String note) {
            this.caption = caption;
            this.note = note;
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

    /** The same, as English lines for a terminal: {@code caption: command   (note)}. */
    public static List<String> lines(StackState state) {
        return steps(state).stream()
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
