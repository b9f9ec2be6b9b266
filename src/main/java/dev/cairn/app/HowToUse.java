package dev.cairn.app;

import dev.cairn.model.Address;
import dev.cairn.model.ItemStatus;
import dev.cairn.model.ResourceRecord;
import dev.cairn.model.StackState;
import dev.cairn.plan.AccessResources;
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
    public static final String VPN_ADMIN = "openvpnas";

    private HowToUse() {}

    public static List<String> lines(StackState state) {
        List<String> out = new ArrayList<>();
        Optional<String> bastionIp = attribute(state, AccessResources.eipAssociation("bastion"), "publicIp");
        Optional<String> privateIp = attribute(state, AccessResources.instance("private"), "privateIp");
        String key = attribute(state, AccessResources.KEY_PAIR, "privateKeyFile")
                .or(() -> attribute(state, AccessResources.KEY_PAIR, "keyName").map(n -> "~/.ssh/" + n + ".pem"))
                .orElse("<your key>");
        if (bastionIp.isPresent()) {
            out.add("SSH to the bastion:          ssh -i " + key + " " + EC2_USER + "@" + bastionIp.get());
        }
        if (bastionIp.isPresent() && privateIp.isPresent()) {
            out.add("SSH to the private instance: ssh -i " + key + " -J " + EC2_USER + "@" + bastionIp.get() + " "
                    + EC2_USER + "@" + privateIp.get() + "   (through the bastion; the key never leaves this machine)");
        }
        attribute(state, AccessResources.eipAssociation("vpn"), "publicIp").ifPresent(ip -> {
            out.add("OpenVPN admin:               https://" + ip + ":943/admin   (user " + VPN_ADMIN
                    + "; set its password first: ssh -i " + key + " " + VPN_ADMIN + "@" + ip + " and follow the setup prompts)");
            out.add("OpenVPN client download:     https://" + ip + ":943/");
        });
        attribute(state, AccessResources.peerInstance(), "privateIp").ifPresent(peerIp ->
                out.add("Prove the peering:           ping " + peerIp + "   (from the private instance)"));
        return out;
    }

    private static Optional<String> attribute(StackState state, Address address, String name) {
        return state.get(address)
                .filter(r -> r.status() == ItemStatus.READY)
                .map(ResourceRecord::attributes)
                .map(a -> a.get(name));
    }
}
