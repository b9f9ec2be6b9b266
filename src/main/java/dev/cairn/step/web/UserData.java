package dev.cairn.step.web;

/**
 * The user data each Web tier instance runs at its first boot, shown to the user as it is sent.
 *
 * <p>Cairn's default page shows which instance answered (its ID, zone and private address), so
 * that two requests through the load balancer show two instances, as the guide's sample app does.
 * The metadata is read through IMDSv2 (a session token first: the launch template requires
 * IMDSv2, and a plain GET without the token is refused). The page is written by an
 * <b>unquoted</b> heredoc so the shell expands the variables in it; the Sandbox renders exactly
 * this shape (variables assigned from those metadata paths, expanded in a heredoc writing under
 * {@code /var/www/html/}), so the script here and the Sandbox's renderer must keep the same form.
 *
 * <p>With a golden image the page is already baked into the AMI, but with the sample instance's
 * ID: every instance still runs this script at boot to write its own.
 */
public final class UserData {

    /** IMDSv2's session token lifetime the script asks for: six hours, the largest AWS allows. */
    public static final int TOKEN_TTL_SECONDS = 21600;
    /** Where the instance metadata service answers, on every instance. */
    public static final String IMDS = "http://169.254.169.254/latest";

    private static final String SCRIPT = """
            #!/bin/bash
            # Cairn's sample page: which instance answered, read through IMDSv2.
            TOKEN=$(curl -s -X PUT "%1$s/api/token" -H "X-aws-ec2-metadata-token-ttl-seconds: %2$d")
            INSTANCE_ID=$(curl -s -H "X-aws-ec2-metadata-token: $TOKEN" %1$s/meta-data/instance-id)
            AZ=$(curl -s -H "X-aws-ec2-metadata-token: $TOKEN" %1$s/meta-data/placement/availability-zone)
            PRIVATE_IP=$(curl -s -H "X-aws-ec2-metadata-token: $TOKEN" %1$s/meta-data/local-ipv4)
            dnf install -y httpd
            cat > /var/www/html/index.html <<EOF
            <!DOCTYPE html>
            <html>
            <head><meta charset="utf-8"><title>Cairn web tier</title></head>
            <body>
            <h1>Hello from $INSTANCE_ID</h1>
            <p>Zone: $AZ</p>
            <p>Private address: $PRIVATE_IP</p>
            </body>
            </html>
            EOF
            systemctl enable --now httpd
            """.formatted(IMDS, TOKEN_TTL_SECONDS);

    private UserData() {}

    /** Cairn's page: the script above. */
    public static String defaultScript() {
        return SCRIPT;
    }

    /** What the section's instances run: its {@code app}, or Cairn's page when none is given. */
    public static String of(WebSection web) {
        return web.app() == null || web.app().isBlank() ? SCRIPT : web.app();
    }
}
